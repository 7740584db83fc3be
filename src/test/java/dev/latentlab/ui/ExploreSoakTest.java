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
 * Every 5 model switches it prints where the memory is ({@link #memory()}).
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
            if (switches % 5 == 0) {
                System.err.println("soak: " + switches + " switches, " + drags + " moves: " + memory());
            }
        }
        long last = rssKiB();
        System.err.printf(Locale.ROOT, "soak: %.1f min, %d model switches, %d slider moves; RSS %d MB after the "
                + "first tenth, %d MB at the end%n", minutes, switches, drags, baseline / 1024, last / 1024);
        assertTrue(last - baseline < 50 * 1024, "RSS grew from " + baseline / 1024 + " MB to " + last / 1024 + " MB");
    }

    /**
     * glibc's mallinfo2: what the C heap holds (every arena), in use and free; "free" counts pages
     * {@code malloc_trim} handed back as well, so only RSS says what stays resident.
     */
    public static class MallInfo2 extends com.sun.jna.Structure implements com.sun.jna.Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        @Override
        protected java.util.List<String> getFieldOrder() {
            return java.util.List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                    "fordblks", "keepcost");
        }
    }

    interface LibC extends com.sun.jna.Library {
        MallInfo2 mallinfo2();
    }

    /**
     * RSS, the Java heap (committed, used, and the old generation's live set after the last
     * collection), threads and the C heap, for people: where a growth lies. A line every 5 model
     * switches.
     */
    static String memory() throws Exception {
        Runtime rt = Runtime.getRuntime();
        String c = "";
        try {
            MallInfo2 mi = com.sun.jna.Native.load("c", LibC.class).mallinfo2();
            c = String.format(Locale.ROOT, ", C heap %d MB in use, %d MB free in arenas, %d MB mmapped",
                    mi.uordblks >> 20, mi.fordblks >> 20, mi.hblkhd >> 20);
        } catch (LinkageError | RuntimeException e) {
            c = ", no mallinfo2 (" + e.getMessage() + ")";
        }
        long old = 0;
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().contains("Old Gen") && p.getCollectionUsage() != null) {
                old = p.getCollectionUsage().getUsed();
            }
        }
        return String.format(Locale.ROOT, "RSS %d MB, Java heap %d MB used of %d MB (old generation %d MB after the "
                + "last collection), %d threads%s", rssKiB() / 1024, (rt.totalMemory() - rt.freeMemory()) >> 20,
                rt.totalMemory() >> 20, old >> 20,
                java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount(), c);
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
