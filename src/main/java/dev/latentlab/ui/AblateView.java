package dev.latentlab.ui;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.eval.AblationEval.LayerMaps;
import dev.latentlab.eval.ChannelRanking;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.RemovalSearch;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.render.RenderService;
import dev.latentlab.render.RenderService.Lane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Ablate: the DCGAN paper's "forgetting to draw windows", interactive. Every channel of a chosen
 * generator layer as a small activation map (for the current z or the mean over a batch); a click
 * removes a channel (its activation is zeroed at every position) or restores it, and the image
 * with the mask is drawn next to the one without, for the current z and for 16 samples. Channels
 * can be ranked by concept marks the user paints on samples (logistic regression as in the paper,
 * or GAN Dissection's IoU) or by an attribute classifier's labels, and a slider removes the top k.
 * A removal search picks the k channels by removing them and measuring the classifier's
 * attribute, on a thread and a copy of the model of its own so that rendering goes on.
 * The mask travels with each render request; the model is never reloaded.
 */
final class AblateView implements View {
    static final int GRID = 16;
    static final int BATCH = 32;
    static final int MARK_SAMPLES = 8;
    static final int CLASSIFIER_SAMPLES = 300;
    static final int SEARCH_SAMPLES = 200;
    /** The removal search's seed: the same samples for every search (and every trial removal). */
    static final long SEARCH_SEED = 13;

    private enum Sort { CHANNEL, MEAN, RANKING }

    private final Workspace ws;
    private final BorderPane root = new BorderPane();
    private final ComboBox<LayerInfo> layerBox = new ComboBox<>();
    private final ComboBox<String> sortBox = new ComboBox<>();
    private final ToggleButton showCurrent = new ToggleButton("This z");
    private final ToggleButton showBatch = new ToggleButton("Batch");
    private final Label removedLabel = new Label();
    private final ChannelTiles tiles = new ChannelTiles();
    private final FrameView before = new FrameView();
    private final FrameView after = new FrameView();
    private final FrameView gridBefore = new FrameView();
    private final FrameView gridAfter = new FrameView();
    private final MarkCanvas markCanvas = new MarkCanvas(256);
    private final Label markSampleLabel = new Label();
    private final Label rankingLabel = new Label("No ranking yet: mark a concept, or use the classifier.");
    private final Slider topK = new Slider(0, 1, 0);
    private final Label topKLabel = new Label("0");
    private final ComboBox<String> attributeBox = new ComboBox<>();
    private final Spinner<Integer> classifierSamples = new Spinner<>(50, 2000, CLASSIFIER_SAMPLES, 50);
    private final Label classifierNote = new Label();
    private final javafx.scene.control.CheckBox selective = new javafx.scene.control.CheckBox(
            "Selective: keep Male and Smiling");
    private final Button rankClassifier = Icons.button("Rank", Feather.USERS, "Label the samples and rank the channels");
    private final Button searchRemoval = Icons.button("Search by removal", Feather.SEARCH,
            "Find the k channels whose removal lowers the attribute most, by removing them: every channel alone, "
            + "then greedily together (with Selective, Male's and Smiling's rates may move at most 3 points). "
            + "k is the \"Remove top k\" slider's value, or about a tenth of the layer's channels when it is 0. "
            + "Slow: a minute or two on a 64×64 model; rendering goes on meanwhile.");
    private final Spinner<Integer> searchSamples = new Spinner<>(20, 2000, SEARCH_SAMPLES, 20);
    private final Button cancelSearch = Icons.button("Cancel", Feather.X, "Stop the search");
    private final ProgressBar searchProgress = new ProgressBar(0);
    private final Label searchStatus = new Label();
    private final HBox searchProgressRow = new HBox(6);
    private final Label busy = new Label();
    private List<LayerInfo> layers = List.of();
    private ChannelMask mask = ChannelMask.none();
    private LayerMaps maps;
    private ChannelRanking ranking;
    private int lastClicked = -1;
    private boolean visible;
    private boolean mapsRunning;
    private boolean mapsDirty;
    private boolean settingK;
    private float[] gridZ = new float[0];
    private float[] batchZ = new float[0];
    private float[] markZ = new float[0];
    private int[][] markImages = new int[0][];
    private float[][] marks = new float[0][];
    private int markW;
    private int markH;
    private int markIndex;
    private Path classifierDir;
    private SearchRun searchRun;
    private long seed = 1;

    AblateView(Workspace ws) {
        this.ws = ws;
        root.getStyleClass().add("ablate-view");
        root.setTop(toolbar());
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        scroll.setId("channel-scroll");
        tiles.setPadding(new Insets(8));
        tiles.setOnClick(this::channelClicked);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.setCenter(new VBox(comparison(), scroll));
        root.setRight(side());
        ws.modelProperty().addListener((o, a, m) -> modelChanged(m));
        ws.zProperty().addListener((o, a, z) -> {
            if (visible) {
                renderCurrent();
                requestMaps();
            }
        });
        if (ws.model() != null) {
            modelChanged(ws.model());
        }
    }

    private HBox toolbar() {
        layerBox.setId("ablate-layer");
        layerBox.setTooltip(new Tooltip("The generator layer whose channels are shown and removed"));
        layerBox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(LayerInfo l) {
                return l == null ? "" : l.describe();
            }

            @Override
            public LayerInfo fromString(String s) {
                return null;
            }
        });
        layerBox.valueProperty().addListener((o, a, l) -> layerChanged(l));
        ToggleGroup g = new ToggleGroup();
        showCurrent.setToggleGroup(g);
        showBatch.setToggleGroup(g);
        showCurrent.setSelected(true);
        showCurrent.setTooltip(new Tooltip("Maps for the current z (Explore's)"));
        showBatch.setTooltip(new Tooltip("Maps averaged over " + BATCH + " samples"));
        g.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                showMaps();
            }
        });
        sortBox.setId("ablate-sort");
        sortBox.getItems().addAll("Channel order", "Mean activation", "Ranking");
        sortBox.getSelectionModel().select(0);
        sortBox.setTooltip(new Tooltip("Order of the channels: by index, by mean activation over the batch "
                + "(highest first), or by the current ranking (best first)"));
        sortBox.valueProperty().addListener((o, a, b) -> sortTiles());
        Button restore = Icons.button("Restore all", Feather.ROTATE_CCW, "Restore every removed channel of every layer");
        restore.setId("restore-all");
        restore.setOnAction(e -> setMask(ChannelMask.none()));
        Button invert = Icons.flat(Feather.REPEAT, "Invert: remove the kept channels of this layer and restore the removed");
        invert.setOnAction(e -> {
            LayerInfo l = layerBox.getValue();
            if (l != null) {
                BitSet b = mask.removed(l.index());
                b.flip(0, l.channels());
                setMask(mask.withLayer(l.index(), b));
            }
        });
        removedLabel.setId("removed-count");
        busy.getStyleClass().add("text-muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        layerBox.setPrefWidth(250);
        layerBox.setMinWidth(140);
        sortBox.setPrefWidth(160);
        sortBox.setMinWidth(110);
        HBox bar = new HBox(8, layerBox, showCurrent, showBatch, sortBox, grow, busy, removedLabel, invert, restore);
        for (Node n : List.of(showCurrent, showBatch, removedLabel, invert, restore)) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(10, 12, 6, 12));
        bar.getStyleClass().add("view-toolbar");
        return bar;
    }

    /** Before and after, for the current z and for 16 samples, in one row above the channels. */
    private HBox comparison() {
        for (FrameView f : List.of(before, after, gridBefore, gridAfter)) {
            f.setPrefSize(170, 170);
            f.setMinSize(140, 140);
        }
        before.setId("ablate-before");
        after.setId("ablate-after");
        gridBefore.setId("ablate-grid-before");
        gridAfter.setId("ablate-grid-after");
        Button newGrid = Icons.flat(Feather.REFRESH_CW, "Other samples for the grid");
        newGrid.setOnAction(e -> {
            seed++;
            gridZ = sampleZ(GRID, seed * 7919);
            renderGrid(true);
        });
        HBox row = new HBox(10, framed("Before", before), framed("After", after),
                framed("Before — " + GRID + " samples", gridBefore), framed("After", gridAfter), newGrid);
        row.setPadding(new Insets(4, 12, 8, 12));
        row.setAlignment(Pos.TOP_LEFT);
        return row;
    }

    private static VBox framed(String title, FrameView f) {
        return new VBox(2, title(title), f);
    }

    private VBox side() {
        topK.setId("top-k");
        topK.setMajorTickUnit(1);
        topK.setMinorTickCount(0);
        topK.setSnapToTicks(true);
        topK.setBlockIncrement(1);
        topK.setDisable(true);
        topK.valueProperty().addListener((o, a, b) -> {
            topKLabel.setText(Integer.toString(b.intValue()));
            if (!settingK && ranking != null && layerBox.getValue() != null) {
                setMask(mask.withLayer(layerBox.getValue().index(), ranking.topSet(b.intValue())));
            }
        });
        HBox.setHgrow(topK, Priority.ALWAYS);
        topKLabel.setMinWidth(30);
        HBox kRow = new HBox(6, new Label("Remove top k"), topK, topKLabel);
        kRow.setAlignment(Pos.CENTER_LEFT);
        rankingLabel.setWrapText(true);
        rankingLabel.setId("ranking-label");
        rankingLabel.getStyleClass().addAll("text-muted", "text-small");

        TabPane tabs = new TabPane(new Tab("Concept marks", marksPane()), new Tab("Classifier", classifierPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("side-tabs");
        VBox box = new VBox(8, tabs, kRow, rankingLabel);
        box.setPadding(new Insets(4, 10, 10, 4));
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        sp.setPrefWidth(390);
        sp.setMinWidth(360);
        VBox.setVgrow(sp, Priority.ALWAYS);
        return new VBox(sp);
    }

    private static Label title(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("section-title");
        return l;
    }

    private Node marksPane() {
        Label help = new Label("Paint over a concept (a hat, glasses) on a few samples; channels are ranked by "
                + "how well they predict the marked positions at the layer's resolution.");
        help.setWrapText(true);
        help.getStyleClass().addAll("text-muted", "text-small");
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
        size.setPrefWidth(80);
        size.setTooltip(new Tooltip("Brush radius (image pixels)"));
        size.valueProperty().addListener((o, a, b) -> markCanvas.setBrushRadius(b.doubleValue()));
        Button prev = Icons.flat(Feather.CHEVRON_LEFT, "Previous sample");
        prev.setOnAction(e -> showMarkSample(markIndex - 1));
        Button next = Icons.flat(Feather.CHEVRON_RIGHT, "Next sample");
        next.setOnAction(e -> showMarkSample(markIndex + 1));
        Button fresh = Icons.flat(Feather.SHUFFLE, "Other samples to mark (clears the marks)");
        fresh.setOnAction(e -> newMarkSamples(seed++ * 104729));
        Button clear = Icons.flat(Feather.TRASH_2, "Clear the marks on this sample");
        clear.setOnAction(e -> {
            if (markIndex < marks.length) {
                Arrays.fill(marks[markIndex], 0f);
                showMarkSample(markIndex);
            }
        });
        markSampleLabel.getStyleClass().add("text-small");
        HBox nav = new HBox(4, prev, markSampleLabel, next, fresh, clear);
        nav.setAlignment(Pos.CENTER_LEFT);
        HBox toolRow = new HBox(4, brush, box, erase, size);
        toolRow.setAlignment(Pos.CENTER_LEFT);
        markCanvas.setId("mark-canvas");
        Button logistic = Icons.button("Logistic regression", Feather.TRENDING_UP,
                "Fit p(marked | activations) per position (DCGAN §6.1) and rank channels by weight");
        logistic.setId("rank-logistic");
        logistic.setOnAction(e -> rankByMarks(false));
        Button iou = Icons.button("IoU (GAN Dissection)", Feather.LAYERS,
                "Threshold each channel at its top quantile and rank by overlap (IoU) with the marks");
        iou.setId("rank-iou");
        iou.setOnAction(e -> rankByMarks(true));
        VBox v = new VBox(6, help, nav, toolRow, markCanvas, new HBox(6, logistic, iou));
        v.setPadding(new Insets(8));
        return v;
    }

    private ToggleButton toolButton(String text, Feather icon, MarkCanvas.Tool tool, ToggleGroup g) {
        ToggleButton b = Icons.decorate(new ToggleButton(text), icon, null);
        b.setToggleGroup(g);
        b.setOnAction(e -> markCanvas.setTool(tool));
        return b;
    }

    private Node classifierPane() {
        Label help = new Label("Samples the attribute classifier labels stand in for hand marks: channels rank "
                + "by mean activation of samples with the attribute minus those without.");
        help.setWrapText(true);
        help.getStyleClass().addAll("text-muted", "text-small");
        attributeBox.setId("ablate-attribute");
        classifierSamples.setPrefWidth(90);
        classifierSamples.setEditable(true);
        attributeBox.setPrefWidth(150);
        classifierSamples.setTooltip(new Tooltip("Samples to label"));
        rankClassifier.setId("rank-classifier");
        rankClassifier.setOnAction(e -> rankByClassifier());
        classifierNote.setWrapText(true);
        classifierNote.getStyleClass().addAll("text-muted", "text-small");
        HBox row = new HBox(6, attributeBox, classifierSamples, rankClassifier);
        row.setAlignment(Pos.CENTER_LEFT);
        selective.setId("ablate-selective");
        selective.setTooltip(new Tooltip("Rank by the effect on the attribute minus the effects on Male and Smiling, "
                + "so that removing the top k changes those less"));
        searchRemoval.setId("search-removal");
        searchRemoval.setOnAction(e -> searchByRemoval());
        searchSamples.setId("search-samples");
        searchSamples.setPrefWidth(90);
        searchSamples.setEditable(true);
        searchSamples.setTooltip(new Tooltip("Samples the search measures each trial removal on (the same for every "
                + "trial; separate from the samples to label for Rank). It generates and classifies them once "
                + "per channel of the layer, then up to k × 2k times more: 200 is a good start; fewer is faster "
                + "but noisier"));
        HBox searchRow = new HBox(6, searchRemoval, searchSamples);
        searchRow.setAlignment(Pos.CENTER_LEFT);
        cancelSearch.setId("cancel-search");
        cancelSearch.setOnAction(e -> cancelSearch());
        searchProgress.setId("search-progress");
        searchProgress.setPrefWidth(120);
        searchStatus.setId("search-status");
        searchStatus.getStyleClass().addAll("text-muted", "text-small");
        searchProgressRow.getChildren().addAll(searchProgress, searchStatus, cancelSearch);
        searchProgressRow.setId("search-progress-row");
        searchProgressRow.setAlignment(Pos.CENTER_LEFT);
        showSearching(false);
        VBox v = new VBox(8, help, row, selective, searchRow, searchProgressRow, classifierNote);
        v.setPadding(new Insets(8));
        return v;
    }

    @Override
    public String title() {
        return "Ablate";
    }

    @Override
    public Feather icon() {
        return Feather.SCISSORS;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void shown() {
        visible = true;
        if (ws.model() != null && layerBox.getValue() != null) {
            renderCurrent();
            renderGrid(true);
            renderMarkSamples();
            requestMaps();
        }
    }

    @Override
    public void hidden() {
        visible = false;
    }

    // ---- model and layer ----

    private void modelChanged(ModelSummary m) {
        cancelSearch();
        mask = ChannelMask.none();
        ranking = null;
        maps = null;
        layers = List.of();
        layerBox.getItems().clear();
        before.clear();
        after.clear();
        gridBefore.clear();
        gridAfter.clear();
        markCanvas.clear();
        if (m == null) {
            return;
        }
        gridZ = sampleZ(GRID, 1);
        batchZ = sampleZ(BATCH, 2);
        setupClassifier(m);
        newMarkSamples(3);
        ws.render().submit(AblationEval.layers()).whenComplete((ls, t) -> Platform.runLater(() -> {
            if (t != null) {
                ws.error("Could not read the generator's layers", t);
                return;
            }
            if (ws.model() != m) {
                return;
            }
            layers = ls;
            layerBox.getItems().setAll(ls);
            if (!ls.isEmpty()) {
                layerBox.setValue(ls.stream().filter(l -> l.index() == AblationEval.defaultLayer(ls)).findFirst()
                        .orElse(ls.get(0)));
            }
            if (visible) {
                renderCurrent();
                renderGrid(true);
            }
        }));
    }

    private void layerChanged(LayerInfo l) {
        cancelSearch();
        ranking = null;
        lastClicked = -1;
        maps = null;
        settingK = true;
        topK.setValue(0);
        topK.setDisable(true);
        settingK = false;
        rankingLabel.setText("No ranking yet for this layer: mark a concept, or use the classifier.");
        if (l == null) {
            return;
        }
        topK.setMax(l.channels());
        updateRemoved();
        requestMaps();
    }

    private float[] sampleZ(int n, long s) {
        int nz = ws.model().nz();
        Random r = new Random(s);
        float[] z = new float[n * nz];
        for (int i = 0; i < n; i++) {
            System.arraycopy(Prior.sample(nz, r), 0, z, i * nz, nz);
        }
        return z;
    }

    // ---- mask ----

    /** The current mask (all layers). */
    ChannelMask mask() {
        return mask;
    }

    private void setMask(ChannelMask m) {
        if (m.equals(mask)) {
            return;
        }
        mask = m;
        updateRemoved();
        renderAfter();
    }

    private void channelClicked(int channel, boolean shift) {
        LayerInfo l = layerBox.getValue();
        if (l == null) {
            return;
        }
        boolean remove = !mask.isRemoved(l.index(), channel);
        if (shift && lastClicked >= 0) {
            int[] shown = tiles.displayed();
            int a = indexOf(shown, lastClicked);
            int b = indexOf(shown, channel);
            BitSet removed = mask.removed(l.index());
            for (int i = Math.min(a, b); i <= Math.max(a, b); i++) {
                removed.set(shown[i], remove);
            }
            setMask(mask.withLayer(l.index(), removed));
        } else {
            setMask(mask.with(l.index(), channel, remove));
        }
        lastClicked = channel;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return 0;
    }

    private void updateRemoved() {
        LayerInfo l = layerBox.getValue();
        if (l == null) {
            removedLabel.setText("");
            return;
        }
        BitSet b = mask.removed(l.index());
        tiles.markRemoved(b);
        int other = mask.count() - b.cardinality();
        removedLabel.setText(b.cardinality() + " of " + l.channels() + " removed"
                + (other > 0 ? " (+" + other + " in other layers)" : ""));
    }

    // ---- rendering ----

    private void renderCurrent() {
        if (ws.model() == null || ws.z().length != ws.model().nz()) {
            return;
        }
        ws.render().request(Lane.ANIMATION, new RenderService.Request(ws.z().clone(), 1, ChannelMask.none(),
                f -> before.show(f.pixels()[0], f.width(), f.height())));
        renderAfter();
    }

    private void renderAfter() {
        if (ws.model() == null) {
            return;
        }
        if (ws.z().length == ws.model().nz()) {
            ws.render().request(Lane.MAIN, new RenderService.Request(ws.z().clone(), 1, mask,
                    f -> after.show(f.pixels()[0], f.width(), f.height())));
        }
        renderGrid(false);
    }

    private void renderGrid(boolean both) {
        if (ws.model() == null || gridZ.length != GRID * ws.model().nz()) {
            return;
        }
        if (both) {
            ws.render().request(Lane.VARIATIONS, new RenderService.Request(gridZ, GRID, ChannelMask.none(),
                    collect(gridBefore)));
        }
        ws.render().request(Lane.STRIP, new RenderService.Request(gridZ, GRID, mask, collect(gridAfter)));
    }

    /** Gathers the chunks of a 16-image request and shows them as a 4 × 4 grid when complete. */
    private static Consumer<RenderService.Frames> collect(FrameView target) {
        int[][] images = new int[GRID][];
        return f -> {
            System.arraycopy(f.pixels(), 0, images, f.offset(), f.pixels().length);
            if (f.last()) {
                int gap = 1;
                int side = 4;
                int gw = side * f.width() + (side - 1) * gap;
                int gh = side * f.height() + (side - 1) * gap;
                int[] grid = new int[gw * gh];
                Arrays.fill(grid, 0xff202020);
                for (int k = 0; k < GRID; k++) {
                    int x0 = (k % side) * (f.width() + gap);
                    int y0 = (k / side) * (f.height() + gap);
                    for (int y = 0; y < f.height(); y++) {
                        System.arraycopy(images[k], y * f.width(), grid, (y0 + y) * gw + x0, f.width());
                    }
                }
                target.show(grid, gw, gh);
            }
        };
    }

    // ---- activation maps ----

    private void requestMaps() {
        LayerInfo l = layerBox.getValue();
        if (l == null || ws.model() == null || !visible || ws.z().length != ws.model().nz()) {
            return;
        }
        if (mapsRunning) {
            mapsDirty = true;
            return;
        }
        mapsRunning = true;
        mapsDirty = false;
        ws.render().submit(AblationEval.maps(ws.z(), batchZ, BATCH, l.index(), mask))
                .whenComplete((m, t) -> Platform.runLater(() -> {
                    mapsRunning = false;
                    if (t != null) {
                        ws.error("Could not read the layer's activations", t);
                    } else if (l.equals(layerBox.getValue())) {
                        maps = m;
                        showMaps();
                    }
                    if (mapsDirty) {
                        requestMaps();
                    }
                }));
    }

    private void showMaps() {
        if (maps == null) {
            return;
        }
        LayerInfo l = maps.layer();
        tiles.show(showBatch.isSelected() ? maps.batchMean() : maps.current(), l.channels(), l.height(), l.width(),
                maps.channelMean());
        tiles.markRemoved(mask.removed(l.index()));
        sortTiles();
    }

    private void sortTiles() {
        LayerInfo l = layerBox.getValue();
        if (l == null || tiles.size() != l.channels()) {
            return;
        }
        Sort s = Sort.values()[Math.max(0, sortBox.getSelectionModel().getSelectedIndex())];
        int[] order;
        if (s == Sort.MEAN && maps != null) {
            float[] m = maps.channelMean();
            order = IntStream.range(0, l.channels()).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(c -> -m[c]).thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue).toArray();
        } else if (s == Sort.RANKING && ranking != null) {
            order = ranking.order();
        } else {
            order = IntStream.range(0, l.channels()).toArray();
        }
        tiles.order(order);
    }

    // ---- concept marks ----

    private void newMarkSamples(long s) {
        if (ws.model() == null) {
            return;
        }
        markZ = sampleZ(MARK_SAMPLES, s);
        markImages = new int[MARK_SAMPLES][];
        marks = new float[MARK_SAMPLES][];
        markIndex = 0;
        if (visible) {
            renderMarkSamples();
        }
    }

    private void renderMarkSamples() {
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
                markImages[k] = f.pixels()[i];
                if (marks[k] == null || marks[k].length != markW * markH) {
                    marks[k] = new float[markW * markH];
                }
            }
            showMarkSample(markIndex);
        }));
    }

    private void showMarkSample(int i) {
        if (markImages.length == 0) {
            return;
        }
        int k = Math.floorMod(i, markImages.length);
        if (markImages[k] == null) {
            return;
        }
        markIndex = k;
        markCanvas.show(markImages[k], markW, markH, marks[k]);
        int marked = 0;
        for (float[] m : marks) {
            marked += m != null && hasMark(m) ? 1 : 0;
        }
        markSampleLabel.setText(String.format(Locale.ROOT, "Sample %d of %d (%d marked)", k + 1, markImages.length,
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

    private void rankByMarks(boolean dissection) {
        LayerInfo l = layerBox.getValue();
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
        busy.setText("Ranking…");
        ws.render().submit(AblationEval.activations(z, n, l.index(), mask))
                .thenApplyAsync(a -> rankMarks(a, m, n, mh, mw, dissection))
                .whenComplete((r, t) -> Platform.runLater(() -> {
                    busy.setText("");
                    if (t != null) {
                        ws.error("Could not rank the channels", t);
                    } else if (l.equals(layerBox.getValue())) {
                        setRanking(r, n + " marked sample" + (n == 1 ? "" : "s"));
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

    // ---- classifier ----

    private void setupClassifier(ModelSummary m) {
        classifierDir = null;
        attributeBox.getItems().clear();
        try {
            ClassifierInfo.Kind kind = Classifiers.kindFor(m.spec()).orElse(null);
            if (kind == null || !kind.multiLabel()) {
                throw new IllegalArgumentException("no attribute classifier reads " + m.spec().imageSize() + "×"
                        + m.spec().imageSize() + (m.spec().channels() == 1 ? " gray" : " RGB") + " images");
            }
            Path dir = Classifiers.locate(kind);
            ClassifierInfo info = ClassifierInfo.parse(Files.readString(dir.resolve(Classifier.INFO),
                    StandardCharsets.UTF_8), dir.toString());
            attributeBox.getItems().setAll(info.outputs);
            attributeBox.setValue(info.outputs.contains("Wearing_Hat") ? "Wearing_Hat" : info.outputs.get(0));
            classifierDir = dir;
            classifierNote.setText("Classifier: " + dir);
        } catch (Exception e) {
            classifierNote.setText("Not available: " + e.getMessage());
        }
        rankClassifier.setDisable(classifierDir == null);
        attributeBox.setDisable(classifierDir == null);
        searchRemoval.setDisable(classifierDir == null || searchRun != null);
        searchSamples.setDisable(classifierDir == null);
    }

    private void rankByClassifier() {
        LayerInfo l = layerBox.getValue();
        String attr = attributeBox.getValue();
        if (l == null || classifierDir == null || attr == null) {
            return;
        }
        int n = classifierSamples.getValue();
        busy.setText("Labelling " + n + " samples…");
        rankClassifier.setDisable(true);
        CompletableFuture<AblationEval.Labelled> f = ws.render().submit(
                AblationEval.classifierRanking(classifierDir, attr,
                        selective.isSelected() ? List.of("Male", "Smiling") : List.of(), l.index(), n, 11, mask));
        f.whenComplete((r, t) -> Platform.runLater(() -> {
            busy.setText("");
            rankClassifier.setDisable(false);
            if (t != null) {
                ws.error("Could not rank by the classifier", t);
            } else if (l.equals(layerBox.getValue())) {
                setRanking(r.ranking(), r.with() + " of " + r.samples() + " samples called " + attr);
            }
        }));
    }

    // ---- removal search ----

    /** One removal search: what it was started for, and the flag it polls between trial removals. */
    private static final class SearchRun {
        final LayerInfo layer;
        final String attribute;
        final int k;
        final AtomicInteger percent = new AtomicInteger(-1);
        volatile boolean cancelled;

        SearchRun(LayerInfo layer, String attribute, int k) {
            this.layer = layer;
            this.attribute = attribute;
            this.k = k;
        }
    }

    /** k for the search: the slider's value, or about a tenth of the layer's channels when it is 0. */
    static int searchK(int slider, int channels) {
        return slider > 0 ? Math.min(slider, channels) : Math.max(1, Math.round(channels / 10f));
    }

    /**
     * Starts the search: a short job on the render thread copies the model's weights, and the search
     * itself runs on a daemon thread of its own with that copy, so other views keep rendering.
     */
    private void searchByRemoval() {
        LayerInfo l = layerBox.getValue();
        String attr = attributeBox.getValue();
        if (l == null || classifierDir == null || attr == null || searchRun != null) {
            return;
        }
        SearchRun run = new SearchRun(l, attr, searchK((int) topK.getValue(), l.channels()));
        searchRun = run;
        showSearching(true);
        DoubleConsumer progress = f -> {
            int p = (int) (100 * f);
            if (run.percent.getAndSet(p) != p) {
                Platform.runLater(() -> {
                    if (searchRun == run && !run.cancelled) {
                        searchProgress.setProgress(f);
                        searchStatus.setText("Searching… " + p + "%");
                    }
                });
            }
        };
        RemovalSearch.Request request = RemovalSearch.Request.of(l.index(), attr, run.k)
                .withKeep(selective.isSelected() ? List.of("Male", "Smiling") : List.of())
                .withSettings(RemovalSearch.Settings.DEFAULT.withSamples(searchSamples.getValue()))
                .withSeed(SEARCH_SEED).withBase(mask);
        ws.render().submit(AblationEval.removalSearch(classifierDir, request, progress, () -> run.cancelled))
                .whenComplete((job, t) -> {
                    if (t != null) {
                        Platform.runLater(() -> searchEnded(run, null, t));
                    } else {
                        Thread thread = new Thread(() -> runSearch(run, job), "latentlab-ablation-search");
                        thread.setDaemon(true);
                        thread.setPriority(Thread.NORM_PRIORITY - 1);
                        thread.start();
                    }
                });
    }

    private void runSearch(SearchRun run, Callable<ChannelRanking> job) {
        ChannelRanking r = null;
        Throwable error = null;
        try {
            r = job.call();
        } catch (Throwable t) {
            error = t;
        }
        ChannelRanking result = r;
        Throwable failure = error;
        Platform.runLater(() -> searchEnded(run, result, failure));
    }

    /** On the FX thread when the search thread is done: shows the result unless it was cancelled. */
    private void searchEnded(SearchRun run, ChannelRanking r, Throwable t) {
        if (searchRun != run) {
            return;
        }
        searchRun = null;
        showSearching(false);
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (run.cancelled || cause instanceof CancellationException) {
            return;
        }
        if (t != null) {
            ws.error("Could not search by removal", t);
        } else if (run.layer.equals(layerBox.getValue())) {
            setRanking(r, "lowering " + run.attribute + "; its first " + run.k + " channels picked together");
            topK.setValue(run.k);
        }
    }

    /** Asks a running search to stop; it does so after the trial removal under way. */
    private void cancelSearch() {
        SearchRun run = searchRun;
        if (run != null && !run.cancelled) {
            run.cancelled = true;
            cancelSearch.setDisable(true);
            searchStatus.setText("Cancelling…");
        }
    }

    private void showSearching(boolean on) {
        searchRemoval.setDisable(on || classifierDir == null);
        searchProgressRow.setVisible(on);
        searchProgressRow.setManaged(on);
        cancelSearch.setDisable(!on);
        if (on) {
            searchProgress.setProgress(0);
            searchStatus.setText("Searching… 0%");
        }
    }

    // ---- ranking ----

    void setRanking(ChannelRanking r, String source) {
        ranking = r;
        int[] top = r.top(8);
        StringBuilder sb = new StringBuilder("Ranked by " + r.method() + " (" + source + "). Top: ");
        for (int i = 0; i < top.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(top[i])
                    .append(String.format(Locale.ROOT, " (%.3g)", r.score(top[i])));
        }
        rankingLabel.setText(sb.toString());
        topK.setDisable(false);
        LayerInfo l = layerBox.getValue();
        if (topK.getValue() > 0 && l != null) {
            setMask(mask.withLayer(l.index(), r.topSet((int) topK.getValue())));
        }
        if (sortBox.getSelectionModel().getSelectedIndex() == Sort.RANKING.ordinal()) {
            sortTiles();
        } else {
            sortBox.getSelectionModel().select(Sort.RANKING.ordinal());
        }
    }

    // ---- for tests ----

    FrameView afterView() {
        return after;
    }

    FrameView beforeView() {
        return before;
    }

    FrameView gridAfterView() {
        return gridAfter;
    }

    LayerInfo layer() {
        return layerBox.getValue();
    }

    int channelTiles() {
        return tiles.size();
    }

    int[] displayedChannels() {
        return tiles.displayed();
    }

    boolean searching() {
        return searchRun != null;
    }

    boolean markedSampleShown() {
        return markImages.length > 0 && markImages[markIndex] != null;
    }
}
