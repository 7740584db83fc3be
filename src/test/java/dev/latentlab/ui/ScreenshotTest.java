package dev.latentlab.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.ArithmeticEval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Screenshots of the views for the README and docs/app.md, only when asked:
 * {@code -Dlatentlab.screenshots=DIR} (and {@code -Dlatentlab.root=…} for the shipped models;
 * without it a tiny untrained model is used). {@code -Dlatentlab.screenshots.only=inside,ablate}
 * takes only those views' (Explore's always come first).
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private static final String PROPERTY = "latentlab.screenshots";
    private static final String ONLY = "latentlab.screenshots.only";
    /** A model file for the own-model screenshots (docs/own-model.md), taken after the others. */
    private static final String OWN = "latentlab.screenshots.own";
    private Stage stage;
    @TempDir
    static Path tmp;
    private LatentLabApp app;

    @Start
    void start(Stage stage) {
        if (System.getProperty(PROPERTY) == null) {
            return;
        }
        Path root = System.getProperty("latentlab.root") != null ? Path.of(System.getProperty("latentlab.root"))
                : TinyModels.vivid(tmp.resolve("root/models/tiny"), "tiny", 1).getParent().getParent();
        this.stage = stage;
        app = new LatentLabApp(new AppPaths(root, tmp.resolve("home")));
        app.start(stage);
    }

    @Stop
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void screenshots(FxRobot robot) throws Exception {
        assumeTrue(System.getProperty(PROPERTY) != null, "set -D" + PROPERTY + "=DIR to take screenshots");
        Path dir = Path.of(System.getProperty(PROPERTY));
        Files.createDirectories(dir);
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().workspace().model() != null && app.shell().explore().frameView().frameCount() > 0).get());
        robot.interact(() -> { // the README's size (the app opens at 1280×820 where the screen allows)
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        Thread.sleep(1500); // let strips fill in
        shot(robot, dir.resolve("explore.png"));
        if (wanted("directions")) {
            robot.clickOn("Directions");
            Thread.sleep(500);
            shot(robot, dir.resolve("directions.png"));
        }
        if (wanted("inside")) {
            inside(robot, dir);
        }
        if (wanted("interpolate")) {
            robot.clickOn("#nav-interpolate");
            WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                    app.shell().interpolate().ready()).get());
            shot(robot, dir.resolve("interpolate.png"));
        }
        if (wanted("ablate")) {
            robot.clickOn("#nav-ablate");
            shot(robot, dir.resolve("ablate.png"));
            ablateRemoval(robot, dir);
        }
        if (wanted("arithmetic")) {
            arithmetic(robot, dir);
        }
        if (wanted("compare")) {
            compare(robot, dir);
        }
        if (wanted("explore-1024x700")) {
            explore1024(robot, dir);
        }
        if (wanted("train")) {
            train(robot, dir);
        }
        if (System.getProperty(OWN) != null) {
            ownModel(robot, dir, Path.of(System.getProperty(OWN)));
        }
    }

    /**
     * docs/own-model.md's walkthrough: a PyTorch file no shipped reader reads ({@code -Dlatentlab.screenshots.own=
     * FILE}), as Explore's Edits (the notice, a picked direction), Ablate's Classifier tab and Arithmetic show it.
     */
    private void ownModel(FxRobot robot, Path dir, Path file) throws Exception {
        robot.clickOn("#nav-explore");
        WaitForAsyncUtils.asyncFx(() -> app.shell().workspace().open(file)).get(60, TimeUnit.SECONDS)
                .get(240, TimeUnit.SECONDS);
        Thread.sleep(1500);
        shot(robot, dir.resolve("own-explore.png"));
        robot.clickOn("Edits");
        Thread.sleep(1000);
        shot(robot, dir.resolve("own-edits.png"));
        robot.clickOn("Direction from picks");
        Thread.sleep(800);
        shot(robot, dir.resolve("own-picks.png"));
        robot.clickOn("Direction from picks");
        robot.clickOn("#nav-ablate");
        robot.clickOn("Classifier");
        Thread.sleep(1000);
        shot(robot, dir.resolve("own-ablate.png"));
        robot.clickOn("#nav-arithmetic");
        Thread.sleep(2000);
        shot(robot, dir.resolve("own-arithmetic.png"));
    }

    /** The removal, seen: the classifier's top 5 hat channels removed, its figure and the pictures. */
    private void ablateRemoval(FxRobot robot, Path dir) throws Exception {
        robot.clickOn("Classifier");
        robot.clickOn("#rank-classifier");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(
                "#ranking-label").queryAs(javafx.scene.control.Label.class).getText().startsWith("Ranked by")).get());
        robot.interact(() -> robot.lookup("#top-k").queryAs(javafx.scene.control.Slider.class).setValue(5));
        robot.clickOn("The removal, seen");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> robot.lookup(
                "#removal-figure").queryAs(javafx.scene.control.Label.class).getText().contains("RMS")).get());
        Thread.sleep(500);
        shot(robot, dir.resolve("ablate-removal.png"));
        robot.clickOn("Channels");
        robot.clickOn("#restore-all");
    }

    /** Explore in the smallest window the app is made for. */
    private void explore1024(FxRobot robot, Path dir) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        robot.clickOn("#nav-explore");
        Thread.sleep(1500);
        shot(robot, dir.resolve("explore-1024x700.png"));
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
    }

    /** Train, last (its model would become the other views'): the built-in digits for a few seconds. */
    private void train(FxRobot robot, Path dir) throws Exception {
        robot.clickOn("#nav-train");
        robot.interact(() -> {
            robot.lookup("#train-use-in-views").queryAs(javafx.scene.control.CheckBox.class).setSelected(false);
            robot.lookup("#train-out").queryAs(javafx.scene.control.TextField.class)
                    .setText(tmp.resolve("train-out").toString());
        });
        robot.clickOn("#train-start");
        Thread.sleep(40_000);
        robot.clickOn("#train-pause");
        robot.interact(() -> { // the settings from their top: the data and the network
            javafx.scene.Node n = robot.lookup("#train-out").query();
            while (n != null && !(n instanceof javafx.scene.control.ScrollPane)) {
                n = n.getParent();
            }
            if (n instanceof javafx.scene.control.ScrollPane sp) {
                sp.setVvalue(0);
            }
        });
        Thread.sleep(2000);
        shot(robot, dir.resolve("train-view.png"));
        robot.clickOn("#train-pause"); // on again: the losses' dots move, then one iteration taken apart
        robot.clickOn("#train-losses-tab");
        Thread.sleep(4000);
        shot(robot, dir.resolve("train-losses.png"));
        robot.clickOn("#train-step-through-tab");
        for (int k = 1; k <= 5; k++) {
            robot.clickOn("#step-through-next");
            String want = k == 5 ? "Step 5 of 5 done" : "Step " + k + " of 5";
            WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                    robot.lookup("#step-through-where").queryLabeled().getText().startsWith(want)).get());
            if (k == 3) {
                shot(robot, dir.resolve("train-step-through-3.png"));
            }
        }
        shot(robot, dir.resolve("train-step-through.png"));
        robot.clickOn("#train-stop");
        robot.clickOn("#train-lab2d-tab");
        robot.clickOn("#lab2d-play");
        Thread.sleep(8000);
        robot.clickOn("#lab2d-play");
        Thread.sleep(1000);
        shot(robot, dir.resolve("train-lab2d.png"));
    }

    private static boolean wanted(String view) {
        String only = System.getProperty(ONLY);
        return only == null || java.util.Arrays.asList(only.split(",")).contains(view);
    }

    /** Inside: the stages with stage 3's channel 5 picked, the step view on stage 2, the checkerboard. */
    private void inside(FxRobot robot, Path dir) throws Exception {
        robot.clickOn("#nav-inside");
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().root().getScene().lookup("#mosaic-2") != null).get());
        javafx.scene.Node mosaic = WaitForAsyncUtils.asyncFx(() -> app.shell().root().getScene().lookup("#mosaic-2"))
                .get(60, TimeUnit.SECONDS);
        javafx.geometry.Bounds b = WaitForAsyncUtils.asyncFx(() -> mosaic.localToScreen(mosaic.getLayoutBounds()))
                .get(60, TimeUnit.SECONDS);
        robot.clickOn(new javafx.geometry.Point2D(b.getMinX() + b.getWidth() * 0.45, b.getMinY() + b.getHeight() * 0.3));
        Thread.sleep(500);
        shot(robot, dir.resolve("inside.png"));
        robot.clickOn("Step by step");
        Thread.sleep(2000);
        robot.moveTo("#step-sizes"); // off the canvas: the kernel stays where Step puts it
        for (int i = 0; i < 19; i++) {
            robot.clickOn("#step-next");
        }
        Thread.sleep(500);
        shot(robot, dir.resolve("inside-steps.png"));
        robot.clickOn("Checkerboard");
        Thread.sleep(500);
        shot(robot, dir.resolve("inside-checkerboard.png"));
        robot.clickOn("Feature maps");
    }

    private void arithmetic(FxRobot robot, Path dir) throws Exception {
        robot.clickOn("#nav-arithmetic");
        robot.clickOn("#expression-presets");
        // the menu's item, not the result's title, which reads the same
        robot.clickOn(robot.lookup(".context-menu .label").match(org.testfx.matcher.control.LabeledMatchers.hasText(
                ArithmeticEval.EXPRESSIONS.get(0).describe())).queryLabeled());
        Thread.sleep(3000); // the result grid and its readouts
        shot(robot, dir.resolve("arithmetic.png"));
    }

    private void compare(FxRobot robot, Path dir) throws Exception {
        robot.clickOn("#nav-compare");
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().compare().showsBoth()).get());
        robot.clickOn("#compare-measure");
        robot.clickOn("#compare-reconstruct-data");
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().compare().hasFigures() && app.shell().compare().hasReconstruction()).get());
        shot(robot, dir.resolve("compare.png"));
    }

    private void shot(FxRobot robot, Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> app.shell().root().getScene().snapshot(null))
                .get(60, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
    }
}
