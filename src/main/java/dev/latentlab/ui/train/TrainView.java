package dev.latentlab.ui.train;

import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.widgets.CanvasPane;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.TimeSeriesChart;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.lab1d.GanLabPane;
import ai.djl.ndarray.NDManager;
import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.render.Pixels;
import dev.latentlab.train.Continuation;
import dev.latentlab.train.IterationRecord;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.train.TrainingRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

/**
 * Train: choose data, architecture and hyper-parameters, then watch a {@link TrainingRun}: a grid
 * from a fixed z (with a timeline of past grids), loss and D-output charts, throughput and ETA;
 * pause, resume, single steps (a whole iteration, one D or one G update), stop and save. G's
 * snapshots go to the render service when "use in other views" is on, so every other view can use
 * the model while it trains. A second tab holds the 1-D GAN lab.
 *
 * <p>Threads: the run's events arrive on the trainer thread; they are queued and delivered to the
 * FX thread by at most one pending {@code Platform.runLater} at a time, so the window stays
 * responsive however fast iterations come.
 */
public final class TrainView implements View {
    static final int TIMELINE = 50;
    static final int GRID_COLUMNS = 8;
    private static final long UI_INTERVAL_NANOS = 40_000_000L;
    private static final long PUBLISH_INTERVAL_NANOS = 10_000_000_000L;

    enum DataKind {
        BUILTIN("Built-in digits"), FOLDER("Image folder"), IDX("IDX file");

        private final String label;

        DataKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A past sample grid. */
    record Grid(long iteration, int[] argb, int width, int height) {}

    private final Workspace ws;
    private final TabPane tabs = new TabPane();
    private final GanLabPane lab = new GanLabPane();
    // settings
    private final RadioButton fresh = new RadioButton("New model");
    private final RadioButton resume = new RadioButton("Continue a model");
    private final ChoiceBox<DataKind> dataKind = new ChoiceBox<>();
    private final TextField dataPath = new TextField();
    private final Spinner<Integer> limit = new Spinner<>(0, 10_000_000, 0, 256);
    private final ChoiceBox<String> arch = new ChoiceBox<>();
    private final ChoiceBox<Integer> size = new ChoiceBox<>();
    private final Spinner<Integer> nz = new Spinner<>(1, 1024, 100);
    private final Spinner<Integer> ngf = new Spinner<>(1, 512, 64);
    private final Spinner<Integer> ndf = new Spinner<>(1, 512, 64);
    private final TextField lrD = new TextField("2e-4");
    private final TextField lrG = new TextField("2e-4");
    private final TextField beta1 = new TextField("0.5");
    private final Spinner<Integer> batch = new Spinner<>(1, 4096, 64);
    private final Spinner<Integer> dSteps = new Spinner<>(1, 20, 1);
    private final Spinner<Integer> gSteps = new Spinner<>(1, 20, 1);
    private final ChoiceBox<TrainConfig.Loss> loss = new ChoiceBox<>();
    private final ChoiceBox<TrainConfig.Noise> noise = new ChoiceBox<>();
    private final javafx.scene.control.CheckBox average = new javafx.scene.control.CheckBox("moving average, 0.999");
    private final Spinner<Integer> epochs = new Spinner<>(1, 10_000, 5);
    private final Spinner<Integer> iterations = new Spinner<>(0, 100_000_000, 0, 100);
    private final Spinner<Integer> sampleEvery = new Spinner<>(1, 100_000, 200, 10);
    private final TextField outDir = new TextField();
    private final CheckBox useInViews = new CheckBox("Use in other views while training");
    private final VBox form = new VBox(10);
    // controls and figures
    private final Button start = Icons.button("Start", Feather.PLAY, "Load the data and start training");
    private final Button pause = Icons.button("Pause", Feather.PAUSE, "Pause after the current iteration");
    private final Button step = Icons.button("Step", Feather.CHEVRONS_RIGHT, "While paused: one iteration");
    private final Button stepD = Icons.button("D", Feather.SKIP_FORWARD, "While paused: one discriminator update");
    private final Button stepG = Icons.button("G", Feather.SKIP_FORWARD, "While paused: one generator update");
    private final Button stop = Icons.button("Stop & save", Feather.SQUARE,
            "Stop after the current iteration and save the model and a checkpoint");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label iterationLabel = new Label("–");
    private final Label epochLabel = new Label("–");
    private final Label rateLabel = new Label("–");
    private final Label etaLabel = new Label("–");
    private final Label stateLabel = new Label("Not training");
    private final FrameView gridView = new FrameView();
    private final Slider timeline = new Slider(0, 0, 0);
    private final Label timelineLabel = new Label("No samples yet");
    private final TimeSeriesChart lossChart = new TimeSeriesChart("Losses");
    private final TimeSeriesChart dChart = new TimeSeriesChart("D outputs");
    private final TimeSeriesChart.Series lossDReal;
    private final TimeSeriesChart.Series lossDFake;
    private final TimeSeriesChart.Series lossG;
    private final TimeSeriesChart.Series dReal;
    private final TimeSeriesChart.Series dFake;
    // the run and what crosses threads
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latentlab-train-view");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<IterationRecord> records = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Grid> newGrid = new AtomicReference<>();
    private final AtomicReference<TrainingRun.Snapshot> newSnapshot = new AtomicReference<>();
    private final AtomicBoolean uiPending = new AtomicBoolean();
    private volatile long lastUiNanos;
    private final List<Grid> grids = new ArrayList<>();
    private TrainingRun run;
    private Path runOut;
    private TrainingRun.State shownState;
    private IterationRecord last;
    private double smoothedRate;
    private boolean visible;
    private long lastPublish;
    private boolean publishing;
    private boolean loadingData;
    private Thread shutdownHook;

