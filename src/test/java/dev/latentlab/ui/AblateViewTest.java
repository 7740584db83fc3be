package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** The Ablate view alone in a headless window, on a tiny model. */
@ExtendWith(ApplicationExtension.class)
class AblateViewTest {
    @TempDir
    static Path tmp;
    private Workspace ws;
    private AblateView view;

    @Start
    void start(Stage stage) {
        Path root = tmp.resolve("root");
        Path model = TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet());
        ws = new Workspace(new AppPaths(root, tmp.resolve("home")));
        view = new AblateView(ws);
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 1200, 800);
        scene.getStylesheets().add(AppShell.class.getResource("latentlab.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        view.shown();
        ws.open(model);
    }

    @Stop
    void stop() {
        ws.close();
    }

    private int[] after() {
        return fx(() -> view.afterView().pixels());
    }

    private void awaitReady() {
        waitUntil("images and channel maps are shown", 20, () -> view.afterView().frameCount() > 0
                && view.beforeView().frameCount() > 0 && view.gridAfterView().frameCount() > 0
                && view.layer() != null && view.channelTiles() == view.layer().channels());
    }

    @Test
    void clickingAChannelChangesTheOutputAndClickingAgainRestoresIt(FxRobot robot) {
        awaitReady();
        assertEquals(16, fx(() -> view.layer().channels()), "the default layer: 16 channels at 8×8");
        int[] original = after();
        assertArrayEquals(fx(() -> view.beforeView().pixels()), original, "no mask: before = after");
        int[] grid = fx(() -> view.gridAfterView().pixels());
        // sort by mean activation, so that the first tile is a channel that draws much
        fx(() -> {
            robot.lookup("#ablate-sort").queryAs(ComboBox.class).getSelectionModel().select(1);
            return null;
        });
        int first = fx(() -> view.displayedChannels()[0]);
        robot.clickOn("#channel-" + first);
        waitUntil("the output changes", 5, () -> !Arrays.equals(original, view.afterView().pixels()));
        waitUntil("the grid changes too", 5, () -> !Arrays.equals(grid, view.gridAfterView().pixels()));
        assertTrue(fx(() -> view.mask().isRemoved(1, first)));
        assertEquals("1 of 16 removed", fx(() -> robot.lookup("#removed-count").queryAs(Label.class).getText()));
        assertArrayEquals(original, fx(() -> view.beforeView().pixels()), "before stays");
        robot.clickOn("#channel-" + first);
        waitUntil("the output is restored exactly", 5, () -> Arrays.equals(original, view.afterView().pixels()));
        waitUntil("the grid is restored exactly", 5, () -> Arrays.equals(grid, view.gridAfterView().pixels()));
        assertTrue(fx(() -> view.mask().isEmpty()));
    }

    @Test
    void markingAConceptRanksChannelsAndTheSliderRemovesTheTopK(FxRobot robot) {
        awaitReady();
        waitUntil("a sample to mark", 10, () -> !fx(() -> robot.lookup("#mark-canvas").queryAs(javafx.scene.canvas.Canvas.class).isDisabled())
                && view.markedSampleShown());
        int[] original = after();
        robot.drag("#mark-canvas").moveBy(60, 60).release(new javafx.scene.input.MouseButton[0]);
        robot.clickOn("#rank-logistic");
        waitUntil("a ranking is shown", 10, () -> robot.lookup("#ranking-label").queryAs(Label.class).getText()
                .startsWith("Ranked by logistic regression"));
        fx(() -> {
            robot.lookup("#top-k").queryAs(Slider.class).setValue(4);
            return null;
        });
        waitUntil("four channels are removed", 5, () -> view.mask().removed(1).cardinality() == 4);
        waitUntil("the output changes", 5, () -> !Arrays.equals(original, view.afterView().pixels()));
        robot.clickOn("#rank-iou");
        waitUntil("the IoU ranking is shown", 10, () -> robot.lookup("#ranking-label").queryAs(Label.class).getText()
                .startsWith("Ranked by IoU"));
        assertEquals(4, fx(() -> view.mask().removed(1).cardinality()), "the slider's k applies to the new ranking");
        robot.clickOn("#restore-all");
        waitUntil("restored", 5, () -> Arrays.equals(original, view.afterView().pixels()));
        assertTrue(fx(() -> robot.lookup("#rank-classifier").queryAs(javafx.scene.control.Button.class).isDisabled()), "no classifier reads 32×32 RGB");
    }
}
