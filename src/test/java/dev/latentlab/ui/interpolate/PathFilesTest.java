package dev.latentlab.ui.interpolate;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.cli.Cli;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.Interpolation.Mode;
import dev.latentlab.latent.PathRecipe;
import dev.latentlab.latent.Prior;
import dev.latentlab.latent.Recipe;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** Save path / Open path in the Interpolate view on a tiny model in a headless window. */
@ExtendWith(ApplicationExtension.class)
class PathFilesTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path other;
    private Workspace ws;
    private InterpolateView view;
    private final List<String> errors = new ArrayList<>();

    @BeforeAll
    static void models() {
        model = TinyModels.vivid(tmp.resolve("models").resolve("tiny"), "tiny", 1);
        other = TinyModels.vivid(tmp.resolve("other"), "tiny", 7); // same name and shape, other weights
    }

    @Start
    void start(Stage stage) {
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home-" + System.nanoTime())));
        ws.setErrorHandler((title, msg) -> errors.add(title + ": " + msg));
        view = new InterpolateView(ws);
        stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1100, 700));
        stage.show();
        ws.open(model).thenRun(() -> javafx.application.Platform.runLater(view::shown));
    }

    @Stop
    void stop() {
        ws.close();
    }

    private static List<float[]> keys(long seed, int n) {
        Random r = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Prior.sample(TinyModels.NZ, r));
        }
        return out;
    }

    private static int[] strip(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** The view's frames side by side, as the PNG strip lays them out. */
    private int[] shownStrip() {
        List<int[]> frames = fx(view::frames);
        int w = 32;
        int[] out = new int[frames.size() * w * w];
        for (int i = 0; i < frames.size(); i++) {
            for (int y = 0; y < w; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * frames.size() * w + i * w + x] = frames.get(i)[y * w + x] | 0xff000000;
                }
            }
        }
        return out;
    }

    @Test
    void aSavedPathReopensToBitIdenticalFramesAndRendersSoHeadless(FxRobot robot) throws Exception {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        robot.interact(() -> {
            view.setKeyframes(keys(3, 3));
            view.modeChoice().setValue(Mode.LINEAR);
            view.stepsSpinner().getValueFactory().setValue(5);
        });
        waitUntil("the path is rendered", 20, () -> view.ready() && view.frameTotal() == Interpolation.frameCount(3, 5));
        int[] before = shownStrip();
        Path file = tmp.resolve("walks").resolve("walk.json");
        fx(() -> view.pathFiles().save(file)).get(20, TimeUnit.SECONDS);
        assertTrue(Files.isRegularFile(file) && Files.isRegularFile(Recipe.pngFor(file)));
        assertArrayEquals(before, strip(Recipe.pngFor(file)), "the PNG beside the recipe is the frames the view showed");
        PathRecipe saved = PathRecipe.read(file);
        assertEquals(Mode.LINEAR, saved.mode());
        assertEquals(5, saved.steps());

        // another path, then open the saved one: the same keyframes, settings and pixels
        robot.interact(() -> {
            view.randomWalk(4);
            view.modeChoice().setValue(Mode.SPHERICAL);
            view.stepsSpinner().getValueFactory().setValue(9);
        });
        waitUntil("the other path is rendered", 20, () -> view.ready() && view.frameTotal() == Interpolation.frameCount(4, 9));
        fx(() -> view.pathFiles().open(file)).get(20, TimeUnit.SECONDS);
        assertEquals(Mode.LINEAR, fx(() -> view.modeChoice().getValue()));
        assertEquals(5, fx(() -> view.stepsSpinner().getValue()));
        waitUntil("the opened path is rendered", 20, () -> view.ready() && view.frameTotal() == Interpolation.frameCount(3, 5));
        assertArrayEquals(before, shownStrip(), "reopened frames are bit-identical");
        List<float[]> zs = fx(view::keyframeZs);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(keys(3, 3).get(i), zs.get(i), 0f);
        }

        Path headless = tmp.resolve("headless.png");
        assertEquals(0, Cli.run("interpolate", "--model", model.toString(), "--recipe", file.toString(), "--scale", "1",
                "--out", headless.toString()));
        assertArrayEquals(before, strip(headless), "latentlab interpolate --recipe draws the view's frames");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void anotherModelsPathAndABrokenFileAreRefusedNamingTheFileAndChangeNothing(FxRobot robot) throws Exception {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        robot.interact(() -> view.setKeyframes(keys(4, 2)));
        waitUntil("the path is rendered", 20, view::ready);
        int steps = fx(() -> view.stepsSpinner().getValue());
        Path foreign = tmp.resolve("foreign.json");
        try (GanModel m = ModelStore.open(other)) {
            new PathRecipe(DirectionFit.ref(m), keys(5, 3), Mode.LINEAR, steps + 3, 24, true, false, null).save(foreign);
        }
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{ \"format\": \"latentlab-path\", \"version\": 1, \"keyframes\": [[");
        for (Path f : List.of(foreign, broken)) {
            errors.clear();
            var done = fx(() -> view.pathFiles().open(f));
            waitUntil("the refusal", 20, done::isDone);
            assertTrue(done.isCompletedExceptionally());
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains(f.toString()), errors.get(0));
            assertEquals(2, fx(() -> view.keyframeZs().size()), "the keyframes are unchanged");
            assertArrayEquals(keys(4, 2).get(1), fx(() -> view.keyframeZs().get(1)), 0f);
            assertEquals(steps, fx(() -> view.stepsSpinner().getValue()));
        }
        assertTrue(errors.get(0).contains("Could not open the path"), errors.get(0));
        assertFalse(Files.exists(Recipe.pngFor(foreign)));
    }
}
