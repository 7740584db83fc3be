package dev.latentlab.ui.lab1d;

import dev.latentlab.lab1d.Gan1d;
import dev.latentlab.lab1d.Gan1dRun;
import dev.latentlab.lab1d.Noise1d;
import dev.latentlab.lab1d.Target;
import dev.latentlab.lab1d.Vae1d;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.ui.widgets.Choices;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.LossPlot;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The 1-D GAN lab: a tiny GAN and, beside it on the same data, a tiny VAE train on their own thread
 * while the plots redraw at display rate: the densities, and at the side the tails (a QQ plot
 * against the target and a table of the 1%, 99% and 99.9% quantiles). The user picks the data, the
 * loss, the GAN's noise, learning rate and speed, and can pause, single-step D or G, and reset.
 */
public final class GanLabPane extends BorderPane {
    static final double MAX_SPEED_EXP = 4;
    private final DensityPlot plot = new DensityPlot();
    private final TailPlot tailPlot = new TailPlot();
    private final QuantileTable quantiles = new QuantileTable();
    /** G's two losses and their gradients with the last G batch's D(G(z)) as dots (Train › Losses, in 1-D). */
    private final LossPlot lossPlot = new LossPlot();
    private final Label lossDots = new Label("Dots: D(G(z)) of the last G step's batch, once G has stepped.");
    private final ChoiceBox<Target.Kind> target = new ChoiceBox<>();
    private final Slider nu = new Slider(0.5, 30, 3);
    private final Label nuLabel = new Label();
    private final ChoiceBox<TrainConfig.Loss> loss = new ChoiceBox<>();
    private final ChoiceBox<Noise1d> noise = new ChoiceBox<>();
    private final Slider lr = new Slider(-4, -1.5, -3);
    private final Label lrLabel = new Label();
    private final Spinner<Integer> dSteps = new Spinner<>(1, 10, 1);
    private final Slider speed = new Slider(0, MAX_SPEED_EXP, MAX_SPEED_EXP);
    private final Label speedLabel = new Label();
    private final ToggleButton play = new ToggleButton("Train");
    private final Label stats = new Label("Press Train to start.");
    private final AnimationTimer timer;
    private Gan1dRun run;
    private Gan1dRun.Picture shown;

