package dev.latentlab.ui.compare;

import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Two models side by side (by default the shipped faces64 and faces64-vae: a GAN and a VAE with
 * the same decoder on the same data): the same z in both, one path played in both, the figures
 * of both against the real images, and a VAE's reconstruction of a real image. A container of
 * panels over one {@link CompareState}; the models it compares are its own, not the Workspace's.
 */
public final class CompareView implements View {
    /** The pairs opened first, in order of preference: a GAN and the VAE of the same data. */
    static final List<List<String>> DEFAULT_PAIRS = List.of(List.of("faces64", "faces64-vae"),
            List.of("digits", "digits-vae"));
    private final Workspace ws;
    private final CompareState state = new CompareState();
    private final BorderPane root = new BorderPane();
    private final ModelSlots slots;
    private final SampleGrids grids;
    private final PathPlayer path;
    private final FiguresTable figures;
    private final ReconstructionPanel reconstruction;
    private boolean started;

    public CompareView(Workspace ws) {
        this.ws = ws;
        slots = new ModelSlots(ws, state, this::load);
        grids = new SampleGrids(state);
        path = new PathPlayer(state);
        figures = new FiguresTable(state);
        reconstruction = new ReconstructionPanel(state);
        Label help = new Label("The same z goes into both models. A VAE's decoder is the GAN's generator class, "
                + "so the pair differs only in how it was trained: the adversarial loss or the ELBO.");
        help.getStyleClass().add("help-text");
        help.setWrapText(true);
        VBox top = new VBox(4, slots, help);
        top.getStyleClass().add("view-toolbar");
        HBox pictures = new HBox(12, grids, path);
        HBox.setHgrow(grids, Priority.ALWAYS);
        HBox.setHgrow(path, Priority.ALWAYS);
        VBox centre = new VBox(12, pictures, reconstruction);
        VBox.setVgrow(pictures, Priority.ALWAYS);
        centre.getStyleClass().add("compare-centre");
        figures.getStyleClass().add("compare-figures");
        root.setTop(top);
        root.setCenter(centre);
        root.setRight(figures);
        root.getStyleClass().addAll("padded", "compare-view");
    }

    @Override
    public String title() {
        return "Compare";
    }

    @Override
    public Feather icon() {
        return Feather.COLUMNS;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public boolean needsModel() {
        return false;
    }

    @Override
    public void shown() {
        slots.refreshChoices();
        if (!started) {
            started = true;
            List<Path> pair = defaultPair(ws.library().shipped());
            for (int s = 0; s < pair.size() && s < 2; s++) {
                slots.choose(s, pair.get(s));
            }
        }
    }

    @Override
    public void hidden() {
        path.stop();
    }

    /** The first default pair that is shipped, else the first two shipped models of the same kind of image. */
    static List<Path> defaultPair(List<Path> shipped) {
        for (List<String> names : DEFAULT_PAIRS) {
            Optional<Path> a = shipped.stream().filter(p -> p.getFileName().toString().equals(names.get(0))).findFirst();
            Optional<Path> b = shipped.stream().filter(p -> p.getFileName().toString().equals(names.get(1))).findFirst();
            if (a.isPresent() && b.isPresent()) {
                return List.of(a.get(), b.get());
            }
        }
        return shipped.size() >= 2 ? shipped.subList(0, 2) : shipped;
    }

    private void load(int slot, Path folder) {
        state.load(slot, folder).whenComplete((l, e) -> {
            if (e != null) {
                ws.error("Cannot open " + folder.getFileName(), e.getCause() != null ? e.getCause() : e);
                return;
            }
            grids.refresh(state.seed());
            path.render();
        });
    }

    /** Both sample grids are drawn. */
    public boolean showsBoth() {
        return grids.view(0).frameCount() > 0 && grids.view(1).frameCount() > 0;
    }

    /** The figures table holds a measurement. */
    public boolean hasFigures() {
        return state.tableProperty().get() != null;
    }

    /** A VAE slot shows a reconstruction. */
    public boolean hasReconstruction() {
        return reconstruction.reconstruction(0).frameCount() > 0 || reconstruction.reconstruction(1).frameCount() > 0;
    }

    /** The view model (the models, the table): what tests read. */
    CompareState state() {
        return state;
    }
}
