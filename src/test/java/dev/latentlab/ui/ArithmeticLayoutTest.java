package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;

/** The Arithmetic view in the app's window: everything visible at 1280×800, and the columns grow with the window. */
@ExtendWith(ApplicationExtension.class)
class ArithmeticLayoutTest {
    @TempDir
    static Path tmp;
    static Path root;
    private LatentLabApp app;
    private Stage stage;

    @BeforeAll
    static void library() {
        root = tmp.resolve("root");
        TinyModels.vivid(root.resolve("models").resolve("tiny"), "tiny", 1);
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new LatentLabApp(new AppPaths(root, tmp.resolve("home")));
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
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

    @Test
    void allThreeColumnsAndTheResultFitAt1280x800AndGrowWithTheWindow(FxRobot robot) {
        waitUntil("the model is open", 30, () -> app.shell().workspace().model() != null);
        robot.clickOn("#nav-arithmetic");
        // (the headless screen is 1280×800: a window cannot grow beyond it here)
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
