package dev.latentlab.ui.train;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.train.StepThrough;
import dev.latentlab.train.TrainingRun;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.shell.AppShell;
import java.nio.file.Path;
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

/** The Train view's "Step through" tab on a tiny live run of a DCGAN on built-in digits. */
@ExtendWith(ApplicationExtension.class)
class StepThroughPaneTest {
    @TempDir
    static Path tmp;
    private Workspace ws;
    private TrainView view;

    @Start
    void start(Stage stage) {
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home")));
        ws.setErrorHandler((title, msg) -> System.err.println("error dialog: " + title + ": " + msg));
        view = new TrainView(ws);
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerDark()
                .getUserAgentStylesheet());
        Scene scene = new Scene((javafx.scene.Parent) view.node(), 1200, 800);
        scene.getStylesheets().add(AppShell.stylesheet());
        stage.setScene(scene);
        stage.show();
        view.shown();
    }

    @Stop
    void stop() throws Exception {
        TrainingRun r = view.run();
        if (r != null) {
            r.close();
        }
        ws.close();
    }

    /** Losses: the live batch's D(G(z)) as dots that move while training runs, and the BCE terms of the same update. */
    private void lossesShowTheLiveBatch(FxRobot robot) {
        robot.clickOn("#train-losses-tab");
        waitUntil("the dots arrive", 180, () -> fx(() -> view.losses().plot().dots()) != null);
        float[] first = fx(() -> view.losses().plot().dots());
        assertEquals(16, first.length, "one dot per image of the batch");
        for (float d : first) {
            assertTrue(d > 0 && d < 1, "a dot is a D(G(z)): " + d);
        }
        waitUntil("the dots move while training runs", 120, () -> !java.util.Arrays.equals(first,
                fx(() -> view.losses().plot().dots())));
        robot.clickOn("#train-images-tab"); // the run's buttons
        robot.clickOn("#train-pause");
        waitUntil("the run pauses", 60, () -> view.run().state() == TrainingRun.State.PAUSED);
        // the G term shown, BCE(D(G(z)), 1), is −mean log D(G(z)) over the dots of the same G update
        robot.clickOn("#train-step-g");
        robot.clickOn("#train-losses-tab");
        waitUntil("the step's values arrive", 60, () -> {
            float[] d = fx(() -> view.losses().plot().dots());
            double want = 0;
            for (float v : d) {
                want -= Math.log(v) / d.length;
            }
            String shown = fx(() -> view.losses().bceGLabel().getText());
            return !shown.equals("–") && Math.abs(Double.parseDouble(shown) - want) < 2e-4;
        });
        assertTrue(fx(() -> ((Label) robot.lookup("#losses-bce-real").query()).getText()).matches("\\d+\\.\\d{4}"));
    }

    /** One app start for both (a second start of the toolkit times out on a loaded machine). */
    @Test
    void lossesFollowTheLiveBatchAndEachClickTakesTheNextOfTheFiveStepsWithDsGradientsNotApplied(FxRobot robot) {
        robot.interact(() -> view.form().setNewRun("builtin:digits", Architecture.DCGAN, 28, 256, 16, 8, 16, 100_000, 50,
                tmp.resolve("step-run")));
        robot.interact(() -> view.form().setUseInViews(false)); // this test has no other views
        robot.clickOn("#train-start");
        waitUntil("the run trains", 180, () -> view.run() != null && view.run().iteration() >= 2);
        lossesShowTheLiveBatch(robot);
        robot.clickOn("#train-step-through-tab");
        assertEquals(0, fx(() -> view.stepThroughModel().stepShown()));
        for (int k = 1; k <= 5; k++) {
            robot.clickOn("#step-through-next");
            int want = k;
            waitUntil("step " + k + " is shown", 120, () -> view.stepThroughModel().stepShown() == want);
            assertTrue(fx(() -> robot.lookup("#step-through-" + want).query().getStyleClass().contains("step-current")),
                    "step " + k + " is the one highlighted");
            assertTrue(fx(() -> ((Label) robot.lookup("#step-through-where").query()).getText())
                    .startsWith("Step " + k + " of 5"), "the panel says which step it is");
            if (k == 1) {
                waitUntil("the run paused for it", 60, () -> view.run().state() == TrainingRun.State.PAUSED);
            }
        }
        long paused = view.run().iteration();
        StepThrough.Report r = fx(() -> view.stepThroughModel().report().get());
        assertNull(fx(() -> view.stepThroughModel().refusal().get()));
        assertEquals(16, r.count());
        assertEquals(16 * 28 * 28, r.fakes().length);
        // D's gradients from loss_G exist, and D's weights did not move while G stepped
        assertTrue(r.dFromLossG().values().stream().mapToDouble(Double::doubleValue).sum() > 0, "D got gradients");
        assertEquals(0.0, r.dChangeAtGStep(), 0.0);
        assertTrue(r.gChangeAtGStep() > 0 && r.dChangeAtDStep() > 0, "G stepped, then D");
        String said = fx(() -> ((Label) robot.lookup("#step-d-unchanged").query()).getText());
        assertTrue(said.contains("discarded") && said.contains("unchanged"), said);
        // the losses as the note writes them: loss_D is the sum of its two terms
        double lossD = Double.parseDouble(fx(() -> ((Label) robot.lookup("#step-loss-d").query()).getText()));
        assertEquals(r.bceReal() + r.bceFake(), lossD, 1e-4);
        // a sixth click starts another iteration
        robot.clickOn("#step-through-next");
        waitUntil("a new iteration's first step", 120, () -> view.stepThroughModel().stepShown() == 1);
        assertEquals(paused, view.run().iteration(), "stepping through leaves the iteration count alone");
    }
}
