package dev.latentlab.ui.lab2d;

import dev.latentlab.lab2d.Distribution2d;
import dev.latentlab.lab2d.DrawnTarget;
import dev.latentlab.lab2d.Gan2d;
import dev.latentlab.lab2d.Lab2dMetrics;
import dev.latentlab.lab2d.Lab2dRun;
import dev.latentlab.lab2d.Target2d;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.ui.widgets.CanvasPane;
import dev.latentlab.ui.widgets.Choices;
import dev.latentlab.ui.widgets.Icons;
import dev.latentlab.ui.widgets.TimeSeriesChart;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The 2-D GAN lab (GAN Lab's views, {@link Lab2dRun} underneath): the targets ring of 8, grid of
 * 25, two moons, or a distribution drawn with the mouse; D's heatmap, G's manifold, the gradient
 * arrows on fakes, real and fake points; KL and JS over time and the modes covered; Play, Step D,
 * Step G, one iteration, Reset, the D:G ratio and the loss. The figures are those of
 * {@code latentlab lab2d} for the same seed and iteration.
 */
public final class Lab2dPane extends BorderPane {
    /** The data to choose from. */
    enum TargetChoice {
        RING8("Ring of 8", Target2d.RING8), GRID25("Grid of 25", Target2d.GRID25), MOONS("Two moons", Target2d.MOONS),
        DRAWN("Draw your own", null);

        final String label;
        final Target2d target;

        TargetChoice(String label, Target2d target) {
            this.label = label;
            this.target = target;
        }
    }

    private final FieldPlot plot = new FieldPlot();
    private final TimeSeriesChart divergence = new TimeSeriesChart("KL(data ‖ G) and JS, nats");
    private final TimeSeriesChart.Series kl = divergence.addSeries("KL", CanvasPane.Ink.KL);
    private final TimeSeriesChart.Series js = divergence.addSeries("JS", CanvasPane.Ink.ELBO);
    private final TimeSeriesChart modes = new TimeSeriesChart("Modes covered");
    private final TimeSeriesChart.Series covered = modes.addSeries("covered", CanvasPane.Ink.GENERATOR);
    private final ChoiceBox<TargetChoice> target = new ChoiceBox<>();
    private final ChoiceBox<TrainConfig.Loss> loss = new ChoiceBox<>();
    private final Spinner<Integer> dSteps = new Spinner<>(1, 10, 1);
    private final ToggleButton play = new ToggleButton("Play");
    private final Button clear = Icons.button("Clear drawing", Feather.X, "Start the drawing again");
    private final Label stats = new Label("Press Play, or step D and G by hand.");
    private final AnimationTimer timer;
    private Lab2dRun run;
    private Lab2dRun.Picture shown;
    private int charted;

    public Lab2dPane() {
        getStyleClass().add("gan-lab");
        target.getItems().setAll(TargetChoice.values());
        target.setConverter(Choices.labelled(target.getItems(), t -> t.label));
        target.setValue(TargetChoice.RING8);
        target.setId("lab2d-target");
        loss.getItems().setAll(TrainConfig.Loss.NON_SATURATING, TrainConfig.Loss.MINIMAX);
        loss.setConverter(Choices.labelled(loss.getItems(), Choices::label));
        loss.setValue(TrainConfig.Loss.NON_SATURATING);
        loss.setId("lab2d-loss");
        loss.setTooltip(new Tooltip("G's loss: −log D(G(z)) (non-saturating) or log(1 − D(G(z))) (minimax)"));
        dSteps.setPrefWidth(70);
        dSteps.setId("lab2d-dsteps");
        dSteps.setTooltip(new Tooltip("D updates per G update"));
        play.setId("lab2d-play");
        Icons.decorate(play, Feather.PLAY, "Train / pause");
        play.selectedProperty().addListener((o, a, b) -> {
            play.setText(b ? "Pause" : "Play");
            play.setGraphic(Icons.icon(b ? Feather.PAUSE : Feather.PLAY));
            run().setRunning(b);
        });
        Button stepD = Icons.button("D", Feather.SKIP_FORWARD, "One discriminator update");
        stepD.setId("lab2d-step-d");
        stepD.setOnAction(e -> single(Lab2dRun.Single.D));
        Button stepG = Icons.button("G", Feather.SKIP_FORWARD, "One generator update");
        stepG.setId("lab2d-step-g");
        stepG.setOnAction(e -> single(Lab2dRun.Single.G));
        Button step = Icons.button("Step", Feather.CHEVRONS_RIGHT, "One iteration: D update(s), then a G update");
        step.setId("lab2d-step");
        step.setOnAction(e -> single(Lab2dRun.Single.ITERATION));
        Button reset = Icons.button("Reset", Feather.ROTATE_CCW, "New random networks (another seed)");
        reset.setId("lab2d-reset");
        reset.setOnAction(e -> {
            charted = 0;
            divergence.clear();
            modes.clear();
            run().reset(true);
        });
        clear.setId("lab2d-clear");
        clear.setOnAction(e -> plot.clearDrawing());
        CheckBox heat = new CheckBox("D's heatmap");
        CheckBox grid = new CheckBox("G's manifold");
        CheckBox arrows = new CheckBox("Gradients on fakes");
        for (CheckBox c : List.of(heat, grid, arrows)) {
            c.setSelected(true);
            c.selectedProperty().addListener((o, a, b) -> plot.setLayers(heat.isSelected(), grid.isSelected(),
                    arrows.isSelected()));
        }
        heat.setTooltip(new Tooltip("D(x) over the plane: the real colour where D says real, the fake colour where it says fake"));
        grid.setTooltip(new Tooltip("A grid of noise z warped by G: where G sends each part of the noise"));
        arrows.setTooltip(new Tooltip("−∂loss_G/∂x on fake points: where G's next update pushes them"));
        target.valueProperty().addListener((o, a, b) -> targetChanged());
        loss.valueProperty().addListener((o, a, b) -> run().setLoss(loss.getValue(), dSteps.getValue()));
        dSteps.valueProperty().addListener((o, a, b) -> run().setLoss(loss.getValue(), dSteps.getValue()));
        plot.setOnDrawn(points -> {
            charted = 0;
            divergence.clear();
            modes.clear();
            run().setTarget(new DrawnTarget(points));
        });

        HBox buttons = new HBox(6, play, stepD, stepG, step, reset, clear);
        buttons.setAlignment(Pos.CENTER_LEFT);
        FlowPane knobs = new FlowPane(14, 8, labelled("Data", target), labelled("Loss", loss), labelled("D:G", dSteps),
                heat, grid, arrows);
        knobs.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(8, buttons, knobs);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);
        VBox.setVgrow(divergence, Priority.ALWAYS);
        VBox.setVgrow(modes, Priority.ALWAYS);
        VBox side = new VBox(8, divergence, modes);
        side.getStyleClass().add("lab-side");
        HBox center = new HBox(plot, side);
        HBox.setHgrow(plot, Priority.ALWAYS);
        setCenter(center);
        stats.setId("lab2d-stats");
        stats.getStyleClass().add("help-text");
        stats.setWrapText(true);
        setBottom(stats);
        BorderPane.setMargin(stats, new Insets(6, 0, 0, 0));
        clear.setVisible(false);
        clear.setManaged(false);

        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                Lab2dRun.Picture p = run == null ? null : run.picture();
                if (p != null && p != shown) {
                    shown = p;
                    plot.show(p);
                    chart(p);
                    stats.setText(statsLine(p));
                }
            }
        };
    }

    private static HBox labelled(String text, javafx.scene.Node... nodes) {
        Label l = new Label(text);
        HBox box = new HBox(6, l);
        box.getChildren().addAll(nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** The line under the plot: iteration, modes covered, quality, KL and JS as {@code lab2d} prints them. */
    static String statsLine(Lab2dRun.Picture p) {
        Lab2dRun.Figures f = p.latest();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s · iteration %,d", p.target().describe(),
                p.iteration()));
        if (f != null) {
            Lab2dMetrics.Report r = f.report();
            b.append(String.format(Locale.ROOT, " · measured at %,d:", f.iteration()));
            if (r.modes() > 0) {
                b.append(String.format(Locale.ROOT, " modes covered %d of %d, quality %.4f,", r.modesCovered(),
                        r.modes(), r.quality()));
            }
            b.append(String.format(Locale.ROOT, " KL %.4f, JS %.4f nats", r.kl(), r.js()));
        }
        return b.toString();
    }

    private void chart(Lab2dRun.Picture p) {
        List<Lab2dRun.Figures> h = p.history();
        if (h.size() < charted) {
            charted = 0;
        }
        for (int i = charted; i < h.size(); i++) {
            Lab2dRun.Figures f = h.get(i);
            divergence.add(kl, f.iteration(), f.report().kl());
            divergence.add(js, f.iteration(), f.report().js());
            if (f.report().modes() > 0) {
                modes.add(covered, f.iteration(), f.report().modesCovered());
            }
        }
        charted = h.size();
        divergence.refresh();
        modes.refresh();
    }

    private Lab2dRun run() {
        if (run == null) {
            run = new Lab2dRun(settings(target.getValue().target != null ? target.getValue().target : Target2d.RING8));
        }
        return run;
    }

    private Gan2d.Settings settings(Distribution2d t) {
        return Gan2d.Settings.of(t).withLoss(loss.getValue()).withDSteps(dSteps.getValue());
    }

    private void single(Lab2dRun.Single what) {
        play.setSelected(false);
        run().single(what);
    }

    private void targetChanged() {
        TargetChoice c = target.getValue();
        boolean drawn = c == TargetChoice.DRAWN;
        plot.setDrawing(drawn);
        clear.setVisible(drawn);
        clear.setManaged(drawn);
        if (!drawn) {
            charted = 0;
            divergence.clear();
            modes.clear();
            run().setTarget(c.target);
        } else {
            play.setSelected(false);
            plot.clearDrawing();
        }
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

    public FieldPlot plot() {
        return plot;
    }

    Label statsLabel() {
        return stats;
    }

    /** The run's current picture (null before the first). */
    Lab2dRun.Picture picture() {
        return run == null ? null : run.picture();
    }
}
