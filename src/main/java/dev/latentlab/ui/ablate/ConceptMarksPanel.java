package dev.latentlab.ui.ablate;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.eval.ChannelRanking;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.widgets.Icons;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The "Concept marks" tab: the user paints a concept (a hat, glasses) on a few samples, and the
 * layer's channels are ranked by how well they predict the marked positions at the layer's
 * resolution, by logistic regression (the DCGAN paper's window experiment) or by GAN Dissection's
 * IoU. Owns its samples and marks; writes only the ranking.
 */
final class ConceptMarksPanel {
    static final int MARK_SAMPLES = 8;

    private final Workspace ws;
    private final AblationState state;
    private final Consumer<String> busy;
    private final MarkCanvas canvas = new MarkCanvas(256);
    private final Label sampleLabel = new Label();
    private final VBox root;
    private float[] markZ = new float[0];
    private int[][] images = new int[0][];
    private float[][] marks = new float[0][];
    private int markW;
    private int markH;
    private int index;
    private long seed = 1;
    private boolean visible;

    /** {@code busy} shows (or, with "", clears) what the view is working on. */
    ConceptMarksPanel(Workspace ws, AblationState state, Consumer<String> busy) {
        this.ws = ws;
        this.state = state;
        this.busy = busy;
        // one line: the tab pane sizes its content for unwrapped text, so a wrapped help cuts the panel short
        Label help = new Label("Paint a concept (a hat) on a few samples");
        help.setTooltip(new javafx.scene.control.Tooltip("Paint over a concept (a hat, glasses) on a few samples; "
                + "channels are ranked by how well they predict the marked positions at the layer's resolution."));
        help.getStyleClass().addAll("help-text", "text-small");
        ToggleGroup tools = new ToggleGroup();
        ToggleButton brush = toolButton("Brush", Feather.EDIT_2, MarkCanvas.Tool.BRUSH, tools);
        ToggleButton box = toolButton("Box", Feather.SQUARE, MarkCanvas.Tool.BOX, tools);
        ToggleButton erase = toolButton("Erase", Feather.DELETE, MarkCanvas.Tool.ERASE, tools);
        brush.setSelected(true);
        tools.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            }
        });
        Slider size = new Slider(1, 12, 4);
        size.getStyleClass().add("brush-size");
        size.setTooltip(new Tooltip("Brush radius (image pixels)"));
        size.valueProperty().addListener((o, a, b) -> canvas.setBrushRadius(b.doubleValue()));
        Button prev = Icons.flat(Feather.CHEVRON_LEFT, "Previous sample");
        prev.setOnAction(e -> showSample(index - 1));
        Button next = Icons.flat(Feather.CHEVRON_RIGHT, "Next sample");
        next.setOnAction(e -> showSample(index + 1));
        Button fresh = Icons.flat(Feather.SHUFFLE, "Other samples to mark (clears the marks)");
        fresh.setOnAction(e -> newSamples(seed++ * 104729));
        Button clear = Icons.flat(Feather.TRASH_2, "Clear the marks on this sample");
        clear.setOnAction(e -> {
            if (index < marks.length) {
                Arrays.fill(marks[index], 0f);
                showSample(index);
            }
        });
        sampleLabel.getStyleClass().add("text-small");
        HBox nav = new HBox(prev, sampleLabel, next, fresh, clear);
        nav.getStyleClass().add("tight-row");
        HBox toolRow = new HBox(brush, box, erase, size);
        for (javafx.scene.control.Control c : List.of(brush, box, erase)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // whole words, never "B…"
        }
        toolRow.getStyleClass().add("tight-row");
        canvas.setId("mark-canvas");
        Button logistic = Icons.button("Logistic", Feather.TRENDING_UP,
                "Logistic regression: fit p(marked | activations) per position (DCGAN §6.1) and rank channels by weight");
        logistic.setId("rank-logistic");
        logistic.setOnAction(e -> rank(false));
        Button iou = Icons.button("IoU", Feather.LAYERS,
                "IoU (GAN Dissection): threshold each channel at its top quantile and rank by overlap with the marks");
        iou.setId("rank-iou");
        iou.setOnAction(e -> rank(true));
        HBox methods = new HBox(new Label("Rank by"), logistic, iou);
        methods.getStyleClass().add("form-row");
        logistic.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        iou.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        root = new VBox(help, nav, toolRow, canvas, methods);
        root.getStyleClass().addAll("side-pane");
    }

    private ToggleButton toolButton(String text, Feather icon, MarkCanvas.Tool tool, ToggleGroup g) {
        ToggleButton b = Icons.decorate(new ToggleButton(text), icon, null);
        b.setToggleGroup(g);
        b.setOnAction(e -> canvas.setTool(tool));
        return b;
    }

    Node node() {
        return root;
    }

    void setVisible(boolean v) {
        visible = v;
        if (v) {
            render();
        }
    }

    /** Another model: new samples, no marks. */
    void modelChanged() {
        canvas.clear();
        newSamples(3);
    }

    private void newSamples(long s) {
        if (ws.model() == null) {
            return;
        }
        markZ = Prior.sample(ws.model().nz(), MARK_SAMPLES, new Random(s));
        images = new int[MARK_SAMPLES][];
        marks = new float[MARK_SAMPLES][];
        index = 0;
        if (visible) {
            render();
        }
    }

    private void render() {
        if (ws.model() == null || markZ.length != MARK_SAMPLES * ws.model().nz()) {
            return;
        }
        float[] z = markZ;
        ws.render().request(Lane.PREVIEW, new RenderService.Request(z, MARK_SAMPLES, ChannelMask.none(), f -> {
            if (z != markZ) {
                return;
            }
            markW = f.width();
            markH = f.height();
            for (int i = 0; i < f.pixels().length; i++) {
                int k = f.offset() + i;
                images[k] = f.pixels()[i];
                if (marks[k] == null || marks[k].length != markW * markH) {
                    marks[k] = new float[markW * markH];
                }
            }
            showSample(index);
        }));
    }

    private void showSample(int i) {
        if (images.length == 0) {
            return;
        }
        int k = Math.floorMod(i, images.length);
        if (images[k] == null) {
            return;
        }
        index = k;
        canvas.show(images[k], markW, markH, marks[k]);
        int marked = 0;
        for (float[] m : marks) {
            marked += m != null && hasMark(m) ? 1 : 0;
        }
        sampleLabel.setText(String.format(Locale.ROOT, "Sample %d of %d (%d marked)", k + 1, images.length,
                marked));
    }

    private static boolean hasMark(float[] m) {
        for (float v : m) {
            if (v > 0) {
                return true;
            }
        }
        return false;
    }

    private void rank(boolean dissection) {
        LayerInfo l = state.layer();
        if (l == null || ws.model() == null) {
            return;
        }
        List<Integer> marked = new ArrayList<>();
        for (int i = 0; i < marks.length; i++) {
            if (marks[i] != null && hasMark(marks[i])) {
                marked.add(i);
            }
        }
        if (marked.isEmpty()) {
            ws.error("Nothing is marked", "Paint over the concept (for example a hat) on at least one sample first.");
            return;
        }
        int nz = ws.model().nz();
        int n = marked.size();
        float[] z = new float[n * nz];
        float[] m = new float[n * markW * markH];
        for (int i = 0; i < n; i++) {
            System.arraycopy(markZ, marked.get(i) * nz, z, i * nz, nz);
            System.arraycopy(marks[marked.get(i)], 0, m, i * markW * markH, markW * markH);
        }
        int mw = markW;
        int mh = markH;
        busy.accept("Ranking…");
        ws.render().submit(AblationEval.activations(z, n, l.index(), state.mask()))
                .thenApplyAsync(a -> rankMarks(a, m, n, mh, mw, dissection))
                .whenComplete((r, t) -> Platform.runLater(() -> {
                    busy.accept("");
                    if (t != null) {
                        ws.error("Could not rank the channels", t);
                    } else if (l.equals(state.layer())) {
                        state.setRanking(r, n + " marked sample" + (n == 1 ? "" : "s"));
                    }
                }));
    }

    static ChannelRanking rankMarks(Generated.Activations a, float[] marks, int n, int mh, int mw, boolean dissection) {
        float[] small = ChannelRanking.downsample(marks, n, mh, mw, a.height(), a.width());
        return dissection
                ? ChannelRanking.dissection(a.values(), n, a.channels(), a.height(), a.width(), small,
                        ChannelRanking.matchingQuantile(small))
                : ChannelRanking.logisticRegression(a.values(), n, a.channels(), a.height(), a.width(), small,
                        ChannelRanking.Fit.defaults());
    }

    /** Whether a sample to mark is on the canvas. */
    boolean sampleShown() {
        return images.length > 0 && images[index] != null;
    }
}
