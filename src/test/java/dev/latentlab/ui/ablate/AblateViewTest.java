package dev.latentlab.ui.ablate;

import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.shell.AppShell;
import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.nn.ChannelMask;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
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
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        Path root = tmp.resolve("root");
        Path model = TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet());
        ws = new Workspace(new AppPaths(root, tmp.resolve("home")));
        ws.setErrorHandler((title, message) -> errors.add(title + ": " + message));
        view = new AblateView(ws);
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 1200, 800);
        scene.getStylesheets().add(AppShell.stylesheet());
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

    @Test
    void removeTopKKeepsTheChannelsRemovedByHand(FxRobot robot) {
        awaitReady();
        waitUntil("a sample to mark", 10, () -> !fx(() -> robot.lookup("#mark-canvas").queryAs(javafx.scene.canvas.Canvas.class).isDisabled())
                && view.markedSampleShown());
        int hand = fx(() -> view.displayedChannels()[0]);
        robot.clickOn("#channel-" + hand);
        waitUntil("the channel is removed by hand", 5, () -> view.mask().isRemoved(1, hand));
        robot.drag("#mark-canvas").moveBy(60, 60).release(new javafx.scene.input.MouseButton[0]);
        robot.clickOn("#rank-logistic");
        waitUntil("a ranking is shown", 10, () -> robot.lookup("#ranking-label").queryAs(Label.class).getText()
                .startsWith("Ranked by logistic regression"));
        Slider topK = robot.lookup("#top-k").queryAs(Slider.class);
        for (int k : new int[] {4, 2}) {
            fx(() -> {
                topK.setValue(k);
                return null;
            });
            assertTrue(fx(() -> view.mask().isRemoved(1, hand)), "top " + k + " keeps channel " + hand + " removed by hand");
            assertTrue(fx(() -> view.mask().removed(1).cardinality()) >= k, "and removes its own " + k);
        }
        fx(() -> {
            topK.setValue(0);
            return null;
        });
        java.util.BitSet only = new java.util.BitSet();
        only.set(hand);
        assertEquals(only, fx(() -> view.mask().removed(1)), "top 0 takes back the ranking's channels, not the hand's");
    }

    /** Opens a 64×64×3 model the faces classifier reads, and shows the Classifier tab. */
    private void openFaces(FxRobot robot, String name) {
        Path faces = TinyModels.vividFaces(tmp.resolve(name), 4);
        fx(() -> ws.open(faces));
        waitUntil("the faces model is shown with its classifier", 20, () -> ws.model() != null
                && ws.model().name().equals("vividfaces") && view.layer() != null && view.layer().channels() == 32
                && !robot.lookup("#search-removal").queryButton().isDisabled());
        robot.clickOn("Classifier");
    }

    private String rankingText(FxRobot robot) {
        return fx(() -> robot.lookup("#ranking-label").queryAs(Label.class).getText());
    }

    @SuppressWarnings("unchecked")
    private void searchSamples(FxRobot robot, int n) {
        fx(() -> {
            robot.lookup("#search-samples").queryAs(Spinner.class).getValueFactory().setValue(n);
            return null;
        });
    }

    @Test
    void searchingByRemovalPicksKChannelsTogetherAndRemovesThem(FxRobot robot) {
        openFaces(robot, "faces-search");
        searchSamples(robot, 20);
        int[] gridBefore = fx(() -> view.gridAfterView().pixels());
        robot.clickOn("#search-removal");
        waitUntil("the search's ranking is shown", 20, () -> rankingText(robot).startsWith("Ranked by ablation search"));
        assertTrue(rankingText(robot).contains("(20 samples"), rankingText(robot));
        assertTrue(rankingText(robot).contains("read by classifier-faces"), "the reader that picked them is named: "
                + rankingText(robot));
        assertTrue(rankingText(robot).contains("its first 3 channels picked together"),
                "k is a tenth of the layer's 32 channels when the slider is at 0: " + rankingText(robot));
        assertEquals(3, fx(() -> view.mask().removed(1).cardinality()), "the picked channels are removed at once");
        assertEquals("3 of 32 removed", fx(() -> robot.lookup("#removed-count").queryAs(Label.class).getText()));
        assertEquals(3.0, fx(() -> robot.lookup("#top-k").queryAs(Slider.class).getValue()));
        waitUntil("the grid shows the effect", 10, () -> !Arrays.equals(gridBefore, view.gridAfterView().pixels()));
        assertFalse(fx(() -> view.searching()));
        assertFalse(fx(() -> robot.lookup("#search-removal").queryButton().isDisabled()), "ready for another search");
        assertFalse(fx(() -> robot.lookup("#search-progress-row").query().isVisible()), "the progress is hidden again");
        assertEquals(List.of(), errors);
    }

    @Test
    void cancellingTheSearchStopsItWithoutAnError(FxRobot robot) {
        openFaces(robot, "faces-cancel");
        searchSamples(robot, 400);
        String ranking = rankingText(robot);
        robot.clickOn("#search-removal");
        assertTrue(fx(() -> robot.lookup("#search-removal").queryButton().isDisabled()), "one search at a time");
        waitUntil("the search shows its progress", 15, () -> robot.lookup("#search-status").queryAs(Label.class)
                .getText().matches("Searching… [1-9]\\d?%( · about \\d+:\\d\\d left)?"));
        int[] original = after();
        robot.clickOn("#channel-0");
        waitUntil("rendering goes on during the search", 5, () -> !Arrays.equals(original, view.afterView().pixels()));
        assertTrue(fx(() -> view.searching()), "still searching");
        robot.clickOn("#cancel-search");
        waitUntil("the search stops", 10, () -> !view.searching());
        assertFalse(fx(() -> robot.lookup("#search-removal").queryButton().isDisabled()), "ready for another search");
        assertFalse(fx(() -> robot.lookup("#search-progress-row").query().isVisible()), "Cancel is hidden again");
        assertEquals(ranking, rankingText(robot), "no ranking from a cancelled search");
        assertEquals(ChannelMask.none().with(1, 0, true), fx(() -> view.mask()), "only the clicked channel is removed");
        assertEquals(List.of(), errors, "cancelling is not an error");
    }

    private String text(FxRobot robot, String id) {
        return fx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    private static int brightest(int[] argb) {
        int max = 0;
        for (int p : argb) {
            max = Math.max(max, Math.max((p >> 16) & 0xff, Math.max((p >> 8) & 0xff, p & 0xff)));
        }
        return max;
    }

    @Test
    void theRemovalIsSeenAsPicturesBesideTheReadersFigure(FxRobot robot) {
        openFaces(robot, "faces-check");
        for (int ch = 0; ch < 6; ch++) {
            robot.clickOn("#channel-" + ch);
        }
        waitUntil("six channels are removed", 5, () -> view.mask().removed(1).cardinality() == 6);
        robot.clickOn("The removal, seen");
        waitUntil("the figure is measured", 30, () -> text(robot, "#removal-figure")
                .matches("Wearing_Hat: \\d+% → \\d+% of 200 samples.*pixels changed \\d+\\.\\d% RMS\\."));
        assertEquals("read by classifier-faces", text(robot, "#removal-reader"), "the figure names its reader");
        RemovalCheckPanel check = fx(() -> view.removalCheck());
        waitUntil("the samples read as having the hat are shown", 10, () -> check.difference().frameCount() > 0);
        assertTrue(fx(() -> robot.lookup(".section-title").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.getText().matches("Before: the first \\d+ read as Wearing_Hat"))));
        assertFalse(Arrays.equals(fx(() -> check.before().pixels()), fx(() -> check.after().pixels())),
                "six channels removed change the pictures");
        assertTrue(brightest(fx(() -> check.difference().pixels())) >= 64,
                "the difference is amplified until it is seen: " + brightest(fx(() -> check.difference().pixels())));
        long frames = fx(() -> check.difference().frameCount());
        robot.clickOn("#restore-all");
        waitUntil("the check follows the removal", 30, () -> check.difference().frameCount() > frames
                && text(robot, "#removal-figure").startsWith("No channel removed"));
        assertArrayEquals(fx(() -> check.before().pixels()), fx(() -> check.after().pixels()), "nothing removed");
        assertTrue(brightest(fx(() -> check.difference().pixels())) <= 0x20, "no difference but the grid's gaps");
        assertEquals(List.of(), errors);
    }
}
