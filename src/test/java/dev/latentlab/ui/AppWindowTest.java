package dev.latentlab.ui;

import dev.latentlab.ui.interpolate.InterpolateView;
import dev.latentlab.ui.shell.AppShell;
import dev.latentlab.ui.widgets.VideoExportDialog;
import dev.latentlab.ui.widgets.VideoExportTask;
import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** The app in a headless window (Monocle), with a library holding one tiny model. */
@ExtendWith(ApplicationExtension.class)
class AppWindowTest {
    private static final AtomicInteger RUN = new AtomicInteger();
    @TempDir
    static Path tmp;
    static Path root;
    private LatentLabApp app;
    private Stage stage;
    private Path home;

    @BeforeAll
    static void library() {
        root = tmp.resolve("root");
        TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        home = tmp.resolve("home-" + RUN.incrementAndGet());
        app = new LatentLabApp(new AppPaths(root, home));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    private AppShell shell() {
        return app.shell();
    }

    /** Waits for the model and its first image; returns the image's pixels. */
    private int[] awaitImage() {
        waitUntil("the model shows an image", 15, () -> shell().workspace().model() != null
                && shell().explore().frameView().frameCount() > 0);
        return fx(() -> shell().explore().frameView().pixels());
    }

    private int[] pixels() {
        return fx(() -> shell().explore().frameView().pixels());
    }

    private float[] z() {
        return fx(() -> shell().workspace().z().clone());
    }

    @Test
    void opensWithTheDefaultModelAndShowsItsImageWithinSeconds(FxRobot robot) {
        long t0 = System.nanoTime();
        int[] px = awaitImage();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "image after " + seconds + " s");
        assertEquals("tiny", fx(() -> shell().workspace().model().name()));
        assertEquals(32 * 32, px.length);
        assertTrue(Arrays.stream(px).distinct().count() > 10, "the image is not blank");
        String status = fx(() -> robot.lookup("#status-model").queryAs(Label.class).getText());
        assertTrue(status.contains("tiny") && status.contains("32×32×3") && status.contains("nz 16"), status);
        waitUntil("ms per frame is shown", 5, () -> robot.lookup("#status-speed").queryAs(Label.class).getText()
                .matches("[0-9.]+ ms/frame"));
        assertEquals("CPU · " + dev.latentlab.nn.Precision.brief(),
                fx(() -> robot.lookup("#status-device").queryAs(Label.class).getText()),
                "the device and the number format are shown");
        assertTrue(fx(() -> robot.lookup("#status-device").queryAs(Label.class).getText()).contains("float32"),
                "the suite runs in float32 (pom: latentlab.precision=fp32)");
        assertNotNull(fx(() -> shell().workspace().model().directions()), "SeFa directions computed on open");
    }

    @Test
    void draggingAZSliderChangesTheImagesPixels(FxRobot robot) {
        int[] before = awaitImage();
        float z0 = z()[0];
        Node thumb = robot.lookup("#z-slider-0 .thumb").query();
        robot.drag(thumb).moveBy(60, 0).release(new javafx.scene.input.MouseButton[0]);
        waitUntil("z[0] changes", 5, () -> shell().workspace().z()[0] != z0);
        waitUntil("the image changes", 5, () -> !Arrays.equals(before, shell().explore().frameView().pixels()));
        double slider = fx(() -> robot.lookup("#z-slider-0").queryAs(Slider.class).getValue());
        assertEquals(slider, z()[0], 1e-6);
    }

    @Test
    void randomizeChangesZAndUndoRestoresIt(FxRobot robot) {
        int[] px1 = awaitImage();
        float[] first = z();
        robot.clickOn("#randomize");
        waitUntil("z changes", 5, () -> !Arrays.equals(first, shell().workspace().z()));
        waitUntil("the image follows", 5, () -> !Arrays.equals(px1, shell().explore().frameView().pixels()));
        float[] second = z();
        int[] px2 = pixels();
        robot.type(KeyCode.R);
        waitUntil("R gives another z", 5, () -> !Arrays.equals(second, shell().workspace().z()));
        waitUntil("the image follows R", 5, () -> !Arrays.equals(px2, shell().explore().frameView().pixels()));
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        waitUntil("undo returns to the previous z", 5, () -> Arrays.equals(second, shell().workspace().z()));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("redo goes forward again", 5, () -> !Arrays.equals(second, shell().workspace().z()));
    }

