package dev.latentlab.ui;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every view, and every tab in it, at 1024×700, 1280×800 and 1920×1080: no text cut short, no control outside
 * the window.
 */
class EveryViewFitsTest extends TwoModelApp {
    static final List<String> VIEWS = List.of("explore", "inside", "interpolate", "arithmetic", "ablate", "train", "compare");

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @Stop
    void stop() {
        close();
    }

    private void resize(double w, double h) {
        fx(() -> {
            stage.setMaximized(false);
            stage.setX(0); // a window past the headless screen's edge overflows its frame buffer
            stage.setY(0);
            stage.setWidth(w);
            stage.setHeight(h);
            return null;
        });
        waitUntil("the window is " + w + "×" + h, 5, () -> stage.getWidth() == w && stage.getHeight() == h);
    }

    private List<String> audit(String where) {
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> {
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            return LayoutAudit.problems(stage.getScene()).stream().map(p -> where + ": " + p).toList();
        });
    }

    /** Each collapsed pane shown (Explore's Direction from picks, …) opened in turn, audited, and closed again. */
    private List<String> auditExpanded(String where) throws Exception {
        List<javafx.scene.control.TitledPane> closed = fx(() -> stage.getScene().getRoot().lookupAll(".titled-pane")
                .stream().filter(n -> n instanceof javafx.scene.control.TitledPane t && !t.isExpanded()
                        && t.isCollapsible() && t.isVisible() && t.getScene() != null && t.localToScene(
                        t.getLayoutBounds()).getWidth() > 0).map(n -> (javafx.scene.control.TitledPane) n).toList());
        List<String> out = new ArrayList<>();
        for (javafx.scene.control.TitledPane t : closed) {
            fx(() -> {
                t.setAnimated(false);
                t.setExpanded(true);
                return null;
            });
            Thread.sleep(300);
            out.addAll(audit(where + " / " + fx(t::getText) + " open"));
            fx(() -> {
                t.setExpanded(false);
                return null;
            });
        }
        return out;
    }

    @Test
    void everyViewFitsAt1024x700And1280x800And1920x1080(FxRobot robot) throws Exception {
        awaitImage();
        List<String> problems = new ArrayList<>();
        for (double[] size : new double[][] {{1024, 700}, {1280, 800}, {1920, 1080}}) {
            resize(size[0], size[1]);
            for (String view : VIEWS) {
                robot.clickOn("#nav-" + view);
                Thread.sleep(view.equals("compare") ? 3000 : 500); // Compare opens its own two models
                String where = (int) size[0] + "×" + (int) size[1] + " " + view;
                problems.addAll(audit(where));
                problems.addAll(auditExpanded(where));
                // and each tab of the view's tab panes (Explore's Directions and Edits, the 1-D lab, …)
                List<javafx.scene.control.TabPane> panes = fx(() -> robot.lookup(".tab-pane")
                        .queryAllAs(javafx.scene.control.TabPane.class).stream().filter(javafx.scene.Node::isVisible)
                        .filter(t -> t.getScene() != null).toList());
                for (javafx.scene.control.TabPane pane : panes) {
                    int selected = fx(() -> pane.getSelectionModel().getSelectedIndex());
                    for (int t = 0; t < fx(() -> pane.getTabs().size()); t++) {
                        if (t == selected) {
                            continue;
                        }
                        int tab = t;
                        String name = fx(() -> {
                            pane.getSelectionModel().select(tab);
                            return pane.getTabs().get(tab).getText();
                        });
                        Thread.sleep(300);
                        problems.addAll(audit(where + " / " + name));
                        problems.addAll(auditExpanded(where + " / " + name));
                    }
                    fx(() -> {
                        pane.getSelectionModel().select(selected);
                        return null;
                    });
                }
            }
        }
        resize(1280, 800); // the next test's window
        problems.forEach(System.out::println);
        assertEquals(List.of(), problems);
    }
}
