package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.encode.EncoderTrainer;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.Pixels;
import dev.latentlab.ui.explore.EncodeSession;
import dev.latentlab.ui.explore.EncodeWindow;
import dev.latentlab.ui.shell.AppShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** Explore's "Open image…": the search off the FX thread, target and reconstruction, the z it sets. */
@ExtendWith(ApplicationExtension.class)
class ExploreEncodeTest {
    private static final AtomicInteger RUN = new AtomicInteger();
    @TempDir
    static Path tmp;
    static Path root;
    static Path face;
    private LatentLabApp app;

    @BeforeAll
    static void library() throws Exception {
        root = tmp.resolve("root");
        Path model = TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
        face = tmp.resolve("face.png");
        try (GanModel m = ModelStore.open(model)) {
            Pixels.writePng(Pixels.image(m.generate(TinyModels.gaussian(TinyModels.NZ, 21), 1), 0, 1), face);
            // an encoder (a few steps: its guess need not be good), so the window's quick search applies
            try (ImageEncoder e = EncoderTrainer.train(m, new EncoderTrainer.Settings(3, 4, 1e-3, 1), "test",
                    line -> {}, null)) {
                e.save(model);
            }
        }
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

    private EncodeWindow encode(Path file) {
        waitUntil("the model shows an image", 15, () -> shell().workspace().model() != null
                && shell().explore().frameView().frameCount() > 0);
        return fx(() -> {
            EncodeWindow w = shell().explore().encodeWindow();
            w.encode(file);
            return w;
        });
    }

    @Test
    void anOpenedImageIsShownBesideItsReconstructionAndBecomesTheCurrentZ(FxRobot robot) {
        EncodeWindow w = encode(face);
        waitUntil("the search ends", 120, () -> w.session().stateProperty().get() != EncodeSession.State.RUNNING);
        assertEquals(EncodeSession.State.DONE, fx(() -> w.session().stateProperty().get()),
                fx(() -> w.session().statusProperty().get()));
        assertTrue(fx(() -> w.targetView().frameCount()) > 0, "the target is shown");
        assertTrue(fx(() -> w.reconstructionView().frameCount()) > 0, "the reconstruction is shown");
        assertArrayEquals(fx(() -> w.session().result()), fx(() -> shell().workspace().z()),
                "the encoded z is the current z");
        String quick = fx(() -> w.session().statusProperty().get());
        assertTrue(quick.contains("PSNR"), quick);
        assertTrue(quick.contains("encoder guess refined by optimisation") && quick.contains("quick: 40 steps, 2 starts"),
                "a model with an encoder gets the quick search first: " + quick);

        robot.clickOn("#encode-again");
        waitUntil("the thorough search starts and ends", 120,
                () -> w.session().stateProperty().get() == EncodeSession.State.DONE
                        && w.session().statusProperty().get().contains("thorough"));
        String thorough = fx(() -> w.session().statusProperty().get());
        assertTrue(thorough.contains("thorough: 150 steps, 4 starts"), thorough);
        assertTrue(fx(() -> w.session().thoroughProperty().get()), "the Thorough box is ticked");
        assertArrayEquals(fx(() -> w.session().result()), fx(() -> shell().workspace().z()),
                "the thorough result is the current z");
    }

    @Test
    void theEncodedZIsDrawnAsItsReconstructionEvenWhenPsiWasSet(FxRobot robot) {
        waitUntil("the model shows an image", 15, () -> shell().workspace().model() != null
                && shell().explore().frameView().frameCount() > 0);
        javafx.scene.control.Slider psi = robot.lookup("#truncation").queryAs(javafx.scene.control.Slider.class);
        fx(() -> {
            psi.setValue(0.3);
            return null;
        });
        EncodeWindow w = encode(face);
        waitUntil("the search ends", 120, () -> w.session().stateProperty().get() != EncodeSession.State.RUNNING);
        assertEquals(EncodeSession.State.DONE, fx(() -> w.session().stateProperty().get()));
        assertEquals(1.0, fx(psi::getValue), "ψ is back to 1: the search matched G(z), not G(ψ·z)");
        int[] rec = fx(() -> w.reconstructionView().pixels().clone());
        waitUntil("Explore draws what the encode window shows", 15,
                () -> meanLevelDifference(shell().explore().frameView().pixels(), rec) < 2);
    }

    /** Mean absolute difference of two ARGB images in 8-bit levels per channel (a large number when sizes differ). */
    private static double meanLevelDifference(int[] a, int[] b) {
        if (a == null || b == null || a.length != b.length) {
            return Double.MAX_VALUE;
        }
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                sum += Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff));
            }
        }
        return sum / (3.0 * a.length);
    }

    @Test
    void aFileThatIsNoImageSaysWhyAndLeavesZAlone() throws Exception {
        Path text = Files.writeString(tmp.resolve("readme.png"), "no pixels here\n");
        EncodeWindow w = encode(text);
        float[] before = fx(() -> shell().workspace().z());
        waitUntil("the search ends", 60, () -> w.session().stateProperty().get() != EncodeSession.State.RUNNING);
        assertEquals(EncodeSession.State.FAILED, fx(() -> w.session().stateProperty().get()));
        assertTrue(fx(() -> w.session().statusProperty().get()).contains("not an image"),
                fx(() -> w.session().statusProperty().get()));
        assertArrayEquals(before, fx(() -> shell().workspace().z()));
    }
}
