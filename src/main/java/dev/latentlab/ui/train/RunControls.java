package dev.latentlab.ui.train;

import dev.latentlab.train.IterationRecord;
import dev.latentlab.train.Throughput;
import dev.latentlab.train.TrainingRun;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.WrapRow;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Train view's controls and figures: start, pause/resume, one iteration, one D or one G
 * update (a GAN's only), stop and save; iteration, epoch, images/s, ETA and a progress bar, and
 * for a VAE the reconstruction term, KL, negative ELBO and bits per dimension; the run's message.
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
    private final Label recon = new Label("–");
    private final Label kl = new Label("–");
    private final Label negElbo = new Label("–");
    private final Label bits = new Label("–");
    private final Label diversity = new Label("–");
    private final Tooltip diversityHelp = new Tooltip("The fixed-z samples' mean pairwise distance, relative to the "
            + "same for 64 real images: near 1 when G varies as much as the data, near 0 when every z gives one "
            + "image (mode collapse). The alarm: under half of its best, or D(G(z)) under 0.02 for 200 iterations.");
    private final java.util.List<Node> vaeFigures = java.util.List.of(stat("Recon, nats", recon), stat("KL, nats", kl),
            stat("−ELBO, nats", negElbo), stat("Bits/dim", bits));
    private final HBox partSteps = new HBox(stepD, stepG);
    private final Tooltip noParts = new Tooltip("A VAE's iteration is one update of its encoder and decoder "
            + "together: there is no D or G step");
    private final Label state = new Label("Not training");
    private final VBox root;
    private boolean vae;

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
        partSteps.getStyleClass().add("form-row");
        partSteps.setMinWidth(Region.USE_PREF_SIZE);
        WrapRow buttons = new WrapRow(start, pause, step, partSteps, stop);
        buttons.getStyleClass().add("view-toolbar");

        progress.setId("train-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        iteration.setId("train-iteration");
        rate.setId("train-rate");
        eta.setId("train-eta");
        recon.setId("train-recon");
        kl.setId("train-kl");
        negElbo.setId("train-neg-elbo");
        bits.setId("train-bits-per-dim");
        diversity.setId("train-diversity");
        diversity.setTooltip(diversityHelp);
        Node diversityStat = stat("Diversity", diversity);
        HBox figures = new HBox(stat("Iteration", iteration), stat("Epoch", epoch), stat("Images/s", rate),
                stat("ETA", eta), diversityStat);
        figures.getChildren().addAll(vaeFigures);
        figures.getChildren().add(progress);
        figures.getStyleClass().add("train-figures");
        root = new VBox(buttons, figures, state);
        root.getStyleClass().add("form-column");
        setVae(false);
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
        stepD.setDisable(vae || !alive || !paused);
        stepG.setDisable(vae || !alive || !paused);
        stop.setDisable(!alive);
    }

    /**
     * A VAE's run: no D or G steps (a disabled button shows no tooltip, so the reason sits on the
     * buttons' box), and the ELBO's figures.
     */
    void setVae(boolean on) {
        vae = on;
        if (on) {
            stepD.setDisable(true);
            stepG.setDisable(true);
            Tooltip.install(partSteps, noParts);
        } else {
            Tooltip.uninstall(partSteps, noParts);
        }
        for (Node n : vaeFigures) {
            n.setVisible(on);
            n.setManaged(on);
        }
    }

    /** Why the D and G steps are off, or null when they are not (a GAN's run). */
    String partStepsNote() {
        return vae ? noParts.getText() : null;
    }

    void showState(String text) {
        state.setText(text);
    }

    /** The figures after the newest record; a run that has ended has no ETA. */
    void showFigures(IterationRecord last, TrainingRun run, Throughput throughput, boolean ended) {
        long total = run.totalIterations();
        long it = last.iteration();
        iteration.setText(String.format("%,d / %,d", it, total));
        epoch.setText(Integer.toString(last.epoch() + 1));
        rate.setText(String.format("%,.0f", throughput.imagesPerSecond()));
        eta.setText(ended ? "–" : Throughput.duration(throughput.etaSeconds(run.config(), it, total)));
        progress.setProgress(total > 0 ? Math.min(1, it / (double) total) : 0);
        if (last.isVae()) {
            recon.setText(String.format("%.1f", last.recon()));
            kl.setText(String.format("%.1f", last.kl()));
            negElbo.setText(String.format("%.1f", last.negElbo()));
            bits.setText(String.format("%.3f", last.bitsPerDim()));
        }
    }

    /** The collapse alarm's newest reading: the figure, and in the alarm's style with its reason while it rings. */
    void showDiversity(dev.latentlab.train.CollapseAlarm.Reading r) {
        diversity.setText(String.format("%.2f", r.diversity()));
        diversity.getStyleClass().remove("alarm");
        if (r.collapsed()) {
            diversity.getStyleClass().add("alarm");
            diversity.setText(String.format("%.2f  collapse!", r.diversity()));
            diversityHelp.setText("Collapse alarm at iteration " + r.iteration() + ": " + r.why());
        }
    }

    void reset() {
        progress.setProgress(0);
        diversity.setText("–");
        diversity.getStyleClass().remove("alarm");
        for (Label l : java.util.List.of(recon, kl, negElbo, bits)) {
            l.setText("–");
        }
    }
}