    public TrainView(Workspace ws) {
        this.ws = ws;
        lossDReal = lossChart.addSeries("D real", CanvasPane.Ink.REAL);
        lossDFake = lossChart.addSeries("D fake", CanvasPane.Ink.FAKE);
        lossG = lossChart.addSeries("G", CanvasPane.Ink.GENERATOR);
        dReal = dChart.addSeries("D(x)", CanvasPane.Ink.REAL);
        dFake = dChart.addSeries("D(G(z))", CanvasPane.Ink.FAKE);
        dChart.setYRange(0, 1);
        dChart.addReference(0.5);
        lossChart.setId("loss-chart");
        dChart.setId("d-chart");

        Tab images = new Tab("Images", imagesPane());
        images.setId("train-images-tab");
        Tab labTab = new Tab("1-D GAN lab", padded(lab));
        labTab.setId("train-lab-tab");
        tabs.getTabs().setAll(images, labTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> lab.setActive(visible
                && b == labTab));
        updateButtons();
    }

    private static Node padded(Node n) {
        BorderPane p = new BorderPane(n);
        p.setPadding(new Insets(12));
        return p;
    }

    // ---------------------------------------------------------------- layout

    private Node imagesPane() {
        BorderPane root = new BorderPane();
        ScrollPane formScroll = new ScrollPane(settingsForm());
        formScroll.setFitToWidth(true);
        formScroll.setPrefWidth(330);
        formScroll.setMinWidth(280);
        root.setLeft(formScroll);

        start.setId("train-start");
        pause.setId("train-pause");
        step.setId("train-step");
        stepD.setId("train-step-d");
        stepG.setId("train-step-g");
        stop.setId("train-stop");
        start.setOnAction(e -> start());
        pause.setOnAction(e -> togglePause());
        step.setOnAction(e -> singleStep(TrainingRun.Part.ITERATION));
        stepD.setOnAction(e -> singleStep(TrainingRun.Part.D));
        stepG.setOnAction(e -> singleStep(TrainingRun.Part.G));
        stop.setOnAction(e -> stopRun());
        stateLabel.setId("train-state");
        stateLabel.setWrapText(true);
        HBox controls = new HBox(6, start, pause, step, stepD, stepG, stop);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.getStyleClass().add("view-toolbar");

        progress.setId("train-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        iterationLabel.setId("train-iteration");
        rateLabel.setId("train-rate");
        HBox figures = new HBox(16, stat("Iteration", iterationLabel), stat("Epoch", epochLabel),
                stat("Images/s", rateLabel), stat("ETA", etaLabel), progress);
        figures.setAlignment(Pos.CENTER_LEFT);

        gridView.setId("train-grid");
        gridView.setPrefSize(300, 300);
        timeline.setId("train-timeline");
        timeline.setMajorTickUnit(1);
        timeline.setMinorTickCount(0);
        timeline.setSnapToTicks(true);
        timeline.setBlockIncrement(1);
        timeline.setDisable(true);
        timeline.setTooltip(new Tooltip("Scrub back through the last " + TIMELINE + " sample grids"));
        timeline.valueProperty().addListener((o, a, b) -> showGrid((int) Math.round(b.doubleValue())));
        timelineLabel.getStyleClass().add("text-muted");
        Label gridTitle = new Label("Samples from a fixed z");
        gridTitle.getStyleClass().add("section-title");
        VBox.setVgrow(gridView, Priority.ALWAYS);
        VBox gridBox = new VBox(6, gridTitle, gridView, timeline, timelineLabel);
        gridBox.setPrefWidth(320);
        gridBox.setMinWidth(200);

        VBox.setVgrow(lossChart, Priority.ALWAYS);
        VBox.setVgrow(dChart, Priority.ALWAYS);
        VBox charts = new VBox(8, lossChart, dChart);
        HBox.setHgrow(charts, Priority.ALWAYS);
        HBox body = new HBox(12, gridBox, charts);
        VBox.setVgrow(body, Priority.ALWAYS);

        VBox center = new VBox(10, controls, figures, stateLabel, body);
        center.setPadding(new Insets(12));
        root.setCenter(center);
        return root;
    }

    private static Node stat(String title, Label value) {
        Label t = new Label(title);
        t.getStyleClass().addAll("text-muted", "text-small");
        value.getStyleClass().add("section-title");
        value.setMinWidth(Region.USE_PREF_SIZE);
        return new VBox(0, t, value);
    }

    private Node settingsForm() {
        ToggleGroup mode = new ToggleGroup();
        fresh.setToggleGroup(mode);
        resume.setToggleGroup(mode);
        fresh.setSelected(true);
        resume.setTooltip(new Tooltip("Continue training the model in the output folder (from its checkpoint "
                + "when it has one, else from its weights with fresh optimiser state)"));
        mode.selectedToggleProperty().addListener((o, a, b) -> updateForm());

        dataKind.getItems().setAll(DataKind.values());
        dataKind.setValue(DataKind.BUILTIN);
        dataKind.setId("train-data-kind");
        dataKind.valueProperty().addListener((o, a, b) -> updateForm());
        dataPath.setPromptText("folder or IDX file");
        Button browseData = Icons.flat(Feather.FOLDER, "Choose the data");
        browseData.setOnAction(e -> browseData());
        HBox.setHgrow(dataPath, Priority.ALWAYS);
        HBox dataRow = new HBox(4, dataPath, browseData);
        limit.setEditable(true);
        limit.setTooltip(new Tooltip("Use only N images, spread over the dataset (0 = all)"));
        limit.setId("train-limit");

        arch.getItems().setAll("dcgan", "mlp");
        arch.setValue("dcgan");
        arch.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null ? "" : s.equals("dcgan") ? "DCGAN" : "MLP (vanilla GAN)";
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        arch.valueProperty().addListener((o, a, b) -> updateForm());
        size.getItems().setAll(28, 32, 64, 128);
        size.setValue(32);
        for (Spinner<Integer> s : List.of(nz, ngf, ndf, batch, dSteps, gSteps, epochs, iterations, sampleEvery)) {
            s.setEditable(true);
            s.setPrefWidth(110);
        }
        limit.setPrefWidth(110);
        nz.setId("train-nz");
        ngf.setId("train-ngf");
        ndf.setId("train-ndf");
        batch.setId("train-batch");
        iterations.setId("train-iterations");
        sampleEvery.setId("train-sample-every");
        loss.getItems().setAll(TrainConfig.Loss.values());
        loss.setValue(TrainConfig.Loss.NON_SATURATING);
        loss.setConverter(lossNames());
        noise.getItems().setAll(TrainConfig.Noise.values());
        noise.setValue(TrainConfig.Noise.NORMAL);
        noise.setConverter(noiseNames());
        for (TextField f : List.of(lrD, lrG, beta1)) {
            f.setPrefColumnCount(6);
        }
        iterations.setTooltip(new Tooltip("Stop after N iterations (0: train for the epochs)"));
        sampleEvery.setTooltip(new Tooltip("Refresh the sample grid (and save it) every N iterations"));

        outDir.setId("train-out");
        outDir.setText(defaultOut().toString());
        Button browseOut = Icons.flat(Feather.FOLDER, "Choose the output folder (or the model to continue)");
        browseOut.setOnAction(e -> browseOut());
        HBox.setHgrow(outDir, Priority.ALWAYS);
        HBox outRow = new HBox(4, outDir, browseOut);
        useInViews.setSelected(true);
        useInViews.setId("train-use-in-views");
        useInViews.setTooltip(new Tooltip("Send G's snapshots to Explore, Interpolate, Arithmetic and Ablate while "
                + "training, and open the saved model when the run ends"));

        GridPane hp = new GridPane();
        hp.setHgap(8);
        hp.setVgap(6);
        int r = 0;
        hp.addRow(r++, new Label("Architecture"), arch);
        hp.addRow(r++, new Label("Image size"), size);
        hp.addRow(r++, new Label("nz"), nz);
        hp.addRow(r++, new Label("G width (ngf)"), ngf);
        hp.addRow(r++, new Label("D width (ndf)"), ndf);
        hp.addRow(r++, new Label("lr D"), lrD);
        hp.addRow(r++, new Label("lr G"), lrG);
        hp.addRow(r++, new Label("Adam β1"), beta1);
        hp.addRow(r++, new Label("Batch"), batch);
        hp.addRow(r++, new Label("D steps"), dSteps);
        hp.addRow(r++, new Label("G steps"), gSteps);
        hp.addRow(r++, new Label("Loss"), loss);
        hp.addRow(r++, new Label("Noise z"), noise);
        average.setId("train-ema");
        average.setTooltip(new Tooltip("Keep a moving average of G's weights (decay 0.999) and show, snapshot and save "
                + "it: GAN training oscillates, the average follows its centre"));
        hp.addRow(r++, new Label("Average G"), average);
        hp.addRow(r++, new Label("Epochs"), epochs);
        hp.addRow(r++, new Label("Iterations"), iterations);
        hp.addRow(r++, new Label("Grid every"), sampleEvery);

        form.getChildren().setAll(section("Model"), fresh, resume, section("Data"), dataKind, dataRow,
                new HBox(8, new Label("Images"), limit), section("Network and training"), hp,
                section("Output folder"), outRow);
        VBox side = new VBox(10, form, useInViews); // the toggle stays usable while training
        side.setPadding(new Insets(12));
        updateForm();
        return side;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    public static StringConverter<TrainConfig.Loss> lossNames() {
        return new StringConverter<>() {
            @Override
            public String toString(TrainConfig.Loss l) {
                return l == null ? "" : l == TrainConfig.Loss.NON_SATURATING ? "Non-saturating" : "Minimax";
            }

            @Override
            public TrainConfig.Loss fromString(String s) {
                return s.startsWith("Non") ? TrainConfig.Loss.NON_SATURATING : TrainConfig.Loss.MINIMAX;
            }
        };
    }

    public static StringConverter<TrainConfig.Noise> noiseNames() {
        return new StringConverter<>() {
            @Override
            public String toString(TrainConfig.Noise n) {
                return n == null ? "" : n == TrainConfig.Noise.NORMAL ? "Normal N(0, I)" : "Uniform U(−1, 1)";
            }

            @Override
            public TrainConfig.Noise fromString(String s) {
                return s.startsWith("Normal") ? TrainConfig.Noise.NORMAL : TrainConfig.Noise.UNIFORM;
            }
        };
    }

    private Path defaultOut() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return ws.paths().home().resolve("trained").resolve("gan-" + stamp);
    }

    private void updateForm() {
        boolean busy = running() || loadingData;
        form.setDisable(busy);
        boolean cont = resume.isSelected();
        // a continued model keeps its architecture, image size and data (from its checkpoint)
        for (Node n : List.of(arch, size, nz, ngf, ndf, dataKind, dataPath, limit)) {
            n.setDisable(cont);
        }
        dataPath.setDisable(cont || dataKind.getValue() == DataKind.BUILTIN);
        boolean dcgan = "dcgan".equals(arch.getValue());
        ngf.setDisable(cont || !dcgan);
        ndf.setDisable(cont || !dcgan);
    }

    private void browseData() {
        File f;
        if (dataKind.getValue() == DataKind.FOLDER) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("A folder of images");
            f = dc.showDialog(form.getScene().getWindow());
        } else {
            FileChooser fc = new FileChooser();
            fc.setTitle("An MNIST IDX image file");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("IDX images", "*.idx", "*.idx.gz",
                    "*-idx3-ubyte", "*-idx3-ubyte.gz", "*.idx3-ubyte", "*.idx3-ubyte.gz"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            f = fc.showOpenDialog(form.getScene().getWindow());
            if (f != null) {
                dataKind.setValue(DataKind.IDX);
            }
        }
        if (f != null) {
            dataPath.setText(f.getAbsolutePath());
        }
    }

    private void browseOut() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(resume.isSelected() ? "The model folder to continue" : "Where to save the model");
        Path cur = Path.of(outDir.getText().isBlank() ? "." : outDir.getText()).toAbsolutePath();
        Path parent = cur.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            dc.setInitialDirectory(parent.toFile());
        }
        File f = dc.showDialog(form.getScene().getWindow());
        if (f != null) {
            outDir.setText(f.getAbsolutePath());
        }
    }

