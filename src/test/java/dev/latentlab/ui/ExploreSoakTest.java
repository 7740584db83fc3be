package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/**
 * Explore over a long session: z-slider drags and model switches for {@code latentlab.soak.minutes}
 * (opt in: {@code mvn test -Dtest=ExploreSoakTest -Dlatentlab.soak.minutes=20}); the process's
 * resident memory must end within 50 MB of where it stood after the first tenth of the session.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "latentlab.soak.minutes", matches = "[0-9.]+")
class ExploreSoakTest {
    @TempDir
    static Path tmp;
    static Path root;
    private LatentLabApp app;

    @BeforeAll
    static void library() {
        root = tmp.resolve("root");
        TinyModels.vivid(root.resolve("models").resolve("a"), "a", 1);
        TinyModels.vividFaces(root.resolve("models").resolve("b"), 2);
    }

    @Start
    void start(Stage stage) {
        app = new LatentLabApp(new AppPaths(root, tmp.resolve("home")));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @Test
    void residentMemoryStaysFlatOverSliderDragsAndModelSwitches(FxRobot robot) throws Exception {
        double minutes = Double.parseDouble(System.getProperty("latentlab.soak.minutes"));
        long end = System.nanoTime() + (long) (minutes * 60e9);
        long warm = System.nanoTime() + (long) (minutes * 6e9);
        Path[] models = {root.resolve("models/a"), root.resolve("models/b")};
        String[] names = {"a", "vividfaces"};
        Random r = new Random(1);
        long baseline = -1;
        int switches = 0;
        int drags = 0;
        while (System.nanoTime() < end) {
            Path next = models[switches % 2];
            String name = names[switches % 2];
            fx(() -> app.shell().open(next));
            waitUntil("the model opens", 60, () -> app.shell().workspace().model() != null
                    && app.shell().workspace().model().name().equals(name)
                    && !app.shell().workspace().loadingProperty().get());
            switches++;
            for (int i = 0; i < 200 && System.nanoTime() < end; i++) {
                // a drag is a run of value changes on one slider
                String id = "#z-slider-" + r.nextInt(4);
                double v = r.nextGaussian() * 2;
                fx(() -> {
                    robot.lookup(id).queryAs(Slider.class).setValue(v);
                    return null;
                });
                drags++;
                Thread.sleep(15);
            }
            if (baseline < 0 && System.nanoTime() > warm) {
                baseline = rssKiB();
            }
        }
        long last = rssKiB();
        System.err.printf(Locale.ROOT, "soak: %.1f min, %d model switches, %d slider moves; RSS %d MB after the "
                + "first tenth, %d MB at the end%n", minutes, switches, drags, baseline / 1024, last / 1024);
        assertTrue(last - baseline < 50 * 1024, "RSS grew from " + baseline / 1024 + " MB to " + last / 1024 + " MB");
    }

    /** This process's resident set (VmRSS), KiB. */
    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
