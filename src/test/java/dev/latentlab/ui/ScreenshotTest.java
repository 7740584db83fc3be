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
 * without it a tiny untrained model is used). {@code -Dlatentlab.screenshots.only=train} takes only
 * the Train view's shots ({@code views}: only the other views'; both by default).
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private static final String PROPERTY = "latentlab.screenshots";
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
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().workspace().model() != null && app.shell().explore().frameView().frameCount() > 0).get());
        Thread.sleep(1500); // let strips fill in
        if (wanted("views")) {
            views(robot, dir);
        }
        if (wanted("train")) {
            train(robot, dir);
        }
    }

    private void views(FxRobot robot, Path dir) throws Exception {
        shot(robot, dir.resolve("explore.png"));
        robot.clickOn("Directions");
        Thread.sleep(500);
        shot(robot, dir.resolve("directions.png"));
        robot.clickOn("#nav-interpolate");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().interpolate().ready()).get());
        shot(robot, dir.resolve("interpolate.png"));
        robot.clickOn("#nav-ablate");
        shot(robot, dir.resolve("ablate.png"));
        robot.clickOn("#nav-arithmetic");
        robot.clickOn("#expression-presets");
        // the menu's item, not the result's title, which reads the same
        robot.clickOn(robot.lookup(".context-menu .label").match(org.testfx.matcher.control.LabeledMatchers.hasText(
                ArithmeticEval.EXPRESSIONS.get(0).describe())).queryLabeled());
        Thread.sleep(3000); // the result grid and its readouts
        shot(robot, dir.resolve("arithmetic.png"));
        robot.clickOn("#nav-compare");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().compare().showsBoth()).get());
        robot.clickOn("#compare-measure");
        robot.clickOn("#compare-reconstruct-data");
        WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().compare().hasFigures() && app.shell().compare().hasReconstruction()).get());
        shot(robot, dir.resolve("compare.png"));
    }

    private void train(FxRobot robot, Path dir) throws Exception {
        // Train: one iteration of a run taken apart (the form's defaults), then the 2-D lab playing
        robot.clickOn("#nav-train");
        robot.clickOn("#train-start");
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                app.shell().workspace().trainingStateProperty().get().startsWith("Training: iteration")).get());
        robot.clickOn("#train-losses-tab");
        Thread.sleep(4000); // the dots move
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

    /** Whether -Dlatentlab.screenshots.only (views, train or both, comma-separated) asks for this group. */
    private static boolean wanted(String group) {
        String only = System.getProperty("latentlab.screenshots.only", "");
        return only.isBlank() || java.util.Arrays.stream(only.split(",")).anyMatch(p -> p.strip().equals(group));
    }

    private void shot(FxRobot robot, Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> app.shell().root().getScene().snapshot(null))
                .get(10, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
    }
}
