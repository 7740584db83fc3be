package dev.latentlab.ui.train;

import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.model.ModelStore;
import dev.latentlab.train.Checkpoint;
import dev.latentlab.train.Continuation;
import dev.latentlab.train.IterationRecord;
import dev.latentlab.train.Throughput;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.train.TrainingRun;
import dev.latentlab.ui.View;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.lab1d.GanLabPane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Train: choose data, architecture and hyper-parameters, then watch a {@link TrainingRun}: a grid
 * from a fixed z (with a timeline of past grids), loss and D-output charts for a GAN, or for a VAE
 * its reconstructions and the reconstruction, KL and ELBO charts; throughput and ETA; pause,
 * resume, single steps (a whole iteration, or a GAN's one D or one G update), stop and save. G's
 * snapshots go to the render service when "use in other views" is on, so every other view can use
 * the model while it trains. A second tab holds the 1-D GAN lab.
 *
 * <p>Threads: the run's events arrive on the trainer thread; {@link RunEvents} carries them to the
 * FX thread.
 */
public final class TrainView implements View {
    private final Workspace ws;
    private final TabPane tabs = new TabPane();
    private final GanLabPane lab = new GanLabPane();
    private final dev.latentlab.ui.lab2d.Lab2dPane lab2d = new dev.latentlab.ui.lab2d.Lab2dPane();
    private final TrainSettingsForm form;
    private final RunControls controls = new RunControls(this::start, this::togglePause, this::singleStep,
            this::stopRun);
    private final SampleTimeline samples = new SampleTimeline();
    private final ReconstructionGrid reconstructions = new ReconstructionGrid();
    private final TrainingCharts charts = new TrainingCharts();
    private final SnapshotPublisher publisher;
    private final LossesPanel losses = new LossesPanel();
    private final StepThroughModel stepModel = new StepThroughModel();
    private final StepThroughPane stepPane = new StepThroughPane(stepModel, this::stepThrough);
    private final Throughput throughput = new Throughput();
    // the run and what crosses threads
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latentlab-train-view");
        t.setDaemon(true);
        return t;
    });
    private RunEvents events;
    private TrainingRun run;
    private Path runOut;
    private TrainingRun.State shownState;
    private IterationRecord last;
    private boolean visible;
    private boolean loadingData;
    /** The continue / replace / cancel question is open. */
    private boolean asking;
    private Thread shutdownHook;

    public TrainView(Workspace ws) {
        this.ws = ws;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        form = new TrainSettingsForm(ws.paths().home().resolve("trained").resolve("gan-" + stamp));
        publisher = new SnapshotPublisher(ws, worker, () -> form.setUseInViews(false));

        Tab images = new Tab("Images", imagesPane());
        images.setId("train-images-tab");
        BorderPane labBox = new BorderPane(lab);
        labBox.getStyleClass().add("padded");
        Tab labTab = new Tab("1-D GAN lab", labBox);
        labTab.setId("train-lab-tab");
        Tab stepTab = new Tab("Step through", stepPane.node());
        stepTab.setId("train-step-through-tab");
        BorderPane lab2dBox = new BorderPane(lab2d);
        lab2dBox.getStyleClass().add("padded");
        Tab lab2dTab = new Tab("2-D GAN lab", lab2dBox);
        lab2dTab.setId("train-lab2d-tab");
        Tab lossesTab = new Tab("Losses", losses.node());
        lossesTab.setId("train-losses-tab");
        Tab lessonsTab = new Tab("Lessons", new LessonsPanel().node());
        lessonsTab.setId("train-lessons-tab");
        tabs.getTabs().setAll(images, lossesTab, stepTab, labTab, lab2dTab, lessonsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> activateLabs());
        updateButtons();
    }

    private Node imagesPane() {
        ScrollPane formScroll = new ScrollPane(form.node());
        formScroll.setFitToWidth(true);
        formScroll.getStyleClass().add("train-side");
        HBox.setHgrow(charts.node(), Priority.ALWAYS);
        VBox.setVgrow(samples.node(), Priority.ALWAYS);
        VBox.setVgrow(reconstructions.node(), Priority.ALWAYS);
        VBox pictures = new VBox(samples.node(), reconstructions.node());
        pictures.getStyleClass().add("train-pictures");
        HBox body = new HBox(pictures, charts.node());
        body.getStyleClass().add("train-body");
        VBox.setVgrow(body, Priority.ALWAYS);
        VBox center = new VBox(controls.node(), body);
        center.getStyleClass().addAll("form-column", "padded");
        BorderPane root = new BorderPane(center);
        root.setLeft(formScroll);
        return root;
    }

    // ---------------------------------------------------------------- the run

    boolean running() {
        return run != null && !terminal(run.state());
    }

    private static boolean terminal(TrainingRun.State s) {
        return s == TrainingRun.State.FINISHED || s == TrainingRun.State.STOPPED || s == TrainingRun.State.FAILED
                || s == TrainingRun.State.DIVERGED;
    }

    /**
     * Reads the form, loads the data off the FX thread and starts the run. A new run into a folder
     * that holds a model or a checkpoint first asks whether to continue it, replace it or cancel.
     */
    void start() {
        if (running() || loadingData || asking) {
            return;
        }
        TrainConfig formConfig;
        Path out;
        boolean cont = form.continuing();
        try {
            out = form.out();
            formConfig = cont ? form.knobs() : form.config();
            if (!cont) {
                formConfig.validate();
            }
        } catch (RuntimeException e) {
            ws.error("Cannot start training", e.getMessage());
            return;
        }
        String occupied = cont ? null : Continuation.occupiedBy(out);
        if (occupied == null) {
            launch(out, cont, formConfig, false);
            return;
        }
        asking = true;
        updateButtons();
        ExistingModelQuestion.ask(tabs.getScene() == null ? null : tabs.getScene().getWindow(), out,
                occupied, answer -> {
                    asking = false;
                    updateButtons();
                    switch (answer) {
                        case CONTINUE -> {
                            form.continueInstead();
                            start();
                        }
                        case REPLACE -> launch(out, false, formConfig, true);
                        case CANCEL -> controls.showState("Not training: " + out.getFileName() + " keeps its model");
                    }
                });
    }

    /** Loads the data off the FX thread and starts the run; {@code replacing} deletes the old checkpoint first. */
    private void launch(Path out, boolean cont, TrainConfig formConfig, boolean replacing) {
        loadingData = true;
        updateButtons();
        controls.showState("Loading " + (cont ? "the model in " + out : formConfig.data) + "…");
        RunEvents ev = new RunEvents(this::drainUi, publisher::offer);
        worker.execute(() -> {
            try {
                TrainConfig c = cont ? TrainSettingsForm.continuedConfig(out, formConfig) : formConfig;
                ImageSet set = DatasetSource.open(c.data, new ImageSpec(c.imageSize, c.channels), null);
                TrainingRun r = new TrainingRun(c, set, out, cont, "LatentLab app: Train view");
                if (replacing) {
                    Checkpoint.discard(out); // as train --force: the old checkpoint must not be resumed into this run
                }
                r.addListener(ev);
                Platform.runLater(() -> {
                    loadingData = false;
                    begin(r, out, ev);
                });
            } catch (Throwable t) {
                Platform.runLater(() -> {
                    loadingData = false;
                    controls.showState("Not training");
                    updateButtons();
                    ws.error("Cannot start training", t);
                });
            }
        });
    }

    private void begin(TrainingRun r, Path out, RunEvents ev) {
        run = r;
        runOut = out;
        events = ev;
        samples.setRunName(out == null ? "training" : out.getFileName().toString());
        publisher.drop();
        samples.clear();
        charts.clear();
        reconstructions.clear();
        stepModel.clear();
        losses.clear(r.config().loss == TrainConfig.Loss.HINGE);
        boolean vae = r.config().isVae();
        charts.setVae(vae);
        reconstructions.setShown(vae);
        controls.setVae(vae);
        last = null;
        throughput.reset();
        shownState = null;
        controls.reset();
        controls.showState("Starting on " + r.data().size() + " images…");
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

    /** Each lab trains only while its tab is on screen. */
    private void activateLabs() {
        String tab = tabs.getSelectionModel().getSelectedItem().getId();
        lab.setActive(visible && "train-lab-tab".equals(tab));
        lab2d.setActive(visible && "train-lab2d-tab".equals(tab));
    }

    /** The next of the five steps of one iteration (the run pauses for it). */
    private void stepThrough() {
        if (running()) {
            run.stepThrough();
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
            controls.showState("Stopping: saving the model and a checkpoint…");
        }
    }

    private void updateButtons() {
        boolean alive = running();
        boolean paused = run != null && run.state() == TrainingRun.State.PAUSED;
        controls.enable(alive, paused, loadingData || asking);
        stepPane.setEnabled(alive);
        form.setBusy(alive || loadingData || asking);
    }

    /** On the FX thread: everything the run reported since the last call (a past run's events are dropped). */
    private void drainUi(RunEvents ev) {
        ev.draining();
        TrainingRun r = run;
        if (r == null || ev != events) {
            return;
        }
        for (IterationRecord rec; (rec = ev.nextRecord()) != null; ) {
            charts.add(rec);
            losses.showRecord(rec);
            throughput.add(rec);
            last = rec;
        }
        charts.refresh();
        SampleHistory.Grid g = ev.takeSamples();
        if (g != null) {
            samples.add(g);
        }
        dev.latentlab.train.CollapseAlarm.Reading collapse = ev.takeCollapse();
        if (collapse != null) {
            controls.showDiversity(collapse);
        }
        RunEvents.FakeOutputs fo = ev.takeFakeOutputs();
        if (fo != null) {
            losses.showFakeOutputs(fo.iteration(), fo.values());
        }
        RunEvents.StepAnswer answer = ev.takeStepThrough();
        if (answer != null) {
            stepModel.accept(answer.report(), answer.refusal());
        }
        SampleHistory.Grid pairs = ev.takeReconstructions();
        if (pairs != null) {
            reconstructions.show(pairs);
        }
        TrainingRun.State s = r.state();
        long it = last == null ? r.iteration() : last.iteration();
        if (last != null) {
            controls.showFigures(last, r, throughput, terminal(s));
        }
        String status = status(s, it, r.totalIterations());
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
            controls.showState(r.message().isEmpty() ? status : r.message());
            updateButtons();
            if (s == TrainingRun.State.FAILED || s == TrainingRun.State.DIVERGED) {
                ws.error(s == TrainingRun.State.FAILED ? "Training failed" : "Training diverged", r.message());
            }
            if ((s == TrainingRun.State.FINISHED || s == TrainingRun.State.STOPPED) && form.useInViews()
                    && Files.isRegularFile(runOut.resolve(ModelStore.INFO))) {
                publisher.drop();
                ws.open(runOut); // the saved model becomes the current one
            }
        }
        publish(false);
    }

    /** The status bar's line for the run. */
    static String status(TrainingRun.State s, long it, long total) {
        return switch (s) {
            case STARTING -> "Training: starting";
            case RUNNING -> String.format("Training: iteration %,d / %,d", it, total);
            case PAUSED -> String.format("Training paused at iteration %,d", it);
            case STOPPING -> "Training: saving";
            case FINISHED -> String.format("Training finished (%,d iterations)", it);
            case STOPPED -> String.format("Training stopped at iteration %,d", it);
            case DIVERGED -> "Training diverged";
            case FAILED -> "Training failed";
        };
    }

    private void publish(boolean now) {
        if (form.useInViews()) {
            publisher.maybePublish(now, visible, runOut, run == null ? null : run.dataset());
        }
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
        activateLabs();
    }

    @Override
    public void hidden() {
        visible = false;
        activateLabs();
        publish(true);
    }

    // ---------------------------------------------------------------- the parts, for the view's tests

    TrainingRun run() {
        return run;
    }

    TrainSettingsForm form() {
        return form;
    }

    TrainingCharts charts() {
        return charts;
    }

    SampleHistory samples() {
        return samples.history();
    }

    ReconstructionGrid reconstructions() {
        return reconstructions;
    }

    RunControls controls() {
        return controls;
    }

    /** What "Export timeline" writes: every kept grid, oldest first. */
    dev.latentlab.ui.widgets.VideoExportTask.Job timelineJob() {
        return samples.timelineJob();
    }

    LossesPanel losses() {
        return losses;
    }

    StepThroughModel stepThroughModel() {
        return stepModel;
    }

    dev.latentlab.ui.lab2d.Lab2dPane lab2d() {
        return lab2d;
    }

    GanLabPane lab() {
        return lab;
    }

    TabPane tabs() {
        return tabs;
    }
}
