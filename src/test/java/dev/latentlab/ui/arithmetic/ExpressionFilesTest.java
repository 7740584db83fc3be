package dev.latentlab.ui.arithmetic;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.cli.Cli;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ExpressionRecipe;
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

/** Save expression / Open expression in the Arithmetic view on a tiny model in a headless window. */
@ExtendWith(ApplicationExtension.class)
class ExpressionFilesTest {
    @TempDir
    static Path tmp;
    static Path model;
    static Path other;
    private Workspace ws;
    private ArithmeticView view;
    private final List<String> errors = new ArrayList<>();

    @BeforeAll
    static void models() {
        model = TinyModels.vivid(tmp.resolve("models").resolve("tiny"), "tiny", 1);
        other = TinyModels.vivid(tmp.resolve("other"), "tiny", 7);
    }

    @Start
    void start(Stage stage) {
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home-" + System.nanoTime())));
        ws.setErrorHandler((title, msg) -> errors.add(title + ": " + msg));
        view = new ArithmeticView(ws);
        stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1250, 780));
        stage.show();
        ws.open(model).thenRun(() -> javafx.application.Platform.runLater(view::shown));
    }

    @Stop
    void stop() {
        ws.close();
    }

    /** The grid cells of a 3×3 PNG at scale 1 (2 px gaps), each as ARGB. */
    private static int[][] cells(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        int w = (img.getWidth() - 8) / 3;
        int[][] out = new int[ConceptArithmetic.GRID][];
        for (int k = 0; k < out.length; k++) {
            out[k] = img.getRGB(2 + (k % 3) * (w + 2), 2 + (k / 3) * (w + 2), w, w, null, 0, w);
        }
        return out;
    }

    private int[] shown(int k) {
        int[] px = fx(() -> view.resultPixels(k)).clone();
        for (int i = 0; i < px.length; i++) {
            px[i] |= 0xff000000;
        }
        return px;
    }

    @Test
    void aSavedExpressionReopensAndRendersHeadlessToTheSameResultBitForBit(FxRobot robot) throws Exception {
        waitUntil("the 64 samples are drawn", 20, view::samplesReady);
        robot.clickOn("#add-term");
        waitUntil("a fourth column", 5, () -> view.termCount() == 4);
        robot.interact(() -> {
            for (int c = 0; c < 4; c++) {
                view.selectColumn(c);
                for (int i = 3 * c; i < 3 * c + 3 + (c == 1 ? 1 : 0); i++) {
                    view.pickSample(i + (c > 1 ? 1 : 0));
                }
            }
            view.scaleSlider().setValue(1.37);
        });
        waitUntil("the 3×3 result is rendered", 20, view::resultReady);
        float[] centre = fx(() -> view.resultZ().get(ConceptArithmetic.CENTRE));
        int[][] before = new int[ConceptArithmetic.GRID][];
        for (int k = 0; k < before.length; k++) {
            before[k] = shown(k);
        }
        Path file = tmp.resolve("exprs").resolve("four terms.json");
        fx(() -> view.expressionFiles().save(file)).get(20, TimeUnit.SECONDS);
        int[][] saved = cells(Recipe.pngFor(file));
        for (int k = 0; k < saved.length; k++) {
            assertArrayEquals(before[k], saved[k], "cell " + k + " of the saved PNG is the one shown");
        }
        ExpressionRecipe r = ExpressionRecipe.read(file);
        assertEquals(4, r.terms().size());
        assertEquals(1.37, r.scale(), 1e-9);

        // back to the paper's three columns and another scale, then open: all of it returns
        robot.interact(() -> {
            view.columnsForTests().resetToPaper();
            view.scaleSlider().setValue(0.5);
        });
        waitUntil("three columns", 5, () -> view.termCount() == 3);
        fx(() -> view.expressionFiles().open(file)).get(20, TimeUnit.SECONDS);
        assertEquals(4, fx(view::termCount));
        assertEquals(4, fx(() -> view.concept(1).size()));
        assertEquals(2, fx(view::base));
        assertEquals(1.37, fx(() -> view.scaleSlider().getValue()), 1e-9);
        waitUntil("the reopened result is rendered", 20, view::resultReady);
        assertArrayEquals(centre, fx(() -> view.resultZ().get(ConceptArithmetic.CENTRE)), 0f, "the same z, bit for bit");
        for (int k = 0; k < before.length; k++) {
            assertArrayEquals(before[k], shown(k), "cell " + k + " after opening");
        }

        Path headless = tmp.resolve("headless.png");
        assertEquals(0, Cli.run("sample", "--model", model.toString(), "--recipe", file.toString(), "--out",
                headless.toString()));
        int[][] cli = cells(headless);
        for (int k = 0; k < cli.length; k++) {
            assertArrayEquals(before[k], cli[k], "latentlab sample --recipe draws the view's cell " + k);
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void anotherModelsExpressionAndABrokenFileAreRefusedNamingTheFileAndChangeNothing(FxRobot robot) throws Exception {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        Path foreign = tmp.resolve("foreign.json");
        Random rng = new Random(2);
        try (GanModel m = ModelStore.open(other)) {
            List<ExpressionRecipe.Term> terms = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                terms.add(new ExpressionRecipe.Term("t" + t, 1, List.of(Prior.sample(TinyModels.NZ, rng))));
            }
            new ExpressionRecipe(DirectionFit.ref(m), terms, 0, 1, 0.25, 1, null).save(foreign);
        }
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{ \"format\": \"latentlab-expression\", \"version\": 1, \"terms\": [");
        for (Path f : List.of(foreign, broken)) {
            errors.clear();
            var done = fx(() -> view.expressionFiles().open(f));
            waitUntil("the refusal", 20, done::isDone);
            assertTrue(done.isCompletedExceptionally());
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains(f.toString()) && errors.get(0).contains("Could not open the expression"),
                    errors.get(0));
            assertEquals(3, fx(view::termCount), "the columns are unchanged");
            assertEquals(ArithmeticView.PAPER_PROMPTS[0], fx(() -> view.concept(0).name()));
        }
    }
}
