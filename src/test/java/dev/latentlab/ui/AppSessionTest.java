package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/**
 * A session in the app: what one view shows after the user changed something elsewhere (the
 * current state, not the state at start), what survives a model switch, and quitting.
 */
class AppSessionTest extends TwoModelApp {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() {
        close();
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

    @Test
    void ctrlQQuitsAsClosingTheWindowDoes(FxRobot robot) {
        awaitImage();
        java.util.concurrent.atomic.AtomicInteger closeRequests = new java.util.concurrent.atomic.AtomicInteger();
        fx(() -> {
            stage.addEventFilter(javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST, e -> closeRequests.incrementAndGet());
            return null;
        });
        robot.clickOn("#randomize"); // the focus on a button: the keys go to the window
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        waitUntil("the window closes", 5, () -> !stage.isShowing());
        assertEquals(1, closeRequests.get(), "through the window's close request, as its close button");
    }
}
