package dev.latentlab.ui.arithmetic;

import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.latent.Prior;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** The Arithmetic view on a tiny model in a headless window. */
@ExtendWith(ApplicationExtension.class)
class ArithmeticViewTest {
    @TempDir
    static Path tmp;
    static Path model;
    /** A tiny model that ships presets, as faces64 does. */
    static Path withPresets;
    /** A tiny 64×64 RGB model, which the faces classifier reads. */
    static Path faces;
    private Workspace ws;
    private ArithmeticView view;
    private final List<String> errors = new ArrayList<>();

    @BeforeAll
    static void library() {
        model = TinyModels.vivid(tmp.resolve("root").resolve("models").resolve("tiny"), "tiny", 1);
        faces = TinyModels.vividFaces(tmp.resolve("root").resolve("models").resolve("faces"), 3);
        withPresets = TinyModels.vivid(tmp.resolve("root").resolve("models").resolve("shipped"), "shipped", 2);
        ConceptStore.ModelIdentity id = new ConceptStore.ModelIdentity("shipped", TinyModels.NZ, 32, 3);
        Random r = new Random(4);
        try {
            for (ArithmeticEval.ConceptSpec c : ArithmeticEval.CONCEPTS) {
                ConceptStore.save(withPresets.resolve("presets"), id, new Concept(c.name(), List.of(
                        Prior.sample(TinyModels.NZ, r), Prior.sample(TinyModels.NZ, r), Prior.sample(TinyModels.NZ, r),
                        Prior.sample(TinyModels.NZ, r))));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Start
    void start(Stage stage) {
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home-" + System.nanoTime())));
        ws.setErrorHandler((title, msg) -> errors.add(title + ": " + msg));
        view = new ArithmeticView(ws);
        stage.setScene(new Scene((javafx.scene.Parent) view.node(), 1250, 780));
        stage.show();
        ws.open(model).thenRun(view::shown);
    }

    @Stop
    void stop() {
        ws.close();
    }

    @Test
    void theResultCellsReadoutNamesItsReader(FxRobot robot) {
        waitUntil("the tiny model is shown", 20, view::samplesReady);
        fx(() -> ws.open(faces));
        waitUntil("the faces model's samples are drawn", 30, () -> ws.model() != null
                && ws.model().name().equals("vividfaces") && view.samplesReady());
        robot.interact(() -> {
            for (int c = 0; c < 3; c++) {
                view.selectColumn(c);
                for (int i = 3 * c; i < 3 * c + 3; i++) {
                    view.pickSample(i);
                }
            }
        });
        waitUntil("the 3×3 result is read", 30, () -> !robot.lookup("#readout-4").queryAs(Label.class).getText().isEmpty());
        assertTrue(fx(() -> robot.lookup("#readout-4").queryAs(Label.class).getText()).matches("M\\d+ S\\d+.*"));
        assertEquals("read by classifier-faces", fx(() -> robot.lookup("#readout-reader").queryAs(Label.class).getText()),
                "the readout names the reader beside it");
        assertTrue(fx(() -> robot.lookup("#readout-reader").query().isVisible()));
    }

    @Test
    void pickingThreeExemplarsPerConceptGivesTheThreeByThreeResult(FxRobot robot) {
        waitUntil("the 64 samples are drawn", 20, view::samplesReady);
        assertTrue(fx(view::hintShown), "no exemplars yet: a hint, not a result");
        robot.clickOn("#sample-0");
        robot.clickOn("#sample-1");
        waitUntil("two exemplars in A", 5, () -> view.concept(0).size() == 2);
        String hint = fx(view::hint);
        assertTrue(fx(view::hintShown));
        assertTrue(hint.contains("at least 3") && hint.contains("has 2") && hint.contains("has 0"), hint);
        robot.interact(() -> {
            view.pickSample(2);
            view.selectColumn(1);
            for (int i = 3; i < 6; i++) {
                view.pickSample(i);
            }
            view.selectColumn(2);
            for (int i = 6; i < 9; i++) {
                view.pickSample(i);
            }
        });
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertEquals(9, fx(view::resultCells));
        assertFalse(fx(view::hintShown));
        float[] expected = fx(() -> ConceptArithmetic.Expression.of(view.concept(0), view.concept(1), view.concept(2), 1)
                .result());
        assertArrayEquals(expected, fx(() -> view.resultZ().get(ConceptArithmetic.CENTRE)), 1e-6f, "the centre is G(C + A − B)");
        waitUntil("the pixel-space contrast is shown", 10, view::pixelResultShown);

        // the scale slider walks from C (s = 0)
        robot.interact(() -> view.scaleSlider().setValue(0));
        assertArrayEquals(fx(() -> view.concept(2).mean()), fx(() -> view.resultZ().get(ConceptArithmetic.CENTRE)),
                1e-6f);
        // a click on an exemplar removes it: too few again, the hint is back
        robot.clickOn("#exemplar-0-0");
        waitUntil("the exemplar is removed", 5, () -> view.concept(0).size() == 2);
        assertTrue(fx(view::hintShown));
        assertFalse(fx(view::resultReady));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theCurrentZAnEncodedImageLeavesInExploreBecomesAnExemplar(FxRobot robot) {
        waitUntil("the 64 samples are drawn", 20, view::samplesReady);
        float[] encoded = new float[TinyModels.NZ];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = 0.1f * i - 0.5f;
        }
        robot.interact(() -> ws.zProperty().set(encoded.clone())); // what Explore's Open image… leaves behind
        robot.clickOn("#column-1-add-current");
        waitUntil("one exemplar in B", 5, () -> view.concept(1).size() == 1);
        assertArrayEquals(encoded, fx(() -> view.concept(1).mean()), 1e-6f, "B's exemplar is the current z");
        assertEquals(0, fx(() -> view.concept(0).size()), "the other columns are untouched");
        robot.interact(() -> ws.zProperty().set(new float[TinyModels.NZ]));
        assertArrayEquals(encoded, fx(() -> view.concept(1).mean()), 1e-6f, "a copy: moving on in Explore leaves it");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aModelThatShipsPresetsOpensOnItsFirstExpression(FxRobot robot) {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        fx(() -> ws.open(withPresets)).join();
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertFalse(fx(view::hintShown), "no \"0 of at least 3 exemplars\"");
        assertEquals(ArithmeticEval.EXPRESSIONS.get(0).describe(), fx(view::expressionText));
        for (int c = 0; c < 3; c++) {
            int col = c;
            assertEquals(ArithmeticEval.EXPRESSIONS.get(0).concepts().get(c).name(), fx(() -> view.concept(col).name()));
            assertEquals(4, fx(() -> view.concept(col).size()));
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void shippedPresetsAreOneClickAwayAndAnotherModelsConceptIsRefused(FxRobot robot) throws Exception {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        fx(() -> ws.open(withPresets)).join();
        robot.clickOn("#add-term");
        waitUntil("a fourth column", 5, () -> view.termCount() == 4);
        assertTrue(fx(() -> view.loadExpression(ArithmeticEval.EXPRESSIONS.get(1))));
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertEquals(3, fx(view::termCount), "an expression preset is the paper's A − B + C");
        assertEquals(ArithmeticEval.EXPRESSIONS.get(1).describe(), fx(view::expressionText));
        assertEquals("man with glasses", fx(() -> view.concept(0).name()));
        assertEquals("woman without glasses", fx(() -> view.concept(2).name()));
        assertEquals(4, fx(() -> view.concept(1).size()));

        Path other = ConceptStore.save(tmp.resolve("elsewhere"), new ConceptStore.ModelIdentity("faces64", 100, 64, 3),
                new Concept("big", List.of(new float[100])));
        assertFalse(fx(() -> view.load(0, other)));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("was made with faces64") && errors.get(0).contains("shipped"), errors.get(0));
        assertEquals("man with glasses", fx(() -> view.concept(0).name()), "the column is unchanged");
    }

    /** Three exemplars each in A, B and C (samples 0–8), the paper's result rendered. */
    private float[] paperResult(FxRobot robot) {
        waitUntil("the 64 samples are drawn", 20, view::samplesReady);
        robot.interact(() -> {
            for (int c = 0; c < 3; c++) {
                view.selectColumn(c);
                for (int i = 3 * c; i < 3 * c + 3; i++) {
                    view.pickSample(i);
                }
            }
        });
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        return fx(() -> view.resultZ().get(ConceptArithmetic.CENTRE));
    }

    private float[] centre() {
        return fx(() -> view.resultZ().get(ConceptArithmetic.CENTRE));
    }

    /** C + s·(A − B ± D) straight from ConceptArithmetic on the view's exemplars. */
    private float[] direct(int signOfD, double s) {
        return fx(() -> ConceptArithmetic.combine(view.concept(2).mean(),
                List.of(view.concept(0).mean(), view.concept(1).mean(), view.concept(3).mean()),
                new int[] {1, -1, signOfD}, s));
    }

    @Test
    void aFourthTermAddsToTheResultFlipsItsSignAndLeavesAgainWithoutATrace(FxRobot robot) {
        float[] paper = paperResult(robot);
        assertArrayEquals(fx(() -> ConceptArithmetic.Expression.of(view.concept(0), view.concept(1), view.concept(2), 1)
                .result()), paper, 0f, "the three default columns are the paper's A − B + C, bit for bit");

        robot.clickOn("#add-term");
        waitUntil("a fourth column", 5, () -> view.termCount() == 4);
        assertEquals("smiling woman − neutral woman + neutral man + concept D", fx(view::expressionText));
        robot.interact(() -> {
            for (int i = 9; i < 12; i++) {
                view.pickSample(i); // the new column is selected: samples go there
            }
        });
        waitUntil("D has its exemplars", 5, () -> view.concept(3).size() == 3);
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertArrayEquals(direct(1, 1), centre(), 1e-6f, "the centre is G(C + A − B + D)");
        float[] d = fx(() -> view.concept(3).mean());
        for (int i = 0; i < d.length; i++) {
            assertEquals(paper[i] + d[i], centre()[i], 1e-5f, "adding D moves the result by mean(D)");
        }
        waitUntil("the pixel-space contrast follows the four terms", 10, view::pixelResultShown);

        // C stays the base: s walks from it, over the whole signed sum
        robot.interact(() -> view.scaleSlider().setValue(0));
        assertArrayEquals(fx(() -> view.concept(2).mean()), centre(), 1e-6f);
        robot.interact(() -> view.scaleSlider().setValue(2));
        assertArrayEquals(direct(1, 2), centre(), 1e-6f);
        robot.interact(() -> view.scaleSlider().setValue(1));

        robot.clickOn("#column-3-sign");
        waitUntil("D is subtracted", 5, () -> view.sign(3) == -1);
        assertEquals("smiling woman − neutral woman + neutral man − concept D", fx(view::expressionText));
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertArrayEquals(direct(-1, 1), centre(), 1e-6f, "the centre is G(C + A − B − D)");
        assertNotEquals(direct(1, 1)[0], centre()[0]);

        robot.clickOn("#column-3-remove");
        waitUntil("back to three columns", 5, () -> view.termCount() == 3);
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertArrayEquals(paper, centre(), 0f, "removing D restores A − B + C exactly");
        assertEquals("smiling woman − neutral woman + neutral man", fx(view::expressionText));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void aNewTermWithTooFewExemplarsIsNamedInTheHint(FxRobot robot) {
        paperResult(robot);
        robot.clickOn("#add-term");
        robot.clickOn("#column-3-name").write("glasses");
        waitUntil("the hint replaces the result", 5, view::hintShown);
        robot.interact(() -> {
            view.pickSample(20);
            view.pickSample(21);
        });
        waitUntil("two exemplars in D", 5, () -> view.concept(3).size() == 2);
        String hint = fx(view::hint);
        assertTrue(fx(view::hintShown));
        assertFalse(fx(view::resultReady));
        assertTrue(hint.contains("D 'glasses' has 2"), hint);
        assertFalse(hint.contains("A '") || hint.contains("B '") || hint.contains("C '"),
                "only the column short of exemplars is named: " + hint);
        assertEquals("smiling woman − neutral woman + neutral man + glasses", fx(view::expressionText));
        robot.interact(() -> view.pickSample(22));
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theBaseStaysAndTwoTermsRemain(FxRobot robot) {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        assertEquals(2, fx(view::base), "C is the base, as in the paper");
        assertTrue(fx(() -> robot.lookup("#column-2-remove").query().isDisabled()), "the base cannot be removed");
        assertTrue(fx(() -> robot.lookup("#column-2-sign").query().isDisabled()), "the base stays +");
        assertTrue(fx(() -> robot.lookup("#column-1-base").query().isDisabled()), "a − term cannot be the base");
        robot.clickOn("#column-0-base");
        waitUntil("A is the base", 5, () -> view.base() == 0);
        assertTrue(fx(() -> robot.lookup("#column-0-sign").query().isDisabled()));
        assertFalse(fx(() -> robot.lookup("#column-2-remove").query().isDisabled()), "C is an ordinary term now");
        robot.clickOn("#column-1-remove");
        waitUntil("two terms", 5, () -> view.termCount() == 2);
        assertEquals("smiling woman + neutral man", fx(view::expressionText));
        Node remove = fx(() -> robot.lookup("#column-1-remove").query());
        assertTrue(fx(remove::isDisabled), "at least two terms remain");
        robot.clickOn("#add-term");
        waitUntil("three terms", 5, () -> view.termCount() == 3);
        assertFalse(fx(remove::isDisabled));
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
