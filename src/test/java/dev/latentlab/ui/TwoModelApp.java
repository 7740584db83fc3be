package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.waitUntil;

import dev.latentlab.TinyModels;
import dev.latentlab.ui.shell.AppShell;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The whole app in a headless window (Monocle) for a test, with a library of two tiny models of
 * the same nz ("tiny", opened first, and "other") and a fresh home per test. TestFX looks for
 * {@code @Start} and {@code @Stop} only among a test class's own methods, so each subclass
 * declares them and calls {@link #open} and {@link #close}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class TwoModelApp {
    private static final AtomicInteger RUN = new AtomicInteger();
    @TempDir
    static Path tmp;
    static Path root;
    LatentLabApp app;
    Stage stage;

    @BeforeAll
    static void library() {
        root = tmp.resolve("root");
        TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
        TinyModels.vivid(root.resolve("models").resolve("other"), "other", 2);
    }

    void open(Stage stage) {
        this.stage = stage;
        app = new LatentLabApp(new AppPaths(root, tmp.resolve("home-" + RUN.incrementAndGet())));
        app.start(stage);
    }

    void close() {
        app.stop();
    }

    AppShell shell() {
        return app.shell();
    }

    /** Waits until the model is open and Explore shows its image. */
    void awaitImage() {
        waitUntil("the model shows an image", 20, () -> shell().workspace().model() != null
                && shell().explore().frameView().frameCount() > 0);
    }
}
