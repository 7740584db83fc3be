package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import javafx.scene.Scene;
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
    private Workspace ws;
    private ArithmeticView view;
    private final List<String> errors = new ArrayList<>();

    @BeforeAll
    static void library() {
        model = TinyModels.vivid(tmp.resolve("root").resolve("models").resolve("tiny"), "tiny", 1);
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
    void shippedPresetsAreOneClickAwayAndAnotherModelsConceptIsRefused() throws Exception {
        waitUntil("the model is open", 20, () -> ws.model() != null);
        Path presets = model.resolve("presets");
        ConceptStore.ModelIdentity tiny = new ConceptStore.ModelIdentity("tiny", TinyModels.NZ, 32, 3);
        Random r = new Random(4);
        for (ArithmeticEval.ConceptSpec c : ArithmeticEval.CONCEPTS) {
            ConceptStore.save(presets, tiny, new Concept(c.name(), List.of(Prior.sample(TinyModels.NZ, r),
                    Prior.sample(TinyModels.NZ, r), Prior.sample(TinyModels.NZ, r), Prior.sample(TinyModels.NZ, r))));
        }
        assertTrue(fx(() -> view.loadExpression(ArithmeticEval.EXPRESSIONS.get(1))));
        waitUntil("the 3×3 result is rendered", 10, view::resultReady);
        assertEquals("man with glasses", fx(() -> view.concept(0).name()));
        assertEquals("woman without glasses", fx(() -> view.concept(2).name()));
        assertEquals(4, fx(() -> view.concept(1).size()));

        Path other = ConceptStore.save(tmp.resolve("elsewhere"), new ConceptStore.ModelIdentity("faces64", 100, 64, 3),
                new Concept("big", List.of(new float[100])));
        assertFalse(fx(() -> view.load(0, other)));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("was made with faces64") && errors.get(0).contains("tiny"), errors.get(0));
        assertEquals("man with glasses", fx(() -> view.concept(0).name()), "the column is unchanged");
    }
}
