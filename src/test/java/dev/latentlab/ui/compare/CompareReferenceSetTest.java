package dev.latentlab.ui.compare;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.eval.ModelComparison;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.shell.AppShell;
import dev.latentlab.ui.widgets.FrameView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/**
 * A fresh machine: the shipped faces64 and faces64-vae without tools/facegen's faces64h folder. Compare's
 * default pair still measures, and "From the data" still reconstructs, against the reference set shipped
 * with them, and the view says so.
 */
@ExtendWith(ApplicationExtension.class)
class CompareReferenceSetTest {
    @TempDir
    static Path tmp;
    private Workspace ws;
    private CompareView view;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Path root = tmp.resolve("root");
        withoutItsData(Path.of("models/faces64"), root.resolve("models").resolve("faces64"));
        withoutItsData(Path.of("models/faces64-vae"), root.resolve("models").resolve("faces64-vae"));
        ws = new Workspace(new AppPaths(root, tmp.resolve("home")));
        ws.setErrorHandler((title, message) -> errors.add(title + ": " + message));
        view = new CompareView(ws);
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 1280, 800);
        scene.getStylesheets().add(AppShell.stylesheet());
        stage.setScene(scene);
        stage.show();
        view.shown();
    }

    @Stop
    void stop() {
        view.state().close();
        ws.close();
    }

    @Test
    void theDefaultPairMeasuresAndReconstructsAgainstTheReferenceFaces(FxRobot robot) {
        waitUntil("the default pair is loaded", 60, () -> view.state().loadedProperty(0).get() != null
                && view.state().loadedProperty(1).get() != null);
        assertEquals("faces64", fx(() -> view.state().loadedProperty(0).get().name()));
        assertEquals("faces64-vae", fx(() -> view.state().loadedProperty(1).get().name()));

        fx(() -> view.state().measure(24)); // the Measure button's call, with few samples to keep the test short
        waitUntil("the pair is measured", 180, () -> !fx(() -> view.state().busyProperty().get()));
        String status = fx(() -> view.state().statusProperty().get());
        ModelComparison.Table t = fx(() -> view.state().tableProperty().get());
        assertTrue(t != null, status);
        assertTrue(t.row("fd").values()[0] > 0 && t.row("fd").values()[1] > 0, "both models' FD");
        assertTrue(Double.isFinite(t.row("precision").values()[0]) && Double.isFinite(t.row("recall").values()[1]));
        assertTrue(Double.isFinite(t.row("neg_elbo.nats").values()[1]), "the VAE's ELBO on the held-out reference faces");
        assertTrue(status.contains("builtin:faces64h-reference (2000 held-out images")
                && status.contains("not on this machine"), status);

        robot.clickOn("#compare-reconstruct-data");
        waitUntil("the VAE reconstructs a reference face", 60,
                () -> fx(() -> ((FrameView) view.node().getScene().lookup("#compare-recon-b")).frameCount()) > 0);
        String source = fx(() -> view.node().getScene().getRoot().lookupAll(".help-text").stream()
                .filter(n -> n instanceof Label l && l.getText().startsWith("builtin:faces64h-reference image"))
                .map(n -> ((Label) n).getText()).findFirst().orElse("none"));
        assertTrue(source.contains("faces64h-reference") && source.contains("not on this machine"), source);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /** A copy of a shipped model (its weights linked) whose model.json names a training folder that is not here. */
    private static void withoutItsData(Path model, Path copy) throws IOException {
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals("model.json")) {
                    Files.createSymbolicLink(copy.resolve(f.getFileName()), f.toAbsolutePath());
                }
            }
        }
        Path json = model.resolve("model.json");
        ModelInfo info = ModelInfo.parse(Files.readString(json), json.toString());
        info.dataset.source = tmp.resolve("absent").resolve("faces64h").toString();
        Files.writeString(copy.resolve("model.json"), info.toJson());
    }
}
