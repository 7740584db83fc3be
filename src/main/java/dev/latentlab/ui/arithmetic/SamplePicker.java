package dev.latentlab.ui.arithmetic;

import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.Prior;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import dev.latentlab.ui.Workspace;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The grid of 64 samples exemplars are clicked from; "Fresh batch" draws new ones. */
final class SamplePicker {
    static final int SAMPLES = 64;
    static final int COLUMNS = 16;
    static final double SAMPLE_SIZE = 44;

    private final Workspace ws;
    private final Random rng;
    private final GridPane grid = new GridPane();
    private final ImageView[] views = new ImageView[SAMPLES];
    private final VBox root;
    private float[][] samples = new float[0][];
    private int rendered;
    private long version;

    /** {@code onPick} gets the index of a clicked sample. */
    SamplePicker(Workspace ws, Random rng, IntConsumer onPick) {
        this.ws = ws;
        this.rng = rng;
        grid.getStyleClass().add("sample-grid");
        grid.setId("samples");
        for (int i = 0; i < SAMPLES; i++) {
            int k = i;
            ImageView v = new ImageView();
            v.setFitWidth(SAMPLE_SIZE);
            v.setFitHeight(SAMPLE_SIZE);
            v.setPreserveRatio(true);
            views[i] = v;
            StackPane cell = new StackPane(v);
            cell.getStyleClass().addAll("frame-cell", "sample-cell");
            cell.setId("sample-" + i);
            cell.setOnMouseClicked(e -> onPick.accept(k));
            grid.add(cell, i % COLUMNS, i / COLUMNS);
        }
        Label title = new Label("Samples: click one to add it to the selected column");
        title.getStyleClass().add("section-title");
        root = new VBox(title, grid);
        root.getStyleClass().add("form-column");
    }

    Node node() {
        return root;
    }

    /** Draws 64 new samples of the prior and renders them. */
    void freshBatch() {
        if (ws.model() == null) {
            return;
        }
        int nz = ws.model().nz();
        samples = new float[SAMPLES][];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = Prior.sample(nz, rng);
        }
        rendered = 0;
        long v = ++version;
        ws.render().request(Lane.PREVIEW, new RenderService.Request(ConceptArithmetic.flatten(Arrays.asList(samples)),
                SAMPLES, null, f -> {
                    if (v != version) {
                        return;
                    }
                    for (int i = 0; i < f.pixels().length; i++) {
                        ImageView view = views[f.offset() + i];
                        view.setImage(ConceptColumn.image(view, f.pixels()[i], f.width(), f.height()));
                        rendered++;
                    }
                }));
    }

    /** Forgets the samples (another model). */
    void clear() {
        samples = new float[0][];
    }

    boolean isEmpty() {
        return samples.length == 0;
    }

    /** Sample i's z, or null when there is none. */
    float[] sample(int i) {
        return i < 0 || i >= samples.length ? null : samples[i];
    }

    boolean ready() {
        return samples.length == SAMPLES && rendered >= SAMPLES;
    }
}