    @Test
    void openingACorruptModelShowsAnErrorAndKeepsThePreviousModel(FxRobot robot) throws Exception {
        awaitImage();
        Path bad = tmp.resolve("garbage-" + RUN.get() + ".pth");
        Files.copy(Path.of("src/test/resources/fixtures/bad/garbage.pth"), bad);
        fx(() -> shell().open(bad));
        waitUntil("an error dialog shows", 15, () -> errorDialog(robot).isPresent());
        DialogPane pane = fx(() -> errorDialog(robot).orElseThrow());
        assertEquals("Could not open the model", fx(pane::getHeaderText));
        String text = fx(() -> ((Label) pane.getContent()).getText());
        assertTrue(text.contains("garbage"), text);
        assertEquals("tiny", fx(() -> shell().workspace().model().name()));
        assertFalse(fx(() -> shell().workspace().loadingProperty().get()));
        // the previous model still renders
        int[] px = pixels();
        robot.interact(() -> shell().explore().randomize());
        waitUntil("the previous model still renders", 5,
                () -> !Arrays.equals(px, shell().explore().frameView().pixels()));
        robot.interact(() -> ((Stage) pane.getScene().getWindow()).close());
    }

    private static Optional<DialogPane> errorDialog(FxRobot robot) {
        List<Window> windows = robot.listWindows();
        return windows.stream().filter(Window::isShowing).map(w -> w.getScene().getRoot())
                .filter(r -> r instanceof DialogPane && "error-dialog".equals(r.getId()))
                .map(r -> (DialogPane) r).findFirst();
    }