    // ---------------------------------------------------------------- the run

    boolean running() {
        return run != null && !terminal(run.state());
    }

    private static boolean terminal(TrainingRun.State s) {
        return s == TrainingRun.State.FINISHED || s == TrainingRun.State.STOPPED || s == TrainingRun.State.FAILED
                || s == TrainingRun.State.DIVERGED;
    }

    /** The configuration the form describes (for a new model). */
    TrainConfig config() {
        TrainConfig c = new TrainConfig();
        c.data = switch (dataKind.getValue()) {
            case BUILTIN -> "builtin:digits";
            case FOLDER, IDX -> dataPath.getText().trim();
        };
        c.arch = arch.getValue();
        c.imageSize = size.getValue();
        c.channels = dataKind.getValue() == DataKind.FOLDER ? 3 : 1;
        c.nz = nz.getValue();
        c.ngf = ngf.getValue();
        c.ndf = ndf.getValue();
        c.limit = limit.getValue();
        hyperParameters(c);
        return c;
    }

    /** The knobs a continued run may change. */
    private void hyperParameters(TrainConfig c) {
        c.lrD = number(lrD, "lr D");
        c.lrG = number(lrG, "lr G");
        c.beta1 = number(beta1, "Adam β1");
        c.batchSize = batch.getValue();
        c.dSteps = dSteps.getValue();
        c.gSteps = gSteps.getValue();
        c.loss = loss.getValue();
        c.noise = noise.getValue();
        c.ema = average.isSelected() ? 0.999 : 0;
        c.epochs = epochs.getValue();
        c.maxIterations = iterations.getValue();
        c.sampleEvery = sampleEvery.getValue();
        c.snapshotEvery = Math.max(1, Math.min(50, c.sampleEvery));
    }

