package dev.latentlab.ui.train;

import dev.latentlab.ui.widgets.CanvasPane;
import dev.latentlab.ui.widgets.TimeSeriesChart;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.lab1d.KernelDensity;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.ui.shell.AppShell;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The Train view on its own in a headless window, training a tiny DCGAN on 256 built-in digits. */
@ExtendWith(ApplicationExtension.class)
class TrainViewTest {
    @TempDir
    static Path tmp;
    private Workspace ws;
    private TrainView view;
    private final long[] worstFrameGap = {0, 0};
    private final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private AnimationTimer frameWatch;

    @Start
    void start(Stage stage) {
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home")));
        ws.setErrorHandler((title, msg) -> {
            System.err.println("error dialog: " + title + ": " + msg);
            errors.add(title + ": " + msg);
        });
        view = new TrainView(ws);
        // as the app shows it: AtlantaFX's dark theme and LatentLab's stylesheet
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerDark()
                .getUserAgentStylesheet());
        Scene scene = new Scene((javafx.scene.Parent) view.node(), 1200, 800);
        scene.getStylesheets().add(AppShell.stylesheet());
        stage.setScene(scene);
        stage.show();
        view.shown();
        frameWatch = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (worstFrameGap[1] != 0) {
                    worstFrameGap[0] = Math.max(worstFrameGap[0], now - worstFrameGap[1]);
                }
                worstFrameGap[1] = now;
            }
        };
        frameWatch.start();
    }

    @Stop
    void stop() throws Exception {
        frameWatch.stop();
        TrainingRun r = view.run();
        if (r != null) {
            r.close();
        }
        ws.close();
    }

    /** With -Dlatentlab.screenshots=DIR, saves the window as DIR/name (for looking at the layout). */
    private void screenshot(String name) throws Exception {
        String dir = System.getProperty("latentlab.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        javafx.scene.image.WritableImage img = WaitForAsyncUtils.asyncFx(() -> view.node().getScene()
                .snapshot(null)).get(10, TimeUnit.SECONDS);
        Files.createDirectories(Path.of(dir));
        javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(img, null), "png",
                Path.of(dir, name).toFile());
    }

    @Test
    void startingPausingSteppingAndStoppingATinyTrainingLeavesACheckpoint(FxRobot robot) throws Exception {
        Path out = tmp.resolve("tiny-run");
        robot.interact(() -> view.form().setNewRun("builtin:digits", Architecture.DCGAN, 28, 256, 16, 8, 32, 100_000, 5, out));
        robot.clickOn("#train-start");
        waitUntil("the charts receive points", 30, () -> view.charts().losses().series().get(0).added() >= 5
                && view.charts().outputs().series().get(0).added() >= 5);
        waitUntil("a sample grid arrives", 15, () -> view.samples().size() >= 1);
        assertTrue(fx(() -> !view.charts().showsVae() && !view.reconstructions().isShown()
                && view.controls().partStepsNote() == null), "a GAN's run shows a GAN's charts and D, G steps");
        waitUntil("the status bar shows the training", 5,
                () -> ws.trainingStateProperty().get().startsWith("Training: iteration"));
        waitUntil("a snapshot of G becomes the workspace's model", 15, () -> ws.model() != null);
        assertEquals(16, fx(() -> ws.model().nz()));
        robot.interact(() -> worstFrameGap[0] = 0); // from here on: the FX thread while training runs
        assertTrue(fx(() -> ws.model().name()).contains("iteration"));

        waitUntil("the timeline can be exported as a video", 30, () -> !robot.lookup("#train-export-timeline")
                .queryAs(javafx.scene.control.Button.class).isDisabled());
        screenshot("train-view.png");
        robot.clickOn("#train-pause");
        assertEquals(fx(() -> view.samples().size()), fx(() -> view.timelineJob().frames().size()),
                "every grid is a frame");
        waitUntil("the run pauses", 10, () -> view.run().state() == TrainingRun.State.PAUSED);
        long it = view.run().iteration();
        long dPoints = fx(() -> view.charts().outputs().series().get(0).added());
        long gPoints = fx(() -> view.charts().losses().series().get(2).added());
        robot.clickOn("#train-step-d");
        waitUntil("one D update is charted", 10, () -> view.charts().outputs().series().get(0).added() == dPoints + 1);
        assertEquals(gPoints, fx(() -> view.charts().losses().series().get(2).added()), "a D step has no G loss");
        robot.clickOn("#train-step-g");
        waitUntil("one G update is charted", 10, () -> view.charts().losses().series().get(2).added() == gPoints + 1);
        robot.clickOn("#train-step");
        waitUntil("one whole iteration runs", 10, () -> view.run().iteration() == it + 1);
        assertEquals(TrainingRun.State.PAUSED, view.run().state());

        robot.clickOn("#train-stop");
        waitUntil("the run stops", 30, () -> view.run().state() == TrainingRun.State.STOPPED);
        assertTrue(Files.isRegularFile(out.resolve("checkpoint").resolve("state.json")), "checkpoint written");
        assertTrue(Files.isRegularFile(out.resolve("model.json")), "model written");
        assertTrue(Files.isRegularFile(out.resolve("train.csv")));
        waitUntil("the status bar says it stopped", 5,
                () -> ws.trainingStateProperty().get().startsWith("Training stopped"));
        waitUntil("the saved model is opened for the other views", 15,
                () -> ws.model() != null && ws.model().path() != null && ws.model().path().equals(out)
                        && !ws.model().name().contains("iteration"));
        System.out.printf("worst FX frame gap while training: %.0f ms%n", worstFrameGap[0] / 1e6);

        // continue the saved model from its checkpoint for two more iterations
        long stoppedAt = view.run().iteration();
        robot.interact(() -> view.form().setContinue(out, 2));
        robot.clickOn("#train-start");
        waitUntil("the continued run finishes", 30, () -> view.run().state() == TrainingRun.State.FINISHED);
        assertEquals(stoppedAt + 2, view.run().iteration());
        assertEquals(stoppedAt + 2, dev.latentlab.train.Checkpoint.readState(out.resolve("checkpoint")).iteration);
    }

    /** The existing-model dialog's pane, once it shows. */
    private static javafx.scene.control.DialogPane existingModelDialog(FxRobot robot) {
        waitUntil("the existing-model question shows", 10, () -> robot.listWindows().stream()
                .filter(javafx.stage.Window::isShowing).anyMatch(w -> w.getScene().getRoot()
                        instanceof javafx.scene.control.DialogPane p && "train-existing-dialog".equals(p.getId())));
        return fx(() -> robot.listWindows().stream().filter(javafx.stage.Window::isShowing)
                .map(w -> w.getScene().getRoot()).filter(r -> "train-existing-dialog".equals(r.getId()))
                .map(r -> (javafx.scene.control.DialogPane) r).findFirst().orElseThrow());
    }

    private void answer(FxRobot robot, javafx.scene.control.DialogPane pane, javafx.scene.control.ButtonType b) {
        javafx.stage.Window w = fx(() -> pane.getScene().getWindow());
        robot.clickOn(fx(() -> pane.lookupButton(b)));
        waitUntil("the question closes", 10, () -> !fx(w::isShowing));
    }

    @Test
    void aNewRunIntoAFolderThatHoldsAModelAsksToContinueReplaceOrCancel(FxRobot robot) throws Exception {
        Path out = dev.latentlab.TinyModels.vivid(tmp.resolve("occupied"), "old", 7);
        byte[] oldModel = Files.readAllBytes(out.resolve("model.json"));
        robot.interact(() -> view.form().setNewRun("builtin:digits", Architecture.DCGAN, 28, 64, 16, 8, 16, 3, 5, out));

        robot.clickOn("#train-start");
        javafx.scene.control.DialogPane ask = existingModelDialog(robot);
        assertTrue(fx(ask::getHeaderText).contains("already holds a model (model.json)"), fx(ask::getHeaderText));
        answer(robot, ask, ExistingModelQuestion.CANCEL);
        assertTrue(view.run() == null, "cancel starts nothing");
        org.junit.jupiter.api.Assertions.assertArrayEquals(oldModel, Files.readAllBytes(out.resolve("model.json")),
                "cancel leaves the model as it was");

        robot.clickOn("#train-start");
        answer(robot, existingModelDialog(robot), ExistingModelQuestion.REPLACE);
        waitUntil("the new run finishes", 60, () -> view.run() != null
                && view.run().state() == TrainingRun.State.FINISHED);
        try (dev.latentlab.model.GanModel m = dev.latentlab.model.ModelStore.open(out)) {
            assertEquals(16, m.nz(), "the folder holds the new model");
            assertEquals(3, m.info().provenance.iterations);
        }

        robot.clickOn("#train-start");
        ask = existingModelDialog(robot);
        assertTrue(fx(ask::getHeaderText).contains("a training run's checkpoint (iteration 3)"), fx(ask::getHeaderText));
        TrainingRun replaced = view.run();
        answer(robot, ask, ExistingModelQuestion.CONTINUE);
        waitUntil("the continued run finishes", 60, () -> view.run() != replaced
                && view.run().state() == TrainingRun.State.FINISHED);
        assertEquals(6, view.run().iteration(), "continued from iteration 3 for 3 more");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void averagingGSavesTheAverageAsTheModel(FxRobot robot) throws Exception {
        Path out = tmp.resolve("ema-run");
        robot.interact(() -> view.form().setNewRun("builtin:digits", Architecture.DCGAN, 28, 256, 16, 8, 32, 6, 5, out));
        robot.interact(() -> { // the form scrolls: bring its lower half into view, as a user would
            for (javafx.scene.Node n = robot.lookup("#train-ema").query(); n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.ScrollPane sp) {
                    sp.setVvalue(sp.getVmax());
                }
            }
        });
        robot.clickOn("#train-ema");
        robot.clickOn("#train-start");
        waitUntil("the run finishes", 60, () -> view.run() != null
                && view.run().state() == TrainingRun.State.FINISHED);
        Path ckpt = out.resolve("checkpoint");
        assertTrue(Files.isRegularFile(ckpt.resolve(dev.latentlab.train.Checkpoint.EMA)), "the average is kept");
        assertEquals(0.999, dev.latentlab.train.Checkpoint.readState(ckpt).config.ema);
        float[] avg = dev.latentlab.io.Npy.readNpz(ckpt.resolve(dev.latentlab.train.Checkpoint.EMA))
                .get("main.0.weight").data();
        try (dev.latentlab.model.GanModel m = dev.latentlab.model.ModelStore.open(out)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(avg,
                    m.generator().params().toArrays().get("main.0.weight").data(), "the saved model is the average");
        }
    }

    @Test
    void choosingAVaeInTheFormGivesAVaeConfigWithItsBetaAndLikelihood(FxRobot robot) {
        assertTrue(robot.lookup("#train-lr-d").tryQuery().isPresent(), "a GAN shows D's learning rate");
        assertTrue(robot.lookup("#train-kl-weight").tryQuery().isEmpty(), "and no β");
        robot.interact(() -> robot.lookup("#train-arch").<javafx.scene.control.ChoiceBox<Architecture>>query().setValue(Architecture.VAE));
        for (String ganOnly : java.util.List.of("#train-lr-d", "#train-lr-g", "#train-d-steps", "#train-loss",
                "#train-noise", "#train-ema")) {
            assertTrue(robot.lookup(ganOnly).tryQuery().isEmpty(), ganOnly + " is a GAN's setting");
        }
        javafx.scene.control.TextField sigma = robot.lookup("#train-sigma").queryAs(javafx.scene.control.TextField.class);
        assertTrue(fx(sigma::isDisabled), "auto on gray digits is Bernoulli: σ is unused");
        assertTrue(fx(() -> robot.lookup("#train-likelihood-help").queryAs(javafx.scene.control.Label.class)
                .getText()).contains("these images: Bernoulli"));
        TrainConfig defaults = fx(() -> view.form().config());
        assertTrue(defaults.isVae());
        assertEquals("vae", defaults.arch);
        assertEquals(1.0, defaults.beta);
        assertEquals("auto", defaults.likelihood);
        assertEquals(1e-3, defaults.lrD);
        assertEquals(1e-3, defaults.lrG, "one learning rate for both networks");
        assertEquals(0.9, defaults.beta1);

        robot.interact(() -> view.form().vae().set(5e-4, 4, VaeSettings.Likelihood.GAUSSIAN, 0.2));
        assertTrue(fx(() -> !sigma.isDisabled()), "the Gaussian uses σ");
        TrainConfig c = fx(() -> view.form().config());
        assertEquals(4.0, c.beta);
        assertEquals("gaussian", c.likelihood);
        assertEquals(0.2, c.sigma);
        assertEquals(5e-4, c.lrG);
        c.validate();

        robot.interact(() -> robot.lookup("#train-arch").<javafx.scene.control.ChoiceBox<Architecture>>query().setValue(Architecture.MLP));
        TrainConfig gan = fx(() -> view.form().config());
        assertTrue(!gan.isVae() && gan.arch.equals("mlp"));
        assertEquals(2e-4, gan.lrD, "a GAN keeps the DCGAN paper's defaults");
        assertEquals(0.5, gan.beta1);
        assertTrue(robot.lookup("#train-kl-weight").tryQuery().isEmpty(), "β is a VAE's setting");
    }

    @Test
    void theStableRecipeFillsTheFormAndGivesAConfigThatTrains(FxRobot robot) {
        javafx.scene.control.ChoiceBox<String> recipe = robot.lookup("#train-recipe").query();
        assertEquals("Classic", fx(recipe::getValue), "the classic loop stays the default");
        robot.interact(() -> recipe.setValue("Stable"));
        TrainConfig c = fx(() -> view.form().config());
        assertEquals("stable", c.recipe);
        assertTrue(c.spectralNorm, "spectral norm in D");
        assertEquals(TrainConfig.Loss.HINGE, c.loss);
        assertEquals(4e-4, c.lrD);
        assertEquals(1e-4, c.lrG);
        assertEquals(0.0, c.beta1);
        assertEquals(0.9, c.beta2);
        assertEquals(TrainConfig.Decay.LINEAR, c.lrDecay);
        assertTrue(c.ema > 0);
        c.validate();
        robot.interact(() -> robot.lookup("#train-spectral").<javafx.scene.control.CheckBox>query().setSelected(false));
        assertTrue(!fx(() -> view.form().config()).spectralNorm, "each setting can still be changed");
        robot.interact(() -> recipe.setValue("Classic"));
        TrainConfig classic = fx(() -> view.form().config());
        assertEquals(TrainConfig.Loss.NON_SATURATING, classic.loss);
        assertEquals(2e-4, classic.lrD);
        assertTrue(!classic.spectralNorm && classic.lrDecay == TrainConfig.Decay.NONE);
    }

    @Test
    void aVaeRunChartsItsElboShowsReconstructionsAndHasNoDOrGSteps(FxRobot robot) throws Exception {
        Path out = tmp.resolve("vae-run");
        robot.interact(() -> view.form().setNewRun("builtin:digits", Architecture.VAE, 28, 256, 16, 8, 32, 100_000, 5,
                out));
        robot.clickOn("#train-start");
        waitUntil("the VAE's charts receive points", 30, () -> view.charts().recon().series().get(0).added() >= 5
                && view.charts().kl().series().get(0).added() >= 5 && view.charts().elbo().series().get(0).added() >= 5);
        assertTrue(fx(() -> view.charts().showsVae() && view.charts().recon().getScene() != null
                && view.charts().losses().getScene() == null), "the VAE's charts replace the GAN's");
        assertEquals(0L, fx(() -> view.charts().losses().series().get(0).added()), "no GAN losses");
        double bits = fx(() -> view.charts().elbo().series().get(0).lastY());
        assertTrue(bits > 0 && bits < 8, "bits/dim of gray levels " + bits);

        // (at iteration 1 the decoder's output is nearly flat gray; a few dozen iterations draw strokes)
        waitUntil("reconstructions arrive, past the first iterations", 30, () -> view.reconstructions().grid() != null
                && view.reconstructions().grid().iteration() >= 40);
        assertTrue(fx(() -> view.reconstructions().isShown() && view.reconstructions().node().getScene() != null));
        SampleHistory.Grid g = fx(() -> view.reconstructions().grid());
        assertEquals(2 * TrainingRun.RECONSTRUCTION_COUNT / SampleHistory.GRID_COLUMNS, (g.height() - 2) / (28 + 2),
                "rows of (image, reconstruction) pairs");
        int[] shown = fx(() -> view.reconstructions().view().pixels());
        org.junit.jupiter.api.Assertions.assertArrayEquals(g.argb(), shown, "the grid is on screen");
        System.out.printf("reconstructions of iteration %d: %d and %d distinct values%n", g.iteration(),
                distinctIn(g, 0), distinctIn(g, 1));
        assertTrue(distinctIn(g, 0) > 2 && distinctIn(g, 1) > 2, "a digit and its reconstruction, not blank cells");
        screenshot("train-view-vae.png");

        robot.clickOn("#train-pause");
        waitUntil("the run pauses", 10, () -> view.run().state() == TrainingRun.State.PAUSED);
        assertTrue(fx(() -> robot.lookup("#train-step-d").query().isDisabled()
                && robot.lookup("#train-step-g").query().isDisabled()), "a VAE has no D or G step");
        assertTrue(fx(() -> !robot.lookup("#train-step").query().isDisabled()), "but steps whole iterations");
        assertTrue(fx(() -> view.controls().partStepsNote()).contains("no D or G step"));
        String figure = fx(() -> robot.lookup("#train-bits-per-dim").queryAs(javafx.scene.control.Label.class)
                .getText());
        assertTrue(fx(() -> robot.lookup("#train-bits-per-dim").query().isVisible()), "the figures show bits/dim");
        assertEquals(fx(() -> view.charts().elbo().series().get(0).lastY()), Double.parseDouble(figure.replace(',',
                '.')), 6e-4, "the figures line's bits/dim is the newest: " + figure);
        long it = view.run().iteration();
        robot.clickOn("#train-step");
        waitUntil("one iteration runs", 10, () -> view.run().iteration() == it + 1);
        robot.clickOn("#train-stop");
        waitUntil("the run stops", 30, () -> view.run().state() == TrainingRun.State.STOPPED);
        assertTrue(Files.isRegularFile(out.resolve("reconstructions.png")));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /** Distinct pixel values in the grid's cell n (28×28, 2-pixel gaps). */
    private static long distinctIn(SampleHistory.Grid g, int n) {
        int x0 = 2 + (n % SampleHistory.GRID_COLUMNS) * 30;
        int y0 = 2 + (n / SampleHistory.GRID_COLUMNS) * 30;
        java.util.Set<Integer> values = new java.util.HashSet<>();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                values.add(g.argb()[(y0 + y) * g.width() + x0 + x]);
            }
        }
        return values.size();
    }

    @Test
    void chartsKeepABoundedNumberOfPointsEachTheAverageOfThoseItReplaces() {
        TimeSeriesChart chart = fx(() -> new TimeSeriesChart("test"));
        TimeSeriesChart.Series s = chart.addSeries("s", CanvasPane.Ink.REAL);
        // a curve that zig-zags between +1 and −1: every average of neighbours is 0, every kept
        // original point is ±1, so a decimation that drops points instead of averaging them fails
        for (int i = 0; i < 100_000; i++) {
            chart.add(s, i, i % 2 == 0 ? 1 : -1);
        }
        assertTrue(s.size() <= TimeSeriesChart.CAPACITY, "stored " + s.size());
        assertTrue(s.size() >= TimeSeriesChart.CAPACITY / 2, "stored " + s.size());
        assertEquals(100_000, s.added());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(0, s.ys[i], 1e-12, "point " + i + " of " + s.size() + " is an average of its neighbours");
            assertTrue(i == 0 || s.xs[i] > s.xs[i - 1], "in order");
        }
        assertEquals(100_000 / 2.0, (s.xs[0] + s.xs[s.size() - 1]) / 2, 100_000 * 0.02, "and spans the whole run");
    }

    @Test
    void theFixedZGridShowsAtTheFirstIterationAndThenEveryFewSeconds(FxRobot robot) throws Exception {
        Path out = tmp.resolve("grid-run");
        // saved every 100,000 iterations: the view's grids come from the wall-time schedule
        robot.interact(() -> view.form().setNewRun("builtin:digits", Architecture.DCGAN, 28, 256, 16, 8, 32,
                100_000, 100_000, out));
        robot.clickOn("#train-start");
        waitUntil("a sample grid arrives", 30, () -> view.samples().size() >= 1);
        assertEquals(1L, fx(() -> view.samples().iterations().get(0)), "the first grid is of iteration 1");
        assertTrue(fx(() -> robot.lookup("#train-timeline-label").queryAs(javafx.scene.control.Label.class)
                .getText()).startsWith("Iteration 1 "), "not \"No samples yet\"");
        long t0 = System.nanoTime();
        waitUntil("a second grid", 10 + dev.latentlab.train.TrainingRun.LIVE_SAMPLE_SECONDS,
                () -> view.samples().size() >= 2);
        System.out.printf("second grid after %.1f s, at iteration %d%n", (System.nanoTime() - t0) / 1e9,
                fx(() -> view.samples().iterations().get(1)));
        robot.clickOn("#train-stop");
        waitUntil("the run stops", 30, () -> view.run().state() == TrainingRun.State.STOPPED);
    }

    @Test
    void theEtaIsGoneOnceTheRunEnds(FxRobot robot) {
        robot.interact(() -> view.form().setNewRun("builtin:digits", Architecture.DCGAN, 28, 256, 16, 8, 32,
                100_000, 100_000, tmp.resolve("eta-run")));
        robot.clickOn("#train-start");
        javafx.scene.control.Label eta = robot.lookup("#train-eta").queryAs(javafx.scene.control.Label.class);
        waitUntil("an ETA is shown", 30, () -> !eta.getText().equals("–"));
        robot.clickOn("#train-stop");
        waitUntil("the run ends", 60, () -> !view.running());
        waitUntil("the ETA is cleared", 5, () -> eta.getText().equals("–"));
    }

    @Test
    void continuingAModelThatNamesNoTrainingDataIsRefusedClearly(FxRobot robot) throws Exception {
        // a model folder without a checkpoint whose model.json names no dataset
        Path model = dev.latentlab.TinyModels.write(tmp.resolve("no-data"), NetSpec.dcgan(28, 1, 16, 8, 8), 2);
        robot.interact(() -> view.form().setContinue(model, 2));
        robot.clickOn("#train-start");
        waitUntil("the start is refused", 15, () -> !errors.isEmpty());
        assertTrue(errors.get(0).startsWith("Cannot start training") && errors.get(0).contains(
                "does not say what data it was trained on"), errors.toString());
        assertEquals(null, view.run(), "nothing trains (not even on the built-in digits)");
        assertTrue(fx(() -> !robot.lookup("#train-start").query().isDisabled()), "and the form is usable again");
    }

    @Test
    void theOneDimensionalLabTrainsLiveAndItsDensityIntegratesToOne(FxRobot robot) throws Exception {
        robot.interact(() -> view.tabs().getSelectionModel().select(view.tabs().getTabs().stream().filter(t -> "train-lab-tab".equals(t.getId())).findFirst().orElseThrow()));
        robot.clickOn("#lab-play");
        waitUntil("the lab trains and the plot follows", 15, () -> view.lab().plot().picture() != null
                && view.lab().plot().picture().stats().iteration() > 200);
        screenshot("gan-lab.png");
        var p = fx(() -> view.lab().plot().picture());
        assertNotNull(p);
        assertEquals(1.0, KernelDensity.integral(p.generated(), p.lo(), p.hi()), 0.02);
        robot.clickOn("#lab-play");
        waitUntil("the lab pauses", 5, () -> !view.lab().plot().picture().running());
    }
}
