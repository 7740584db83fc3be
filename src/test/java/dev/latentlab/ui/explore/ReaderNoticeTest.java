package dev.latentlab.ui.explore;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.model.PyTorchExport;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.AppSettings;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.shell.AppShell;
import dev.latentlab.ui.widgets.ReaderNotice;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Button;
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

/**
 * A PyTorch file of the faces' size is not read as faces until the user says it draws faces: Explore's
 * Edits tab says why there are no classifier-fitted edits and points to picks; "Read with the face
 * readers" makes them fittable, is kept in settings.json, and can be taken back.
 */
@ExtendWith(ApplicationExtension.class)
class ReaderNoticeTest {
    @TempDir
    static Path tmp;
    static Path pth;
    private Workspace ws;
    private NamedEditsModel edits;

    @BeforeAll
    static void aPyTorchFile() throws Exception {
        Path folder = TinyModels.vividFaces(tmp.resolve("models").resolve("faces"), 5);
        try (GanModel m = ModelStore.open(folder)) {
            PyTorchExport.write(m, tmp.resolve("export"));
        }
        pth = tmp.resolve("export").resolve(PyTorchExport.NET_G);
        // a direction picked by hand, stored beside the file (as `directions --positive … --save` does)
        try (GanModel m = ModelStore.open(pth)) {
            java.util.Random r = new java.util.Random(4);
            float[] pos = dev.latentlab.latent.Prior.sample(m.nz(), 12, r);
            float[] neg = dev.latentlab.latent.Prior.sample(m.nz(), 12, r);
            for (int i = 0; i < pos.length; i += m.nz()) {
                pos[i] += 2; // the picks differ along z[0]
                neg[i] -= 2;
            }
            var b = dev.latentlab.latent.AttributeDirections.fromPicks("Round", pos, neg, m.nz(), 1);
            dev.latentlab.latent.FittedDirections.picksOnly(dev.latentlab.eval.DirectionFit.ref(m), java.util.List.of(
                    dev.latentlab.latent.FittedDirections.PickedDirection.of(b, 12, 12, "test")))
                    .save(dev.latentlab.latent.FittedDirections.cacheFor(pth));
        }
    }

    @Start
    void start(Stage stage) {
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home")));
        ExploreView view = new ExploreView(ws);
        edits = view.namedEdits();
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 874, 620);
        scene.getStylesheets().add(AppShell.stylesheet());
        stage.setScene(scene);
        stage.show();
        view.shown();
    }

    @Stop
    void stop() {
        ws.close();
    }

    @Test
    void aFileIsReadAsFacesOnlyWhenTheUserSaysSo(FxRobot robot) throws Exception {
        fx(() -> ws.open(pth)).get();
        robot.clickOn("Edits");
        ReaderNotice notice = robot.lookup("#edits-reader-notice").queryAs(ReaderNotice.class);
        waitUntil("the notice shows", 10, notice::isVisible);
        String said = fx(() -> ((Label) notice.getChildren().get(0)).getText());
        assertTrue(said.contains("netG.pth does not record what it was trained on") && said.contains("Direction from picks"),
                "it says why and what works instead: " + said);
        waitUntil("the picked direction is a slider without any reader", 10, () -> edits.edit("Round").isPresent());
        waitUntil("its slider is laid out", 10, () -> robot.lookup("#edit-slider-Round").tryQuery()
                .map(n -> n.getLayoutBounds().getWidth() >= 40).orElse(false));
        assertEquals(NamedEditsModel.State.NO_CLASSIFIER, fx(() -> edits.stateProperty().get()));
        assertTrue(fx(() -> robot.lookup("#fit-directions").queryButton().isDisabled()), "no fit without a reader");

        robot.clickOn("Read with the face readers");
        waitUntil("the face readers read it", 10, () -> ws.model().readers().faces());
        NamedEditsModel.State state = fx(() -> edits.stateProperty().get());
        assertTrue(state == NamedEditsModel.State.NOT_FITTED || state == NamedEditsModel.State.FITTING,
                "the classifier's directions are offered or being fitted: " + state);
        assertEquals("faces", AppSettings.load(tmp.resolve("home").resolve("settings.json")).readers
                .get(pth.toAbsolutePath().normalize().toString()), "the choice is kept");
        String now = fx(() -> ((Label) notice.getChildren().get(0)).getText());
        assertTrue(now.contains("as you chose"), now);

        // a new session remembers it
        Workspace again = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home")));
        try {
            again.open(pth).get();
            assertEquals(ClassifierInfo.Kind.FACES, again.model().readers().kind());
        } finally {
            again.close();
        }

        robot.clickOn("Do not read it with the face readers");
        waitUntil("no reader again", 10, () -> ws.model().readers().kind() == null);
        assertNull(AppSettings.load(tmp.resolve("home").resolve("settings.json")).readers
                .get(pth.toAbsolutePath().normalize().toString()));
        Button declare = fx(() -> (Button) notice.getChildren().get(1));
        assertEquals("Read with the face readers", fx(declare::getText));
    }
}
