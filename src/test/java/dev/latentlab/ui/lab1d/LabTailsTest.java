package dev.latentlab.ui.lab1d;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.lab1d.KernelDensity;
import dev.latentlab.ui.shell.AppShell;
import dev.latentlab.ui.widgets.CanvasPane;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The lab's VAE and tails as the user sees them (on the light theme with LatentLab's stylesheet): a
 * curve in the VAE's colour and a table of quantiles.
 */
@ExtendWith(ApplicationExtension.class)
class LabTailsTest {
    private GanLabPane lab;
    private Scene scene;
    private String theme;

    @Start
    void start(Stage stage) {
        theme = Application.getUserAgentStylesheet();
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
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

    private String text(String id) {
        return fx(() -> ((Label) scene.lookup(id)).getText());
    }

    /** Pixels of the density plot within a small distance of the VAE's ink. */
    private int vaePixels() {
        return fx(() -> {
            DensityPlot plot = lab.plot();
            Color ink = plot.ink(CanvasPane.Ink.VAE);
            WritableImage img = plot.snapshot(null, null);
            PixelReader r = img.getPixelReader();
            int n = 0;
            for (int y = 0; y < (int) img.getHeight(); y++) {
                for (int x = 0; x < (int) img.getWidth(); x++) {
                    Color c = r.getColor(x, y);
                    double d = Math.abs(c.getRed() - ink.getRed()) + Math.abs(c.getGreen() - ink.getGreen())
                            + Math.abs(c.getBlue() - ink.getBlue());
                    n += d < 0.12 && c.getOpacity() > 0.9 ? 1 : 0;
                }
            }
            return n;
        });
    }

    @Test
    void theLabDrawsTheVaesDensityAndFillsTheQuantileTable() {
        fx(() -> {
            ((ToggleButton) scene.lookup("#lab-play")).setSelected(true);
            return null;
        });
        waitUntil("a few hundred iterations and the tails", 30, () -> lab.plot().picture() != null
                && lab.plot().picture().stats().iteration() > 300 && lab.tailPlot().tails() != null
                && !text("#quantile-vae-2").equals("–"));
        fx(() -> {
            ((ToggleButton) scene.lookup("#lab-play")).setSelected(false);
            return null;
        });
        // the table: the default target N(1, 0.7²) has Q(99.9%) = 1 + 0.7·3.090 = 3.16, its own ratio 1
        assertEquals(3.16, Double.parseDouble(text("#quantile-target-2")), 0.1);
        assertEquals("1.00", text("#quantile-target-3"));
        for (String row : new String[] {"gan", "vae"}) {
            for (int c = 0; c < 4; c++) {
                String v = text("#quantile-" + row + "-" + c);
                assertTrue(Double.isFinite(Double.parseDouble(v)), row + " column " + c + ": " + v);
            }
        }
        double q1 = Double.parseDouble(text("#quantile-vae-0"));
        double q999 = Double.parseDouble(text("#quantile-vae-2"));
        assertTrue(q1 < q999, "the VAE's 1% quantile below its 99.9%: " + q1 + ", " + q999);
        // the density: the VAE's estimate is a density on the plot's grid, drawn in the VAE's colour
        var p = lab.plot().picture();
        assertEquals(1.0, KernelDensity.integral(p.vae(), p.lo(), p.hi()), 0.02);
        int shown = vaePixels();
        assertTrue(shown > 150, "pixels in the VAE's colour: " + shown);
        fx(() -> {
            ((CheckBox) scene.lookup("#lab-show-vae")).setSelected(false);
            return null;
        });
        int hidden = vaePixels();
        assertTrue(hidden < shown / 10, "hiding the VAE removes its curve: " + shown + " → " + hidden);
    }
}