    @Test
    void gifExportWritesTheExpectedNumberOfFrames(FxRobot robot) throws Exception {
        awaitImage();
        robot.clickOn("#nav-interpolate");
        InterpolateView view = shell().interpolate();
        robot.interact(() -> {
            view.stepsSpinner().getValueFactory().setValue(5);
            view.exportScaleChoice().setValue(1);
            view.setKeyframes(List.of(new float[TinyModels.NZ], shell().workspace().z(),
                    dev.latentlab.latent.Prior.sample(TinyModels.NZ, new java.util.Random(2))));
        });
        waitUntil("all frames are rendered", 10, view::ready);
        assertEquals(11, fx(view::frameTotal)); // 2 segments × 5 steps + the last keyframe
        Path gif = tmp.resolve("walk-" + RUN.get() + ".gif");
        fx(() -> view.exportGif(gif)).get(10, TimeUnit.SECONDS);
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            assertEquals(11, r.getNumImages(true));
            assertEquals(32, r.read(0).getWidth());
        }
        Path mp4 = tmp.resolve("walk-" + RUN.get() + ".mp4");
        VideoExportTask task = fx(() -> VideoExportDialog.start(view.node().getScene().getWindow(),
                view.videoJob("-walk.mp4"), mp4));
        waitUntil("the MP4 is written", 20, () -> task.getState() == javafx.concurrent.Worker.State.SUCCEEDED);
        try (var ch = org.jcodec.common.io.NIOUtils.readableChannel(mp4.toFile())) {
            assertEquals(11, org.jcodec.api.FrameGrab.createFrameGrab(ch).getVideoTrack().getMeta().getTotalFrames());
        }
    }

    @Test
    void theWindowRemembersItsSizeAndModel(FxRobot robot) {
        awaitImage();
        robot.interact(() -> {
            Stage s = (Stage) shell().root().getScene().getWindow();
            s.setWidth(1100);
            s.setHeight(700);
        });
        robot.interact(() -> app.stop());
        AppSettings s = AppSettings.load(home.resolve("settings.json"));
        assertEquals(1100, s.width, 1);
        assertEquals(700, s.height, 1);
        assertTrue(s.lastModel.endsWith("tiny"), s.lastModel);
        assertArrayEquals(new Object[] {s.lastModel}, s.recent.toArray());
    }

    private Bounds inScene(String id) {
        return fx(() -> {
            Node n = stage.getScene().lookup(id);
            return n.localToScene(n.getLayoutBounds());
        });
    }

    private void resize(double w, double h) {
        fx(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
            return null;
        });
        waitUntil("the window is " + w + " wide", 5, () -> stage.getScene().getWidth() == w);
        fx(() -> {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            return null;
        });
    }

    /** The node lies wholly inside the window and inside the viewport of every scroll pane around it. */
    private void wholeOnScreen(String id) {
        Bounds b = inScene(id);
        double w = fx(() -> stage.getScene().getWidth());
        assertTrue(b.getMinX() >= 0 && b.getMaxX() <= w + 0.5, id + " " + b + " in a window " + w + " wide");
        fx(() -> {
            for (Node p = stage.getScene().lookup(id).getParent(); p != null; p = p.getParent()) {
                if (p instanceof ScrollPane sp) {
                    Bounds view = sp.localToScene(sp.getLayoutBounds());
                    assertTrue(b.getMinX() >= view.getMinX() - 0.5 && b.getMaxX() <= view.getMaxX() + 0.5,
                            id + " " + b + " is clipped by a scroll pane showing " + view);
                }
            }
            return null;
        });
    }

    /** The column's name field is wide enough for its whole prompt ("smiling woman", "neutral woman", …). */
    private void nameFits(int column) {
        fx(() -> {
            TextField f = (TextField) stage.getScene().lookup("#column-" + column + "-name");
            Text t = new Text(f.getPromptText());
            t.setFont(f.getFont());
            double room = f.getWidth() - f.getInsets().getLeft() - f.getInsets().getRight();
            assertTrue(t.getLayoutBounds().getWidth() <= room, "'" + f.getPromptText() + "' needs "
                    + t.getLayoutBounds().getWidth() + " px, the field has " + room);
            return null;
        });
    }

    /** The model picker's "About" shows the open model's card: its data, the readers that read it and why. */
    @Test
    void theModelPickerShowsTheModelsCard(FxRobot robot) {
        awaitImage();
        robot.clickOn("#model-picker");
        robot.clickOn("#model-card-item");
        waitUntil("the card shows", 15, () -> robot.lookup("#model-card").tryQuery().isPresent());
        String card = fx(() -> robot.lookup("#model-card").queryAs(javafx.scene.control.TextArea.class).getText());
        assertTrue(card.startsWith("tiny — GAN, DCGAN, 32×32 RGB"), card);
        assertTrue(card.contains("\nData\n") && card.contains("\nReaders\n"), card);
        assertTrue(card.contains("no shipped reader reads 32×32 RGB images"), card);
        robot.clickOn(robot.lookup(".dialog-pane .button").queryButton());
    }

    /** Explore and Compare at 1280×800: the toolbar, the side tabs and the model picker are whole on screen. */
    @Test
    void exploreAndCompareFitAt1280x800(FxRobot robot) {
        awaitImage();
        resize(1280, 800);
        wholeOnScreen("#explore-side");
        wholeOnScreen("#explore-export");
        wholeOnScreen("#model-picker");
        wholeOnScreen("#z-slider-0");
        robot.clickOn("#nav-compare");
        resize(1280, 800);
        wholeOnScreen("#compare-table");
        wholeOnScreen("#compare-measure");
        wholeOnScreen("#compare-grid-b");
    }

    /** The Arithmetic view: everything visible at 1280×800, and the columns grow with the window. */
    @Test
    void arithmeticShowsAllThreeColumnsAndTheResultFitAt1280x800AndGrowWithTheWindow(FxRobot robot) {
        waitUntil("the model is open", 30, () -> app.shell().workspace().model() != null);
        robot.clickOn("#nav-arithmetic");
        // (the headless screen is 1920×1080, pom.xml: a window cannot grow beyond it here)
        resize(1000, 700);
        double narrow = inScene("#column-0").getWidth();
        resize(1280, 800);
        for (int c = 0; c < 3; c++) {
            wholeOnScreen("#column-" + c);
            nameFits(c);
        }
        wholeOnScreen("#result-grid");
        wholeOnScreen("#pixel-result");
        wholeOnScreen("#sample-15");
        double wide = inScene("#column-0").getWidth();
        assertTrue(wide > narrow, "the columns take the room a wider window gives: " + narrow + " → " + wide);
    }
}
