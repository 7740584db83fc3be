package dev.latentlab.ui.interpolate;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.latent.Prior;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** Interpolate's frame strip follows the frame played, and each keyframe shows its picture. */
@ExtendWith(ApplicationExtension.class)
class InterpolateStripTest {
    @TempDir
    static Path tmp;
    private Workspace ws;
    private InterpolateView view;

    @Start
    void start(Stage stage) {
        Path model = TinyModels.vivid(tmp.resolve("models").resolve("tiny"), "tiny", 1);
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home-" + System.nanoTime())));
        view = new InterpolateView(ws);
        stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1024, 700));
        stage.show();
        ws.open(model).thenRun(() -> javafx.application.Platform.runLater(view::shown));
    }

    @Stop
    void stop() {
        ws.close();
    }

    private void fourKeyframes() {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        Random r = new Random(3);
        List<float[]> keys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            keys.add(Prior.sample(TinyModels.NZ, r));
        }
        fx(() -> {
            view.setKeyframes(keys);
            return null;
        });
        // 16 frames per segment: 49 cells of 62 px, far wider than the window
        waitUntil("the path is drawn", 30, () -> view.ready() && view.frameTotal() == 49);
    }

    @Test
    void theStripFollowsTheFramePlayed() {
        fourKeyframes();
        assertTrue(fx(() -> view.frameInStripView(0)), "the first frame is in view");
        assertFalse(fx(() -> view.frameInStripView(48)), "the last is not, before it plays");
        fx(() -> {
            view.playback().set(60, false, false);
            view.playback().setPlaying(true);
            return null;
        });
        waitUntil("the playback reaches the last third", 20, () -> view.frameIndex() >= 36);
        fx(() -> {
            view.playback().setPlaying(false);
            return null;
        });
        int shown = fx(view::frameIndex);
        assertTrue(fx(() -> view.frameInStripView(shown)), "the strip scrolled with the frame played: " + shown);
        assertFalse(fx(() -> view.frameInStripView(0)), "and left the first frames behind");
    }

    @Test
    void everyKeyframeShowsItsPicture(FxRobot robot) {
        fourKeyframes();
        for (int k = 0; k < 4; k++) {
            int key = k;
            Image thumb = fx(() -> view.keyframePanel().thumbnail(key));
            assertNotNull(thumb, "keyframe " + (k + 1) + " has a picture");
            int[] px = new int[32 * 32];
            fx(() -> {
                thumb.getPixelReader().getPixels(0, 0, 32, 32, PixelFormat.getIntArgbInstance(), px, 0, 32);
                return null;
            });
            assertArrayEquals(fx(() -> view.frames().get(16 * key)), px, "keyframe " + (k + 1) + " is G of its z");
        }
        // the list's cells take the pictures on the next layout pulse after the last one is drawn
        waitUntil("the list shows the four pictures beside their labels", 10, () -> shownInList(robot) >= 4);
    }

    private long shownInList(FxRobot robot) {
        // called on the FX thread (waitUntil runs its condition there)
        return robot.lookup("#keyframes .keyframe-thumb").queryAllAs(ImageView.class).stream()
                .filter(v -> v.getImage() != null && v.isVisible() && v.getScene() != null).count();
    }
}
