package dev.latentlab.ui.train;

import dev.latentlab.train.IterationRecord;
import dev.latentlab.train.Throughput;
import dev.latentlab.train.TrainingRun;
import dev.latentlab.ui.widgets.Icons;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Train view's controls and figures: start, pause/resume, one iteration, one D or one G
 * update, stop and save; iteration, epoch, images/s, ETA and a progress bar; the run's message.
 */
final class RunControls {
    private final Button start = Icons.button("Start", Feather.PLAY, "Load the data and start training");
    private final Button pause = Icons.button("Pause", Feather.PAUSE, "Pause after the current iteration");
    private final Button step = Icons.button("Step", Feather.CHEVRONS_RIGHT, "While paused: one iteration");
    private final Button stepD = Icons.button("D", Feather.SKIP_FORWARD, "While paused: one discriminator update");
    private final Button stepG = Icons.button("G", Feather.SKIP_FORWARD, "While paused: one generator update");
    private final Button stop = Icons.button("Stop & save", Feather.SQUARE,
            "Stop after the current iteration and save the model and a checkpoint");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label iteration = new Label("–");
    private final Label epoch = new Label("–");
    private final Label rate = new Label("–");
    private final Label eta = new Label("–");
    private final Label state = new Label("Not training");
    private final VBox root;

    RunControls(Runnable onStart, Runnable onPause, Consumer<TrainingRun.Part> onStep, Runnable onStop) {
        start.setId("train-start");
        pause.setId("train-pause");
        step.setId("train-step");
        stepD.setId("train-step-d");
        stepG.setId("train-step-g");
        stop.setId("train-stop");
        start.setOnAction(e -> onStart.run());
        pause.setOnAction(e -> onPause.run());
        step.setOnAction(e -> onStep.accept(TrainingRun.Part.ITERATION));
        stepD.setOnAction(e -> onStep.accept(TrainingRun.Part.D));
        stepG.setOnAction(e -> onStep.accept(TrainingRun.Part.G));
        stop.setOnAction(e -> onStop.run());
        state.setId("train-state");
        state.setWrapText(true);
        HBox buttons = new HBox(start, pause, step, stepD, stepG, stop);
        buttons.getStyleClass().addAll("view-toolbar", "form-row");

        progress.setId("train-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        iteration.setId("train-iteration");
        rate.setId("train-rate");
        HBox figures = new HBox(stat("Iteration", iteration), stat("Epoch", epoch), stat("Images/s", rate),
                stat("ETA", eta), progress);
        figures.getStyleClass().add("train-figures");
        root = new VBox(buttons, figures, state);
        root.getStyleClass().add("form-column");
    }

    private static Node stat(String title, Label value) {
        Label t = new Label(title);
        t.getStyleClass().addAll("help-text", "text-small");
        value.getStyleClass().add("section-title");
        value.setMinWidth(Region.USE_PREF_SIZE);
        return new VBox(t, value);
    }

    Node node() {
        return root;
    }

    /** Which buttons work: start when nothing runs or loads, the steps only while paused. */
    void enable(boolean alive, boolean paused, boolean loading) {
        start.setDisable(alive || loading);
        pause.setDisable(!alive);
        pause.setText(paused ? "Resume" : "Pause");
        pause.setGraphic(Icons.icon(paused ? Feather.PLAY : Feather.PAUSE));
        step.setDisable(!alive || !paused);
        stepD.setDisable(!alive || !paused);
        stepG.setDisable(!alive || !paused);
        stop.setDisable(!alive);
    }

    void showState(String text) {
        state.setText(text);
    }

    /** The figures after the newest record. */
    void showFigures(IterationRecord last, TrainingRun run, Throughput throughput) {
        long total = run.totalIterations();
        long it = last.iteration();
        iteration.setText(String.format("%,d / %,d", it, total));
        epoch.setText(Integer.toString(last.epoch() + 1));
        rate.setText(String.format("%,.0f", throughput.imagesPerSecond()));
        eta.setText(Throughput.duration(throughput.etaSeconds(run.config(), it, total)));
        progress.setProgress(total > 0 ? Math.min(1, it / (double) total) : 0);
    }

    void reset() {
        progress.setProgress(0);
    }
}
