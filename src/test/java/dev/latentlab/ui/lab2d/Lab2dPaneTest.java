package dev.latentlab.ui.lab2d;

import static dev.latentlab.ui.Fx.fx;
import static dev.latentlab.ui.Fx.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import dev.latentlab.cli.Cli;
import dev.latentlab.lab2d.DrawnTarget;
import dev.latentlab.lab2d.Lab2dRun;
import dev.latentlab.ui.shell.AppShell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The 2-D GAN lab as the app shows it. */
@ExtendWith(ApplicationExtension.class)
class Lab2dPaneTest {
    private Lab2dPane lab;
    private String theme;

    @Start
    void start(Stage stage) {
        theme = Application.getUserAgentStylesheet();
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        lab = new Lab2dPane();
        Scene scene = new Scene(lab, 1100, 700);
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

    private static String lab2dPrints(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertEquals(0, Cli.run(args));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String figure(String text, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(text);
        assertTrue(m.find(), "no " + pattern + " in: " + text);
        return m.group(1);
    }

    @Test
    void afterThreeStepsTheViewShowsTheFiguresOfTheHeadlessLab2d(FxRobot robot) {
        for (int i = 0; i < 3; i++) {
            robot.clickOn("#lab2d-step");
        }
        waitUntil("three iterations are measured", 30, () -> {
            Lab2dRun.Picture p = lab.picture();
            return p != null && p.iteration() == 3 && p.latest().iteration() == 3
                    && fx(() -> lab.statsLabel().getText()).contains("measured at 3:");
        });
        String shown = fx(() -> lab.statsLabel().getText());
        String printed = lab2dPrints("lab2d", "--target", "ring8", "--iterations", "3", "--seed", "1");
        assertEquals(figure(printed, "(?m)^modes_covered\\s+(\\d+ of 8)"), figure(shown, "modes covered (\\d+ of 8)"), shown);
        assertEquals(figure(printed, "(?m)^quality\\s+([0-9.]+)"), figure(shown, "quality ([0-9.]+)"), shown);
        assertEquals(figure(printed, "(?m)^kl\\s+([0-9.]+)"), figure(shown, "KL ([0-9.]+)"), shown);
        assertEquals(figure(printed, "(?m)^js\\s+([0-9.]+)"), figure(shown, "JS ([0-9.]+)"), shown);
        // and the picture has GAN Lab's layers: D over the plane, G's warped grid, an arrow per fake shown
        Lab2dRun.Picture p = lab.picture();
        assertEquals(Lab2dRun.HEAT * Lab2dRun.HEAT, p.heat().length);
        assertEquals(2 * Lab2dRun.MANIFOLD * Lab2dRun.MANIFOLD, p.manifold().length);
        assertEquals(4 * Lab2dRun.ARROWS, p.arrows().length);
    }

    @Test
    void drawingADistributionMakesItTheTarget(FxRobot robot) {
        waitUntil("the ring is shown", 10, () -> lab.picture() != null);
        double ringMeanY = meanY(lab.picture().real());
        assertTrue(Math.abs(ringMeanY) < 0.3, "the ring is centred: " + ringMeanY);
        robot.interact(() -> robot.lookup("#lab2d-target").queryAs(javafx.scene.control.ChoiceBox.class)
                .setValue(Lab2dPane.TargetChoice.DRAWN));
        Point2D from = fx(() -> lab.plot().toScreen(-2, 1.5));
        Point2D to = fx(() -> lab.plot().toScreen(2, 1.5));
        robot.moveTo(from).press(MouseButton.PRIMARY);
        for (int k = 1; k <= 20; k++) {
            robot.moveTo(new Point2D(from.getX() + (to.getX() - from.getX()) * k / 20, from.getY()));
        }
        robot.release(MouseButton.PRIMARY);
        waitUntil("the drawing becomes the target", 20, () -> lab.picture() != null
                && lab.picture().target() instanceof DrawnTarget);
        DrawnTarget t = (DrawnTarget) lab.picture().target();
        assertTrue(t.size() >= 10, "a drag lays many points: " + t.size());
        double[] pts = t.points();
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (int i = 0; i < t.size(); i++) {
            assertEquals(1.5, pts[2 * i + 1], 0.1, "every drawn point is on the stroke");
            minX = Math.min(minX, pts[2 * i]);
            maxX = Math.max(maxX, pts[2 * i]);
        }
        assertTrue(minX < -1.8 && maxX > 1.8, "the stroke runs from x −2 to 2: " + minX + " … " + maxX);
        // the real points the view shows now come from the drawing: a line at y 1.5, not the ring
        assertEquals(1.5, meanY(lab.picture().real()), 0.05);
        waitUntil("the figures name the drawing", 10, () -> fx(() -> lab.statsLabel().getText()).startsWith("drawn ("));
    }

    private static double meanY(double[] xy) {
        double s = 0;
        for (int i = 0; i < xy.length / 2; i++) {
            s += xy[2 * i + 1];
        }
        return s / (xy.length / 2);
    }
}
