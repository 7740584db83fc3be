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

    /** A model of another nz opens without an error in Explore (its z used to arrive before the model did). */
    @Test
    void aModelOfAnotherLatentSizeOpensCleanlyInExplore(FxRobot robot) throws Exception {
        awaitImage();
        assertEquals(16, fx(() -> shell().workspace().model().nz()));
        java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = fx(() -> Thread.currentThread().getUncaughtExceptionHandler());
        fx(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> errors.add(e));
            return null;
        });
        try {
            robot.clickOn("Directions"); // its preview moves z along the open model's directions
            java.nio.file.Path faces64 = java.nio.file.Path.of("models/faces64").toAbsolutePath();
            java.nio.file.Path tiny = root.resolve("models").resolve("tiny");
            // from 16 to 100, and back
            for (java.nio.file.Path m : new java.nio.file.Path[] {faces64, tiny}) {
                int nz = m == faces64 ? 100 : 16;
                fx(() -> shell().workspace().open(m)).get(240, java.util.concurrent.TimeUnit.SECONDS);
                waitUntil(m.getFileName() + " is open", 30, () -> shell().workspace().model().nz() == nz);
                robot.clickOn("#randomize");
                org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
                Thread.sleep(1000);
                assertEquals(java.util.List.of(), errors);
                assertEquals(nz, fx(() -> shell().workspace().z().length));
            }
            // the same switch with Inside and Ablate showing (their views follow z too)
            for (String view : new String[] {"inside", "ablate"}) {
                robot.clickOn("#nav-" + view);
                Thread.sleep(1000);
                for (java.nio.file.Path m : new java.nio.file.Path[] {faces64, tiny}) {
                    fx(() -> shell().workspace().open(m)).get(240, java.util.concurrent.TimeUnit.SECONDS);
                    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
                    Thread.sleep(1500);
                    assertEquals(java.util.List.of(), errors, view + " after opening " + m.getFileName());
                }
            }
        } finally {
            fx(() -> {
                Thread.currentThread().setUncaughtExceptionHandler(before);
                return null;
            });
        }
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
