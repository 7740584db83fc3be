package dev.latentlab.ui.compare;

import dev.latentlab.encode.EncoderTrainer;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.ModelComparison;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.shell.AppShell;
import dev.latentlab.ui.widgets.FrameView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** The Compare view on a tiny GAN and a tiny VAE of the same 64×64 faces, headless. */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {
    @TempDir
    static Path tmp;
    private Workspace ws;
    private CompareView view;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Path root = tmp.resolve("root");
        String faces = Path.of("src/test/resources/eval/faces").toAbsolutePath().toString();
        Path gan = TinyModels.vividFaces(root.resolve("models").resolve("a-gan"), 3);
        Path json = gan.resolve("model.json");
        ModelInfo info = ModelInfo.parse(Files.readString(json), json.toString());
        info.dataset.source = faces;
        Files.writeString(json, info.toJson());
        TinyModels.vae(root.resolve("models").resolve("b-vae"), "b-vae", 4, faces);
        TinyModels.vivid(root.resolve("models").resolve("c-small"), "c-small", 5); // 32×32: not comparable with the faces
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet());
        ws = new Workspace(new AppPaths(root, tmp.resolve("home")));
        ws.setErrorHandler((title, message) -> errors.add(title + ": " + message));
        view = new CompareView(ws);
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 1280, 800);
        scene.getStylesheets().add(AppShell.stylesheet());
        stage.setScene(scene);
        stage.show();
        view.shown();
    }

    /** A frame view of the window by its id. */
    private FrameView frame(String id) {
        return fx(() -> (FrameView) view.node().getScene().lookup("#" + id));
    }

    private String caption(String slot) {
        return fx(() -> ((javafx.scene.control.Label) view.node().getScene().lookup("#compare-recon-caption-" + slot))
                .getText());
    }

    private long frames(String id) {
        return fx(() -> frame(id).frameCount());
    }

    @Stop
    void stop() {
        view.state().close();
        ws.close();
    }

    @Test
    void bothGridsFromTheSameZThePathTheTableAndAReconstruction(FxRobot robot) throws Exception {
        waitUntil("both grids are drawn", 30, () -> frames("compare-grid-a") > 0 && frames("compare-grid-b") > 0
                && frames("compare-path-b") > 0);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals("b-vae", fx(() -> view.state().loadedProperty(1).get().name()));
        assertTrue(fx(() -> view.state().loadedProperty(1).get().vae()), "B is the VAE");
        int[] a = fx(() -> frame("compare-grid-a").pixels().clone());
        int[] b = fx(() -> frame("compare-grid-b").pixels().clone());
        assertEquals(a.length, b.length, "the same 4×4 grid of 64×64 images");
        assertFalse(Arrays.equals(a, b), "two models draw different images from the same z");

        robot.clickOn("#compare-new-samples");
        // a render of the first seed may still be on its way (one per model loaded), so wait for
        // the new seed's grid rather than for the next frame; it never comes if new z drew the same
        waitUntil("other z, other samples", 20, () -> !Arrays.equals(a, fx(() -> frame("compare-grid-a").pixels())));

        robot.clickOn("#compare-measure");
        javafx.scene.control.TableView<?> table = fx(() -> (javafx.scene.control.TableView<?>) view.node().getScene()
                .lookup("#compare-table"));
        waitUntil("the figures are measured", 120, () -> !table.getItems().isEmpty());
        ModelComparison.Table t = fx(() -> view.state().tableProperty().get());
        for (String fig : new String[] {"fd", "precision", "recall", "laplacian_var.rel", "hf_share.rel",
            "neg_elbo.nats", "reconstruction.psnr"}) {
            assertTrue(t.has(fig), "the table has " + fig);
        }
        assertTrue(Double.isNaN(t.row("neg_elbo.nats").values()[0]), "a GAN has no ELBO");
        assertTrue(t.row("neg_elbo.nats").values()[1] > 0, "the VAE's held-out negative ELBO");
        assertTrue(t.row("fd").values()[0] > 0 && t.row("fd").values()[1] > 0);
        assertEquals(t.rows().size(), fx(() -> table.getItems().size()), "one table row per figure");
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableColumn<ModelComparison.Row, String> names =
                (javafx.scene.control.TableColumn<ModelComparison.Row, String>) fx(() -> table.getColumns().get(0));
        java.util.List<String> shown = fx(() -> {
            java.util.List<String> l = new java.util.ArrayList<>();
            for (int i = 0; i < table.getItems().size(); i++) {
                l.add(names.getCellData(i));
            }
            return l;
        });
        assertTrue(shown.contains("Fréchet distance") && shown.contains("−ELBO, nats"), "figures named for people: " + shown);
        assertTrue(shown.stream().noneMatch(n -> n.contains("_") || n.equals("fd")), "no code names: " + shown);
        assertEquals("read by classifier-faces", fx(() -> ((javafx.scene.control.Label) view.node().getScene()
                .lookup("#compare-reader")).getText()), "the figures name the reader that measured them");

        robot.clickOn("#compare-reconstruct-data");
        waitUntil("the VAE reconstructs a training image", 30, () -> frames("compare-recon-b") > 0);
        assertEquals(0, frames("compare-recon-a"), "the GAN has no encoder");
        assertTrue(caption("a").contains("no encoder"), caption("a"));
        assertTrue(caption("b").contains("G(μ(x))") && caption("b").contains("PSNR"), caption("b"));
        assertNotEquals(0, fx(() -> frame("compare-recon-b").pixels().length));

        // once the GAN has an image encoder (train-encoder), its slot shows G(E(x)) beside the VAE's G(μ(x))
        Path gan = tmp.resolve("root").resolve("models").resolve("a-gan");
        try (GanModel m = ModelStore.open(gan);
                ImageEncoder e = EncoderTrainer.train(m, new EncoderTrainer.Settings(2, 4, 1e-3, 1), "test", l -> {},
                        null)) {
            e.save(gan);
        }
        robot.clickOn("#compare-reconstruct-data");
        waitUntil("the GAN's encoder reconstructs too", 30, () -> frames("compare-recon-a") > 0);
        assertTrue(caption("a").contains("G(E(x)), its encoder alone") && caption("a").contains("PSNR"), caption("a"));
        java.util.List<String> cut = fx(() -> {
            javafx.stage.Window w = view.node().getScene().getWindow();
            w.setWidth(1024); // the narrowest window the app supports
            w.setHeight(700);
            view.node().getScene().getRoot().applyCss();
            view.node().getScene().getRoot().layout();
            return dev.latentlab.ui.LayoutAudit.problems(view.node().getScene()).stream()
                    .filter(p -> p.contains("compare-recon-caption")).toList();
        });
        assertEquals(java.util.List.of(), cut, "both reconstructions' captions show in full, their PSNR included");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @SuppressWarnings("unchecked")
    private javafx.scene.control.ComboBox<Path> slot(String ab) {
        return fx(() -> (javafx.scene.control.ComboBox<Path>) view.node().getScene().lookup("#compare-model-" + ab));
    }

    private void choose(String ab, Path model) {
        fx(() -> {
            slot(ab).setValue(model);
            return null;
        });
        waitUntil(model.getFileName() + " is loaded", 30, () -> view.state().loadedProperty(ab.equals("a") ? 0 : 1).get()
                .path().equals(model));
    }

    @Test
    void anotherModelClearsTheOldPairsMessagesAndReconstructions(FxRobot robot) {
        waitUntil("both grids are drawn", 30, () -> frames("compare-grid-a") > 0 && frames("compare-grid-b") > 0);
        robot.clickOn("#compare-reconstruct-data");
        waitUntil("the VAE reconstructs a training image", 30, () -> frames("compare-recon-b") > 0);
        Path models = tmp.resolve("root").resolve("models");
        choose("b", models.resolve("c-small"));
        assertEquals(0, fx(() -> frame("compare-recon-b").pixels().length), "the old B's reconstruction is gone");
        assertEquals("B", caption("b"));
        robot.clickOn("#compare-measure");
        waitUntil("the pair is refused", 30, () -> view.state().statusProperty().get().startsWith("Not measured"));
        choose("b", models.resolve("b-vae"));
        assertEquals("", fx(() -> view.state().statusProperty().get()), "the refusal was about the other pair");
    }

    @Test
    void aModelOpenedSinceIsInTheMenusAndPlaySaysWhatItDoes(FxRobot robot) {
        waitUntil("both grids are drawn", 30, () -> frames("compare-grid-a") > 0 && frames("compare-grid-b") > 0);
        // a model just trained: the Train view saves it outside the library and opens it
        Path trained = TinyModels.vividFaces(tmp.resolve("runs").resolve("trained"), 6);
        fx(() -> ws.open(trained)).join();
        robot.clickOn("#compare-model-b");
        assertTrue(fx(() -> slot("b").getItems().contains(trained)), "the trained model is in B's menu");
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        javafx.scene.control.ToggleButton play = fx(() -> (javafx.scene.control.ToggleButton) view.node().getScene()
                .lookup("#compare-play"));
        assertEquals("Play", fx(play::getText));
        robot.clickOn("#compare-play");
        assertEquals("Pause", fx(play::getText), "while it plays, the button pauses");
        robot.clickOn("#compare-play");
        assertEquals("Play", fx(play::getText));
    }
}
