package dev.latentlab.ui.explore;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.FittedDirections.SefaLabel;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.ui.AppPaths;
import dev.latentlab.ui.LayoutAudit;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.shell.AppShell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

/**
 * Explore's Directions tab with the classifier's labels, in the room a 1024×700 window leaves it:
 * every label shows in full (the tiny models of EveryViewFitsTest have no labels to cut).
 */
@ExtendWith(ApplicationExtension.class)
class DirectionsFitTest {
    @TempDir
    static Path tmp;
    private Workspace ws;

    static Path model;

    @BeforeAll
    static void labelledModel() throws Exception {
        model = TinyModels.vividFaces(tmp.resolve("models").resolve("faces"), 5);
        try (GanModel m = ModelStore.open(model)) {
            List<SefaLabel> labels = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                Map<String, Double> change = new LinkedHashMap<>();
                change.put("Wearing_Hat", -95.0);
                change.put("Blond_Hair", 44.0);
                change.put("Eyeglasses", 39.0);
                labels.add(new SefaLabel(i, 1264.0 / i, change));
            }
            new FittedDirections(DirectionFit.ref(m), "classifier-faces-b", 100, 1, 0.1, List.of(new Boundary(
                    "Smiling", NamedEditsModelTest.unit(Prior.sample(m.nz(), new Random(1))), 0.1, 0.9, 0.5)), labels)
                    .save(FittedDirections.cacheFor(model));
        }
    }

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet());
        ws = new Workspace(new AppPaths(tmp.resolve("root"), tmp.resolve("home")));
        ExploreView view = new ExploreView(ws);
        // what a 1024×700 window leaves Explore: the navigation, header and status bar take the rest
        Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), 874, 620);
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

    @Test
    void theDirectionsLabelsShowInFull(FxRobot robot) {
        robot.clickOn("Directions");
        waitUntil("the classifier's labels are shown", 30, () -> robot.lookup(".sefa-label").queryAllAs(Label.class)
                .stream().anyMatch(l -> l.getText().startsWith("Wearing_Hat −95")));
        List<String> cut = fx(() -> {
            Scene scene = robot.lookup(".sefa-label").query().getScene();
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return LayoutAudit.problems(scene).stream().filter(p -> p.startsWith("cut short")).toList();
        });
        assertEquals(List.of(), cut);
    }

    @Test
    void largeEigenvaluesAreWholeNumbersThatFitTheirColumn() {
        // faces64's first two read "λ 1.26e…" and "λ 1.01e…" at 1024×700 (its λ are 1264 and 1010)
        assertEquals("λ 1264", DirectionsPanel.eigenvalue(1264.3));
        assertEquals("λ 97.4", DirectionsPanel.eigenvalue(97.43));
        assertEquals("λ 0.512", DirectionsPanel.eigenvalue(0.5123));
    }
}
