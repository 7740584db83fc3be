package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.ui.widgets.FrameView;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** A VAE opens as the app's model, and Explore, Interpolate, Arithmetic and Ablate draw its decoder's images. */
@ExtendWith(ApplicationExtension.class)
class VaeInEveryViewTest {
    @TempDir
    static Path tmp;
    private LatentLabApp app;
    private Stage stage;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Path root = tmp.resolve("root");
        TinyModels.vae(root.resolve("models").resolve("faces64"), "tiny-vae", 7, null);
        app = new LatentLabApp(new AppPaths(root, tmp.resolve("home")));
        app.start(stage);
        app.shell().workspace().setErrorHandler((title, message) -> errors.add(title + ": " + message));
    }

    @Stop
    void stop() {
        app.stop();
    }

    /** How many pictures the window shows now: frames drawn by visible frame views, and visible images. */
    private long framesShown() {
        return fx(() -> {
            long n = 0;
            for (Node v : stage.getScene().getRoot().lookupAll("*")) {
                if (!isShowing(v)) {
                    continue;
                }
                if (v instanceof FrameView f) {
                    n += f.frameCount();
                } else if (v instanceof ImageView iv && iv.getImage() != null && !(iv.getParent() instanceof FrameView)) {
                    n++;
                }
            }
            return n;
        });
    }

    private static boolean isShowing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyViewThatTakesAGeneratorTakesTheVaesDecoder(FxRobot robot) {
        waitUntil("the VAE is open", 30, () -> app.shell().workspace().model() != null);
        assertTrue(fx(() -> app.shell().workspace().model().name()).equals("tiny-vae"));
        for (String view : new String[] {"explore", "interpolate", "arithmetic", "ablate"}) {
            robot.clickOn("#nav-" + view);
            waitUntil(view + " draws the decoder's images", 30, () -> framesShown() > 0);
        }
        assertTrue(errors.isEmpty(), "no view refused the VAE: " + errors);
    }
}
