package dev.latentlab.ui.inside;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.explain.GeneratorStages.Stage;
import dev.latentlab.explain.StageReading;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.explore.ExploreView;
import dev.latentlab.ui.shell.AppShell;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;
import java.util.concurrent.TimeUnit;

/** The Inside view alone in a headless window, on the shipped faces64 (and digits). */
@ExtendWith(ApplicationExtension.class)
class InsideViewTest {
    @TempDir
    static Path tmp;
    private Workspace ws;
    private InsideView view;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<int[]> removals = new CopyOnWriteArrayList<>();

    @Start
    void start(javafx.stage.Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet());
        ws = new Workspace(new AppPaths(Path.of("."), tmp.resolve("home")));
        ws.setErrorHandler((title, message) -> errors.add(title + ": " + message));
        ExploreView explore = new ExploreView(ws);
        view = new InsideView(ws, explore.latentSliders(), (layer, channel) -> removals.add(new int[] {layer, channel}));
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 1280, 800);
        scene.getStylesheets().add(AppShell.stylesheet());
        stage.setScene(scene);
        stage.show();
        view.shown();
        ws.open(Path.of("models/faces64"));
    }

    @Stop
    void stop() {
        ws.close();
    }

    /**
     * Waits for the stages with patience for the first start: on a machine shared with training runs
     * the FX thread of a cold JVM can stay busy with the first layout for longer than {@code Fx.fx}'s 10 s.
     */
    private void awaitStages(int count) {
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                    view.mosaics().stageCount() == count && view.maps().stages().size() == count).get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("timed out waiting until the stages are shown", e);
        }
    }

    private List<String> shapes() {
        return fx(() -> view.maps().stages().stream().map(Stage::shape).toList());
    }

    private List<Integer> tiles() {
        return fx(() -> {
            Integer[] n = new Integer[view.mosaics().stageCount()];
            for (int i = 0; i < n.length; i++) {
                n[i] = view.mosaics().mosaic(i).tiles();
            }
            return Arrays.asList(n);
        });
    }

    @Test
    void everyStageShowsOneTilePerChannelForFaces64AndDigits() {
        awaitStages(5);
        assertEquals(List.of("4×4×512", "8×8×256", "16×16×128", "32×32×64", "64×64×3"), shapes());
        assertEquals(List.of(512, 256, 128, 64, 3), tiles());
        // each stage's title reads its shape
        for (String s : shapes()) {
            assertTrue(fx(() -> view.node().lookupAll(".section-title").stream()
                    .anyMatch(n -> ((Label) n).getText().equals(s))), s + " is shown");
        }
        fx(() -> ws.open(Path.of("models/digits")));
        waitUntil("digits' stages are shown", 30, () -> view.mosaics().stageCount() == 4
                && view.maps().stages().get(3).height() == 28);
        assertEquals(List.of("4×4×256", "8×8×128", "16×16×64", "28×28×1"), shapes());
        assertEquals(List.of(256, 128, 64, 1), tiles());
        assertEquals(List.of(), errors);
    }

    @Test
    void movingAZSliderRedrawsTheTiles(FxRobot robot) {
        awaitStages(5);
        int[][] before = fx(() -> new int[][] {view.mosaics().pixels(0).clone(), view.mosaics().pixels(3).clone()});
        long reads = fx(() -> view.maps().reads());
        Slider s = fx(() -> (Slider) view.node().lookup("#z-slider-0"));
        float was = fx(() -> ws.z()[0]);
        fx(() -> {
            s.setValue(was > 0 ? -2.5 : 2.5);
            return null;
        });
        waitUntil("the new z is read", 20, () -> view.maps().reads() > reads
                && view.maps().stages().size() == 5);
        waitUntil("the tiles show the new z", 20, () -> !Arrays.equals(before[0], view.mosaics().pixels(0))
                && !Arrays.equals(before[1], view.mosaics().pixels(3)));
        assertEquals(was > 0 ? -2.5f : 2.5f, fx(() -> ws.z()[0]), 1e-6, "the slider moved the shared z");
    }

    @Test
    void clickingATileShowsThatChannelLargeWithItsRange(FxRobot robot) {
        awaitStages(5);
        int stage = 1;
        int channel = 37;
        Node holder = fx(() -> view.node().lookup("#mosaic-" + stage));
        Mosaic m = fx(() -> view.mosaics().mosaic(stage));
        double scale = StageMosaics.DISPLAY / Math.max(m.width(), m.height());
        // the mosaics' places settle over a few layout passes once every stage's images are in (a click aimed
        // at bounds read before that once landed on stage 1's mosaic): aim when two reads 300 ms apart agree
        Bounds b = fx(() -> holder.localToScreen(holder.getLayoutBounds()));
        for (int tries = 0; tries < 60; tries++) {
            WaitForAsyncUtils.sleep(300, java.util.concurrent.TimeUnit.MILLISECONDS);
            Bounds now = fx(() -> holder.localToScreen(holder.getLayoutBounds()));
            if (now.equals(b)) {
                break;
            }
            b = now;
        }
        robot.clickOn(new javafx.geometry.Point2D(b.getMinX() + (m.x(channel) + m.tileWidth() / 2.0) * scale,
                b.getMinY() + (m.y(channel) + m.tileHeight() / 2.0) * scale));
        waitUntil("the channel is picked", 5, () -> view.maps().pickProperty().get() != null);
        assertEquals(new FeatureMaps.Pick(stage, channel), fx(() -> view.maps().pickProperty().get()));
        Stage s = fx(() -> view.maps().stages().get(stage));
        assertEquals(ChannelDetail.rangeText(s.min(channel), s.max(channel)), fx(() -> view.detail().rangeShown()));
        assertTrue(fx(() -> ((Label) view.node().lookup("#channel-title")).getText())
                .startsWith("stage 2, channel 37 of 256"));
        assertFalse(s.min(channel) == s.max(channel), "a live channel has a range");
        robot.clickOn("#remove-channel");
        assertEquals(1, removals.size());
        assertArrayEquals(new int[] {1, 37}, removals.get(0), "Ablate is asked to remove stage 2's channel 37");
    }

    private void stepTab() {
        fx(() -> {
            ((TabPane) view.node().lookup("#inside-tabs")).getSelectionModel().select(1);
            return null;
        });
    }

    @Test
    void theHandMadeTransposedConvolutionEqualsTheLayer(FxRobot robot) {
        awaitStages(5);
        stepTab();
        waitUntil("stage 2 is read", 20, () -> view.steps().reading() != null && view.steps().reading().stage() == 1
                && view.steps().steps() != null);
        fx(() -> {
            view.steps().outChannelProperty().set(101);
            return null;
        });
        StageReading r = fx(() -> view.steps().reading());
        assertEquals(512, r.inChannels());
        assertEquals(8, fx(() -> view.steps().steps().outputSide()));
        float diff = StageReading.maxAbsDiff(fx(() -> view.steps().steps().output()), r.outputChannel(101));
        assertTrue(diff < 1e-4, "channel 101 by hand vs the layer: " + diff);
        assertEquals(diff, fx(() -> view.steps().maxDiff()));
        assertTrue(fx(() -> view.stepPanel().checkText()).startsWith(
                "By hand vs the layer's own output before BatchNorm: max |difference|"));
        // an inner output pixel: its 4×4 window holds 2×2 input pixels, the rest inserted zeros
        fx(() -> {
            view.steps().setCurrent(3, 3);
            return null;
        });
        StepState.Dot d = fx(() -> view.steps().dot());
        assertEquals(r.outputChannel(101)[3 * 8 + 3], d.total(), 1e-4, "the pixel's dot product is the layer's");
        assertTrue(fx(() -> view.stepPanel().dotText()).startsWith("output pixel (3, 3) = Σ over 512 input channels"));
        assertTrue(d.terms().endsWith("(12 of the 16 taps fall on inserted or border zeros)"), d.terms());
        // the last stage, to the image's 64×64
        fx(() -> {
            view.steps().sourceProperty().set(4);
            return null;
        });
        waitUntil("the last stage is read", 20, () -> view.steps().reading().stage() == 4);
        StageReading last = fx(() -> view.steps().reading());
        assertEquals(64, fx(() -> view.steps().steps().outputSide()));
        float lastDiff = StageReading.maxAbsDiff(fx(() -> view.steps().steps().output()),
                last.outputChannel(fx(() -> view.steps().outChannelProperty().get())));
        assertTrue(lastDiff < 1e-4, "the last stage by hand vs the layer: " + lastDiff);
        assertEquals(List.of(), errors);
    }

    @Test
    void theNotesExampleIsComputedStepByStep(FxRobot robot) {
        awaitStages(5);
        stepTab();
        fx(() -> {
            view.steps().sourceProperty().set(StepState.TOY);
            return null;
        });
        waitUntil("the example is shown", 10, () -> view.steps().reading() != null
                && view.steps().reading().stage() == StepState.TOY);
        assertEquals(3, fx(() -> view.steps().steps().dilatedSide()), "one zero between the 2 pixels: 3×3");
        assertEquals(7, fx(() -> view.steps().steps().paddedSide()), "k − p − 1 = 2 zeros on each side: 7×7");
        assertEquals(5, fx(() -> view.steps().steps().outputSide()));
        float[] out = fx(() -> view.steps().steps().output());
        // x = [[1, 2], [3, 4]] scattering w = [[1, 2, 1], [0, 1, 0], [−1, 0, 1]] with stride 2
        assertEquals(1, out[0], 1e-6);
        assertEquals(1 + 2, out[2], 1e-6);
        assertEquals(1 * 1 + 2 * -1 + 3 * 1 + 4 * 1, out[2 * 5 + 2], 1e-6);
        assertTrue(fx(() -> view.steps().maxDiff()) < 1e-4);
        assertEquals("output pixel (0, 0) = 1·1  (8 of the 9 taps fall on inserted or border zeros) = 1",
                fx(() -> view.stepPanel().dotText()));
        // fired, not clicked: the robot's way to the button crosses the canvas, and hovering moves the kernel too
        javafx.scene.control.Button step = fx(() -> (javafx.scene.control.Button) view.node().lookup("#step-next"));
        fx(() -> {
            step.fire();
            return null;
        });
        assertEquals(1, fx(() -> view.steps().currentProperty().get()));
        assertTrue(fx(() -> view.stepPanel().dotText()).startsWith("output pixel (0, 1) = "));
        fx(() -> {
            step.fire();
            step.fire();
            return null;
        });
        assertTrue(fx(() -> view.stepPanel().dotText()).startsWith("output pixel (0, 3) = "));
    }

    @Test
    void theOverlapMapsShowEvenTapsForK4AndACheckerboardForK3() {
        awaitStages(5);
        Checkerboard.Overlap even = fx(() -> view.checkerboard().evenShown());
        Checkerboard.Overlap uneven = fx(() -> view.checkerboard().unevenShown());
        assertEquals(12, even.side());
        for (int r = 1; r < even.side() - 1; r++) {
            for (int c = 1; c < even.side() - 1; c++) {
                assertEquals(4, even.at(r, c), "k 4 s 2 p 1: every inner pixel gets 4 taps");
            }
        }
        assertEquals(11, uneven.side());
        assertArrayEquals(new int[] {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1},
                Arrays.copyOfRange(uneven.taps(), 0, 11));
        assertArrayEquals(new int[] {2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2},
                Arrays.copyOfRange(uneven.taps(), 11, 22));
        waitUntil("the image's high frequencies are shown", 10, () -> view.checkerboard().showsImage());
    }
}