    public GanLabPane() {
        getStyleClass().add("gan-lab");
        target.getItems().setAll(Target.Kind.values());
        target.setValue(Target.Kind.NORMAL);
        target.setId("lab-target");
        target.setTooltip(new Tooltip("The real data p(x)"));
        nu.setId("lab-nu");
        nu.setTooltip(new Tooltip("Student-t degrees of freedom ν: small ν gives heavy tails"));
        loss.getItems().setAll(TrainConfig.Loss.values());
        loss.setValue(TrainConfig.Loss.NON_SATURATING);
        loss.setConverter(Choices.labelled(loss.getItems(), Choices::label));
        noise.getItems().setAll(Noise1d.values());
        noise.setValue(Noise1d.NORMAL);
        noise.setId("lab-noise");
        noise.setTooltip(new Tooltip("The GAN's noise z (the VAE's prior stays N(0, 1)): a heavy-tailed z lets a "
                + "Lipschitz generator make heavy tails"));
        lr.setTooltip(new Tooltip("Adam learning rate of D and G (log scale)"));
        dSteps.setPrefWidth(70);
        dSteps.setTooltip(new Tooltip("D updates per G update"));
        speed.setTooltip(new Tooltip("Training steps per second (right end: as fast as possible)"));
        speed.setId("lab-speed");
        play.setId("lab-play");
        Icons.decorate(play, Feather.PLAY, "Train / pause  (the plot keeps up at display rate)");
        play.selectedProperty().addListener((o, a, b) -> {
            play.setText(b ? "Pause" : "Train");
            play.setGraphic(Icons.icon(b ? Feather.PAUSE : Feather.PLAY));
            run().setRunning(b);
        });
        Button stepD = Icons.button("D", Feather.SKIP_FORWARD, "One discriminator update");
        stepD.setOnAction(e -> single(Gan1dRun.Single.D));
        Button stepG = Icons.button("G", Feather.SKIP_FORWARD, "One generator update");
        stepG.setId("lab-step-g");
        stepG.setOnAction(e -> single(Gan1dRun.Single.G));
        Button step = Icons.button("Step", Feather.CHEVRONS_RIGHT, "One iteration: D update(s), then a G update");
        step.setOnAction(e -> single(Gan1dRun.Single.ITERATION));
        Button reset = Icons.button("Reset", Feather.ROTATE_CCW, "New random networks");
        reset.setId("lab-reset");
        reset.setOnAction(e -> run().reset());
        CheckBox fit = new CheckBox("Gaussian fit");
        fit.setSelected(true);
        fit.setTooltip(new Tooltip("The best Gaussian fit to the data (its mean and variance): what a model "
                + "that assumes a Gaussian can represent"));
        fit.selectedProperty().addListener((o, a, b) -> plot.setShowFit(b));
        CheckBox vae = new CheckBox("VAE");
        vae.setId("lab-show-vae");
        vae.setSelected(true);
        vae.setTooltip(new Tooltip("The VAE trained beside the GAN on the same data: its density is that of "
                + "z ~ N(0, 1) through the decoder, plus the decoder's own noise σ(z)·ε"));
        vae.selectedProperty().addListener((o, a, b) -> {
            plot.setShowVae(b);
            tailPlot.setShowVae(b);
        });

        target.valueProperty().addListener((o, a, b) -> settingsChanged());
        nu.valueProperty().addListener((o, a, b) -> settingsChanged());
        loss.valueProperty().addListener((o, a, b) -> settingsChanged());
        noise.valueProperty().addListener((o, a, b) -> settingsChanged());
        lr.valueProperty().addListener((o, a, b) -> settingsChanged());
        dSteps.valueProperty().addListener((o, a, b) -> settingsChanged());
        speed.valueProperty().addListener((o, a, b) -> speedChanged());

        HBox buttons = new HBox(6, play, stepD, stepG, step, reset);
        buttons.setAlignment(Pos.CENTER_LEFT);
        FlowPane knobs = new FlowPane(14, 8,
                labelled("Data", target), labelled("ν", nu, nuLabel), labelled("Loss", loss),
                labelled("Noise", noise), labelled("Learning rate", lr, lrLabel), labelled("D:G", dSteps),
                labelled("Speed", speed, speedLabel), fit, vae);
        knobs.setAlignment(Pos.CENTER_LEFT);
        stats.setId("lab-stats");
        stats.getStyleClass().add("help-text");
        stats.setWrapText(true);
        VBox top = new VBox(8, buttons, knobs);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);
        VBox tailsBox = new VBox(tailPlot, quantiles);
        tailsBox.getStyleClass().add("lab-tails");
        VBox.setVgrow(tailPlot, javafx.scene.layout.Priority.ALWAYS);
        lossDots.setId("lab-loss-dots");
        lossDots.setWrapText(true);
        lossDots.getStyleClass().addAll("help-text", "text-small");
        VBox lossBox = new VBox(6, lossPlot, lossDots);
        VBox.setVgrow(lossPlot, javafx.scene.layout.Priority.ALWAYS);
        Tab tailsTab = new Tab("Tails", tailsBox);
        Tab lossTab = new Tab("Losses", lossBox);
        lossTab.setId("lab-losses-tab");
        javafx.scene.control.TabPane side = new javafx.scene.control.TabPane(tailsTab, lossTab);
        side.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        side.getStyleClass().add("lab-side");
        HBox center = new HBox(plot, side);
        HBox.setHgrow(plot, javafx.scene.layout.Priority.ALWAYS);
        setCenter(center);
        setBottom(stats);
        BorderPane.setMargin(stats, new Insets(6, 0, 0, 0));
        updateLabels();

        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                Gan1dRun r = run;
                Gan1dRun.Picture p = r == null ? null : r.picture();
                if (p != null && p != shown) {
                    shown = p;
                    plot.show(p);
                    stats.setText(statsLine(p));
                    if (p.fakeOutputs().length > 0) {
                        lossPlot.show(p.fakeOutputs());
                        lossDots.setText(lossDotsLine(p));
                    }
                    if (p.tails() != null && p.tails() != tailPlot.tails()) {
                        tailPlot.show(p.tails());
                        quantiles.show(p.tails(), p.noise());
                    }
                }
            }
        };
    }

    /** What the loss plot's dots are, and where they sit. */
    private String lossDotsLine(Gan1dRun.Picture p) {
        float[] d = p.fakeOutputs();
        double mean = 0;
        for (float v : d) {
            mean += v / d.length;
        }
        return String.format(java.util.Locale.ROOT, "Dots: D(G(z)) of the %d samples of the last G step (mean %.3f),"
                + " on %s, the loss G is trained with here.", d.length, mean,
                loss.getValue() == TrainConfig.Loss.MINIMAX
                        ? "minimax log(1 − D(G(z)))" : "non-saturating −log D(G(z))");
    }

    /** The figures under the plot; a value not measured yet (before the first step) is a dash. */
    static String statsLine(Gan1dRun.Picture p) {
        Gan1d.Stats s = p.stats();
        Vae1d.Stats v = p.vaeStats();
        return String.format("iteration %,d   %s steps/s   loss_D %s (real %s, fake %s)   loss_G %s   D(x) %s   "
                + "D(G(z)) %s   VAE −ELBO %s (rec %s, KL %s)", s.iteration(),
                p.running() ? String.format("%,.0f", p.stepsPerSecond()) : "0",
                value(s.lossDReal() + s.lossDFake()), value(s.lossDReal()), value(s.lossDFake()), value(s.lossG()),
                value(s.dReal()), value(s.dFake()), value(v.negativeElbo()), value(v.reconstruction()),
                value(v.kl()));
    }

    private static String value(double v) {
        return Double.isFinite(v) ? String.format("%.3f", v) : "–";
    }

    private static HBox labelled(String text, javafx.scene.Node... nodes) {
        Label l = new Label(text);
        HBox box = new HBox(6, l);
        box.getChildren().addAll(nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private Gan1dRun run() {
        if (run == null) {
            run = new Gan1dRun(settings());
            speedChanged();
        }
        return run;
    }

    private void single(Gan1dRun.Single what) {
        play.setSelected(false);
        run().single(what);
    }

    Gan1d.Settings settings() {
        double rate = Math.pow(10, lr.getValue());
        return Gan1d.Settings.defaults().withTarget(Target.preset(target.getValue(), nu.getValue()))
                .withLoss(loss.getValue()).withNoise(noise.getValue()).withLearningRates(rate, rate)
                .withDSteps(dSteps.getValue());
    }

    private void settingsChanged() {
        updateLabels();
        if (run != null) {
            run.apply(settings());
        }
    }

    private void speedChanged() {
        updateLabels();
        if (run != null) {
            run.setMaxStepsPerSecond(speed.getValue() >= MAX_SPEED_EXP ? 0 : Math.pow(10, speed.getValue()));
        }
    }

    private void updateLabels() {
        boolean t = target.getValue() == Target.Kind.STUDENT_T;
        nu.setDisable(!t);
        nuLabel.setText(String.format("%.1f", nu.getValue()));
        lrLabel.setText(String.format("%.1e", Math.pow(10, lr.getValue())));
        speedLabel.setText(speed.getValue() >= MAX_SPEED_EXP ? "max"
                : String.format("%.0f/s", Math.pow(10, speed.getValue())));
    }

    /** The lab trains and draws only while it is on screen. */
    public void setActive(boolean active) {
        if (active) {
            run().setActive(true);
            timer.start();
        } else {
            timer.stop();
            if (run != null) {
                run.setActive(false);
            }
        }
    }

    /** The Losses tab's plot (tests). */
    LossPlot lossPlot() {
        return lossPlot;
    }

    public DensityPlot plot() {
        return plot;
    }

    public TailPlot tailPlot() {
        return tailPlot;
    }

    ToggleButton playButton() {
        return play;
    }
}