    private static double number(TextField f, String what) {
        try {
            return Double.parseDouble(f.getText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: \"" + f.getText() + "\"");
        }
    }

    /** Reads the form, loads the data off the FX thread and starts the run. */
    void start() {
        if (running() || loadingData) {
            return;
        }
        TrainConfig formConfig;
        Path out;
        try {
            out = Path.of(outDir.getText().trim()).toAbsolutePath();
            formConfig = config();
            if (!resume.isSelected()) {
                formConfig.validate();
            }
        } catch (RuntimeException e) {
            ws.error("Cannot start training", e.getMessage());
            return;
        }
        boolean cont = resume.isSelected();
        loadingData = true;
        updateButtons();
        setState("Loading " + (cont ? "the model in " + out : formConfig.data) + "…");
        worker.execute(() -> {
            try {
                TrainConfig c = cont ? continuedConfig(out, formConfig) : formConfig;
                ImageSet set = DatasetSource.open(c.data, new ImageSpec(c.imageSize, c.channels), null);
                TrainingRun r = new TrainingRun(c, set, out, cont, "LatentLab app: Train view");
                r.addListener(new Events());
                ImageSet data = set;
                Platform.runLater(() -> {
                    loadingData = false;
                    begin(r, out, data);
                });
            } catch (Throwable t) {
                Platform.runLater(() -> {
                    loadingData = false;
                    setState("Not training");
                    updateButtons();
                    ws.error("Cannot start training", t);
                });
            }
        });
    }

