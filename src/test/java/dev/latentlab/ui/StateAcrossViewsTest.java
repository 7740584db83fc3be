package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latentlab.TinyModels;
import dev.latentlab.ui.shell.AppShell;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** What one view shows after the user changed something elsewhere: the current state, not the state at start. */
@ExtendWith(ApplicationExtension.class)
class StateAcrossViewsTest {
    private static final AtomicInteger RUN = new AtomicInteger();
    @TempDir
    static Path tmp;
    static Path root;
    private LatentLabApp app;

    @BeforeAll
    static void library() {
        root = tmp.resolve("root");
        TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
        TinyModels.vivid(root.resolve("models").resolve("other"), "other", 2);
    }

    @Start
    void start(Stage stage) {
        app = new LatentLabApp(new AppPaths(root, tmp.resolve("home-" + RUN.incrementAndGet())));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    private AppShell shell() {
        return app.shell();
    }

    private void awaitImage() {
        waitUntil("the model shows an image", 15, () -> shell().workspace().model() != null
                && shell().explore().frameView().frameCount() > 0);
    }

    @Test
    void interpolatesFirstKeyframeIsTheCurrentZAfterRandomize(FxRobot robot) {
        awaitImage();
        float[] start = fx(() -> shell().workspace().z().clone());
        robot.clickOn("#randomize");
        waitUntil("z changes", 5, () -> !Arrays.equals(start, shell().workspace().z()));
        float[] now = fx(() -> shell().workspace().z().clone());
        robot.clickOn("#nav-interpolate");
        assertArrayEquals(now, fx(() -> shell().interpolate().keyframeZs().get(0)),
                "K1 · current z is the z Explore shows now");
    }

    @Test
    void undoHistorySurvivesAModelSwitch(FxRobot robot) {
        awaitImage();
        robot.clickOn("#randomize");
        float[] first = fx(() -> shell().workspace().z().clone());
        robot.clickOn("#randomize");
        waitUntil("z changes", 5, () -> !Arrays.equals(first, shell().workspace().z()));
        fx(() -> shell().workspace().open(root.resolve("models").resolve("other"))).join();
        assertEquals("other", fx(() -> shell().workspace().model().name()));
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil("undo returns to the z before the last Randomize", 5,
                () -> Arrays.equals(first, shell().workspace().z()));
    }
}
