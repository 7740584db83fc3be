package dev.latentlab.ui.lab1d;

import dev.latentlab.ui.shell.AppShell;
import dev.latentlab.ui.widgets.CanvasPane;
import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The 1-D GAN lab as the app shows it: on the dark theme with LatentLab's stylesheet. */
@ExtendWith(ApplicationExtension.class)
class GanLabPaneTest {
    private GanLabPane lab;
    private Scene scene;
    private String theme;

    @Start
    void start(Stage stage) {
        theme = Application.getUserAgentStylesheet();
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        lab = new GanLabPane();
        scene = new Scene(lab, 1100, 700);
        scene.getStylesheets().add(AppShell.stylesheet());
        stage.setScene(scene);
        stage.show();
        lab.setActive(true);
    }

    @AfterEach
    void stop() {
        fx(() -> {
            lab.setActive(false);
            Application.setUserAgentStylesheet(theme);
            return null;
        });
    }

    /** WCAG's contrast ratio of two colours, 1 (none) to 21 (black on white). */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    @Test
    void everyCurveIsLegibleOnTheDarkTheme() {
        Color background = fx(() -> (Color) ((Region) scene.getRoot()).getBackground().getFills().get(0).getFill());
        assertTrue(luminance(background) < 0.1, "the dark theme: " + background);
        for (CanvasPane.Ink ink : CanvasPane.Ink.values()) {
            if (ink == CanvasPane.Ink.FRAME) {
                continue; // the frame is meant to be faint; the curves, text and axes are not
            }
            Color c = fx(() -> lab.plot().ink(ink));
            assertTrue(contrast(c, background) >= 3, ink + " " + c + " on " + background + ": contrast "
                    + contrast(c, background));
        }
    }

    @Test
    void beforeTheFirstStepTheLossesAreADashNotNaN() {
        waitUntil("the first picture", 10, () -> lab.plot().picture() != null
                && !((javafx.scene.control.Label) scene.lookup("#lab-stats")).getText().isEmpty());
        String stats = fx(() -> ((javafx.scene.control.Label) scene.lookup("#lab-stats")).getText());
        assertTrue(stats.startsWith("iteration 0 "), stats);
        assertTrue(stats.contains("loss_D – (real –, fake –)"), stats);
        assertFalse(stats.contains("NaN"), stats);
    }

    @Test
    void theLossesTabShowsTheLastGBatchOnTheCurves(org.testfx.api.FxRobot robot) {
        assertTrue(fx(() -> lab.lossPlot().dots()) == null, "no dots before G has stepped");
        robot.clickOn("Losses");
        robot.clickOn("#lab-step-g");
        waitUntil("the dots arrive", 10, () -> lab.lossPlot().dots() != null);
        float[] d = fx(() -> lab.lossPlot().dots());
        assertTrue(d.length > 1, "one dot per sample of G's batch: " + d.length);
        double mean = 0;
        for (float v : d) {
            assertTrue(v > 0 && v < 1, "a probability: " + v);
            mean += v / d.length;
        }
        String line = fx(() -> ((javafx.scene.control.Label) scene.lookup("#lab-loss-dots")).getText());
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "mean %.3f", mean))
                && line.contains("non-saturating"), line);
    }
}