    /**
     * The configuration to continue the model in {@code out}: its own, with this form's
     * hyper-parameters; refused when neither a checkpoint nor model.json names the data.
     */
    static TrainConfig continuedConfig(Path out, TrainConfig formConfig) {
        Continuation from = Continuation.of(out);
        TrainConfig c = from.requireData(out, "start a new model on the data instead");
        long done = from.iterations();
        TrainConfig f = formConfig;
        c.lrD = f.lrD;
        c.lrG = f.lrG;
        c.beta1 = f.beta1;
        c.batchSize = f.batchSize;
        c.dSteps = f.dSteps;
        c.gSteps = f.gSteps;
        c.loss = f.loss;
        c.noise = f.noise;
        c.ema = f.ema;
        c.sampleEvery = f.sampleEvery;
        c.snapshotEvery = f.snapshotEvery;
        // a continued run goes on for the form's epochs, or its iterations beyond where it was
        c.epochs = Math.max(c.epochs, f.epochs);
        c.maxIterations = f.maxIterations > 0 ? f.maxIterations + done : 0;
        c.validate();
        return c;
    }

    private void begin(TrainingRun r, Path out, ImageSet data) {
        run = r;
        runOut = out;
        records.clear();
        newGrid.set(null);
        newSnapshot.set(null);
        grids.clear();
        timeline.setMax(0);
        timeline.setDisable(true);
        timelineLabel.setText("No samples yet");
        lossChart.clear();
        dChart.clear();
        last = null;
        smoothedRate = 0;
        shownState = null;
        progress.setProgress(0);
        setState("Starting on " + r.data().size() + " images…");
        // closing the window while training stops the run cleanly and leaves a checkpoint
        shutdownHook = new Thread(() -> {
            try {
                r.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "latentlab-train-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        r.start();
        updateButtons();
    }

    private void togglePause() {
        if (run == null) {
            return;
        }
        if (run.state() == TrainingRun.State.PAUSED) {
            run.resume();
        } else {
            run.pause();
        }
    }

    private void singleStep(TrainingRun.Part part) {
        if (run != null) {
            run.stepOnce(part);
        }
    }

    /** Asks the run to stop; it saves a checkpoint and the model, then reports STOPPED. */
    void stopRun() {
        if (run != null) {
            run.resume();
            run.stop();
            setState("Stopping: saving the model and a checkpoint…");
        }
    }

    private void updateButtons() {
        boolean alive = running();
        TrainingRun.State s = run == null ? null : run.state();
        boolean paused = s == TrainingRun.State.PAUSED;
        start.setDisable(alive || loadingData);
        pause.setDisable(!alive);
        pause.setText(paused ? "Resume" : "Pause");
        pause.setGraphic(Icons.icon(paused ? Feather.PLAY : Feather.PAUSE));
        step.setDisable(!alive || !paused);
        stepD.setDisable(!alive || !paused);
        stepG.setDisable(!alive || !paused);
        stop.setDisable(!alive);
        updateForm();
    }

    private void setState(String text) {
        stateLabel.setText(text);
    }

    // ---------------------------------------------------------------- events from the trainer thread

    /** Runs on the trainer thread: keeps the values, and asks for (at most one pending) UI update. */
    private final class Events implements TrainingRun.Listener {
        @Override
        public void onIteration(IterationRecord r) {
            records.add(r);
            if (System.nanoTime() - lastUiNanos >= UI_INTERVAL_NANOS) {
                scheduleUi();
            }
        }

        @Override
        public void onSamples(long iteration, Generated samples) {
            newGrid.set(grid(iteration, samples));
            scheduleUi();
        }

        @Override
        public boolean wantsLiveSamples() {
            return true; // the grid shows from the first iteration, not only at the save interval
        }

        @Override
        public void onSnapshot(TrainingRun.Snapshot snapshot) {
            newSnapshot.set(snapshot);
        }

        @Override
        public void onState(TrainingRun.State state, String message) {
            scheduleUi();
        }
    }

    /** The samples as one ARGB grid, GRID_COLUMNS wide with 2-pixel gaps. */
    static Grid grid(long iteration, Generated g) {
        int cols = Math.min(GRID_COLUMNS, g.count());
        int rows = (g.count() + cols - 1) / cols;
        int gap = 2;
        int w = cols * g.width() + (cols + 1) * gap;
        int h = rows * g.height() + (rows + 1) * gap;
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0xff202020);
        for (int n = 0; n < g.count(); n++) {
            int[] img = Pixels.argb(g, n);
            int x0 = gap + (n % cols) * (g.width() + gap);
            int y0 = gap + (n / cols) * (g.height() + gap);
            for (int y = 0; y < g.height(); y++) {
                System.arraycopy(img, y * g.width(), px, (y0 + y) * w + x0, g.width());
            }
        }
        return new Grid(iteration, px, w, h);
    }

    private void scheduleUi() {
        if (uiPending.compareAndSet(false, true)) {
            lastUiNanos = System.nanoTime();
            Platform.runLater(this::drainUi);
        }
    }

    /** On the FX thread: everything that arrived since the last call. */
    private void drainUi() {
        uiPending.set(false);
        lastUiNanos = System.nanoTime();
        TrainingRun r = run;
        if (r == null) {
            return;
        }
        for (IterationRecord rec; (rec = records.poll()) != null; ) {
            double x = rec.iteration();
            lossChart.add(lossDReal, x, rec.lossDReal());
            lossChart.add(lossDFake, x, rec.lossDFake());
            lossChart.add(lossG, x, rec.lossG());
            dChart.add(dReal, x, rec.dReal());
            dChart.add(dFake, x, Double.isFinite(rec.dFakeBefore()) ? rec.dFakeBefore() : rec.dFakeAfter());
            if (Double.isFinite(rec.imagesPerSecond()) && rec.imagesPerSecond() > 0 && Double.isFinite(rec.lossG())
                    && Double.isFinite(rec.lossDReal())) {
                smoothedRate = smoothedRate == 0 ? rec.imagesPerSecond()
                        : 0.95 * smoothedRate + 0.05 * rec.imagesPerSecond();
            }
            last = rec;
        }
        lossChart.refresh();
        dChart.refresh();
        Grid g = newGrid.getAndSet(null);
        if (g != null) {
            addGrid(g);
        }
        TrainingRun.State s = r.state();
        long total = r.totalIterations();
        long it = last == null ? r.iteration() : last.iteration();
        if (last != null) {
            iterationLabel.setText(String.format("%,d / %,d", it, total));
            epochLabel.setText(Integer.toString(last.epoch() + 1));
            rateLabel.setText(String.format("%,.0f", smoothedRate));
            TrainConfig c = r.config();
            double eta = smoothedRate > 0 ? (total - it) * (double) c.batchSize * c.dSteps / smoothedRate : 0;
            etaLabel.setText(duration(eta));
            progress.setProgress(total > 0 ? Math.min(1, it / (double) total) : 0);
        }
        String status = switch (s) {
            case STARTING -> "Training: starting";
            case RUNNING -> String.format("Training: iteration %,d / %,d", it, total);
            case PAUSED -> String.format("Training paused at iteration %,d", it);
            case STOPPING -> "Training: saving";
            case FINISHED -> String.format("Training finished (%,d iterations)", it);
            case STOPPED -> String.format("Training stopped at iteration %,d", it);
            case DIVERGED -> "Training diverged";
            case FAILED -> "Training failed";
        };
        ws.trainingStateProperty().set(status);
        if (s != shownState) {
            shownState = s;
            if (terminal(s) && shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
                shutdownHook = null;
            }
            setState(r.message().isEmpty() ? status : r.message());
            updateButtons();
            if (s == TrainingRun.State.FAILED || s == TrainingRun.State.DIVERGED) {
                ws.error(s == TrainingRun.State.FAILED ? "Training failed" : "Training diverged", r.message());
            }
            if ((s == TrainingRun.State.FINISHED || s == TrainingRun.State.STOPPED) && useInViews.isSelected()
                    && Files.isRegularFile(runOut.resolve(ModelStore.INFO))) {
                newSnapshot.set(null);
                ws.open(runOut); // the saved model becomes the current one
            }
        }
        maybePublish(false);
    }

    private void addGrid(Grid g) {
        boolean following = grids.isEmpty() || timeline.getValue() >= grids.size() - 1;
        grids.add(g);
        if (grids.size() > TIMELINE) {
            grids.remove(0);
        }
        timeline.setMax(Math.max(0, grids.size() - 1));
        timeline.setDisable(grids.size() < 2);
        if (following) {
            timeline.setValue(grids.size() - 1);
            showGrid(grids.size() - 1);
        } else {
            timeline.setValue(Math.max(0, timeline.getValue() - (grids.size() == TIMELINE ? 1 : 0)));
            showGrid((int) Math.round(timeline.getValue()));
        }
    }

    private void showGrid(int i) {
        if (i < 0 || i >= grids.size()) {
            return;
        }
        Grid g = grids.get(i);
        gridView.show(g.argb(), g.width(), g.height());
        timelineLabel.setText(String.format("Iteration %,d%s", g.iteration(), i == grids.size() - 1 ? " (latest)"
                : "  ·  " + (grids.size() - 1 - i) + " grids back"));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    // ---------------------------------------------------------------- snapshots for the other views

    /**
     * Sends the newest snapshot of G to the render service. Nothing renders while this view is on
     * screen, so snapshots go out when the user leaves it, and then every few seconds; the first
     * one goes out at once when no model is loaded yet. Each is a new model for the views (Explore,
     * for one, starts a new undo history), hence not more often than every 10 s.
     */
    private void maybePublish(boolean now) {
        if (!useInViews.isSelected() || publishing) {
            return;
        }
        boolean due = now || ws.model() == null
                || (!visible && System.nanoTime() - lastPublish >= PUBLISH_INTERVAL_NANOS);
        if (!due) {
            return;
        }
        TrainingRun.Snapshot snap = newSnapshot.getAndSet(null);
        if (snap == null) {
            return;
        }
        publishing = true;
        lastPublish = System.nanoTime();
        String name = (runOut == null ? "training" : runOut.getFileName().toString()) + " (iteration "
                + snap.iteration() + ")";
        Path path = runOut;
        worker.execute(() -> {
            NDManager manager = null;
            try {
                manager = TorchRuntime.engine().newBaseManager();
                GeneratorNet g = Networks.generator(snap.spec(), manager);
                g.params().load(snap.generatorWeights(), "snapshot");
                ModelInfo info = ModelInfo.of(name, snap.spec());
                info.dataset.name = "training";
                GanModel model = new GanModel(manager, info, g, null, path, GanModel.Source.NEW);
                ModelSummary summary = Workspace.summarize(model);
                ws.render().swapModel(model).join();
                Platform.runLater(() -> {
                    publishing = false;
                    if (ws.z().length != summary.nz()) {
                        ws.zProperty().set(Prior.sample(summary.nz(), new Random(1)));
                    }
                    ws.modelProperty().set(summary);
                });
            } catch (Throwable t) {
                if (manager != null) {
                    manager.close();
                }
                Platform.runLater(() -> {
                    publishing = false;
                    useInViews.setSelected(false);
                    ws.error("Could not use the training snapshot in other views", t);
                });
            }
        });
    }

    // ---------------------------------------------------------------- View

    @Override
    public boolean needsModel() {
        return false;
    }

    @Override
    public String title() {
        return "Train";
    }

    @Override
    public Feather icon() {
        return Feather.ACTIVITY;
    }

    @Override
    public Node node() {
        return tabs;
    }

    @Override
    public void shown() {
        visible = true;
        lab.setActive(tabs.getSelectionModel().getSelectedIndex() == 1);
    }

    @Override
    public void hidden() {
        visible = false;
        lab.setActive(false);
        maybePublish(true);
    }

    // ---------------------------------------------------------------- for tests

    TrainingRun run() {
        return run;
    }

    TimeSeriesChart lossChart() {
        return lossChart;
    }

    TimeSeriesChart dChart() {
        return dChart;
    }

    int gridCount() {
        return grids.size();
    }

    GanLabPane lab() {
        return lab;
    }

    TabPane tabs() {
        return tabs;
    }

    /** Sets the form to a small run (for tests and demos). */
    void setForm(String data, String architecture, int imageSize, int images, int latent, int width, int batchSize,
            long iters, int gridEvery, Path out) {
        dataKind.setValue(data.startsWith("builtin:") ? DataKind.BUILTIN
                : Files.isDirectory(Path.of(data)) ? DataKind.FOLDER : DataKind.IDX);
        dataPath.setText(data.startsWith("builtin:") ? "" : data);
        arch.setValue(architecture);
        size.setValue(imageSize);
        limit.getValueFactory().setValue(images);
        nz.getValueFactory().setValue(latent);
        ngf.getValueFactory().setValue(width);
        ndf.getValueFactory().setValue(width);
        batch.getValueFactory().setValue(batchSize);
        iterations.getValueFactory().setValue((int) iters);
        sampleEvery.getValueFactory().setValue(gridEvery);
        outDir.setText(out.toString());
        fresh.setSelected(true);
    }

    /** Sets the form to continue the model in {@code out} for {@code iters} more iterations. */
    void setContinue(Path out, int iters) {
        outDir.setText(out.toString());
        iterations.getValueFactory().setValue(iters);
        resume.setSelected(true);
    }
}
