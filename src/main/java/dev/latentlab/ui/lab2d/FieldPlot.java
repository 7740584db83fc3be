package dev.latentlab.ui.lab2d;

import dev.latentlab.lab2d.Lab2dRun;
import dev.latentlab.ui.widgets.CanvasPane;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * GAN Lab's main picture on [−3, 3]²: D's decision heatmap (the real ink where D says real, the
 * fake ink where it says fake, clear at 0.5), the generator's manifold (the noise grid warped by
 * G), real points (the theme's text colour), fake points (green) and the gradient arrows on fakes
 * (where G's loss pushes each, orange). In drawing mode a mouse drag lays down the points of a
 * distribution of one's own, handed over when the button is released.
 */
public final class FieldPlot extends CanvasPane {
    private static final double MARGIN = 8;
    private Lab2dRun.Picture picture;
    private boolean heatmap = true;
    private boolean manifold = true;
    private boolean arrows = true;
    private boolean drawing;
    private final List<double[]> stroke = new ArrayList<>();
    private Consumer<double[]> onDrawn = p -> {};

    public FieldPlot() {
        setMinSize(260, 260);
        setPrefSize(560, 560);
        setOnMousePressed(e -> {
            if (drawing) {
                addPoint(e.getX(), e.getY());
            }
        });
        setOnMouseDragged(e -> {
            if (drawing) {
                addPoint(e.getX(), e.getY());
            }
        });
        setOnMouseReleased(e -> {
            if (drawing && !stroke.isEmpty()) {
                onDrawn.accept(drawnPoints());
            }
        });
    }

    /** Called with every point drawn so far (x, y pairs in data units) when a stroke ends. */
    public void setOnDrawn(Consumer<double[]> c) {
        onDrawn = c;
    }

    public void setDrawing(boolean on) {
        drawing = on;
        setCursor(on ? javafx.scene.Cursor.CROSSHAIR : javafx.scene.Cursor.DEFAULT);
        draw();
    }

    public void clearDrawing() {
        stroke.clear();
        draw();
    }

    /** The points drawn so far, x, y pairs in data units. */
    public double[] drawnPoints() {
        double[] out = new double[2 * stroke.size()];
        for (int i = 0; i < stroke.size(); i++) {
            out[2 * i] = stroke.get(i)[0];
            out[2 * i + 1] = stroke.get(i)[1];
        }
        return out;
    }

    public void setLayers(boolean heat, boolean grid, boolean arrow) {
        heatmap = heat;
        manifold = grid;
        arrows = arrow;
        draw();
    }

    public void show(Lab2dRun.Picture p) {
        picture = p;
        draw();
    }

    public Lab2dRun.Picture picture() {
        return picture;
    }

    private void addPoint(double px, double py) {
        double side = side();
        double x = Lab2dRun.LO + (px - left()) / side * (Lab2dRun.HI - Lab2dRun.LO);
        double y = Lab2dRun.HI - (py - MARGIN) / side * (Lab2dRun.HI - Lab2dRun.LO);
        if (x < Lab2dRun.LO || x > Lab2dRun.HI || y < Lab2dRun.LO || y > Lab2dRun.HI) {
            return;
        }
        if (!stroke.isEmpty()) {
            double[] last = stroke.get(stroke.size() - 1);
            if (Math.hypot(last[0] - x, last[1] - y) < 0.04) {
                return; // a slow drag does not pile points on one spot
            }
        }
        stroke.add(new double[] {x, y});
        draw();
    }

    private double side() {
        return Math.max(10, Math.min(canvas.getWidth(), canvas.getHeight()) - 2 * MARGIN);
    }

    private double left() {
        return (canvas.getWidth() - side()) / 2;
    }

    private double sx(double x) {
        return left() + (x - Lab2dRun.LO) / (Lab2dRun.HI - Lab2dRun.LO) * side();
    }

    private double sy(double y) {
        return MARGIN + (Lab2dRun.HI - y) / (Lab2dRun.HI - Lab2dRun.LO) * side();
    }

    @Override
    protected void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        if (w < 40 || h < 40) {
            return;
        }
        double side = side();
        gc.setStroke(ink(Ink.FRAME));
        gc.setLineWidth(1);
        gc.strokeRect(left() + 0.5, MARGIN + 0.5, side, side);
        Lab2dRun.Picture p = picture;
        if (p != null && heatmap) {
            Color real = ink(Ink.REAL);
            Color fake = ink(Ink.FAKE);
            int n = Lab2dRun.HEAT;
            double cell = side / n;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double d = p.heat()[j * n + i];
                    Color c = d >= 0.5 ? real : fake;
                    gc.setFill(Color.color(c.getRed(), c.getGreen(), c.getBlue(), Math.min(1, Math.abs(d - 0.5) * 2) * 0.45));
                    // row j is at y = LO + …, drawn from the bottom up
                    gc.fillRect(left() + i * cell, MARGIN + side - (j + 1) * cell, cell + 0.5, cell + 0.5);
                }
            }
        }
        if (p != null && manifold) {
            Color g = ink(Ink.GENERATOR);
            gc.setStroke(Color.color(g.getRed(), g.getGreen(), g.getBlue(), 0.45));
            gc.setLineWidth(1);
            int m = Lab2dRun.MANIFOLD;
            double[] q = p.manifold();
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < m; i++) {
                    int k = 2 * (j * m + i);
                    if (i + 1 < m) {
                        gc.strokeLine(sx(q[k]), sy(q[k + 1]), sx(q[k + 2]), sy(q[k + 3]));
                    }
                    if (j + 1 < m) {
                        int k2 = 2 * ((j + 1) * m + i);
                        gc.strokeLine(sx(q[k]), sy(q[k + 1]), sx(q[k2]), sy(q[k2 + 1]));
                    }
                }
            }
        }
        if (p != null) {
            dots(gc, p.real(), ink(Ink.DATA), 3);
            dots(gc, p.fake(), ink(Ink.GENERATOR), 3.5);
        }
        if (p != null && arrows) {
            gc.setStroke(ink(Ink.FIT));
            gc.setLineWidth(1.2);
            double[] a = p.arrows();
            double max = 1e-12;
            for (int i = 0; i < a.length / 4; i++) {
                max = Math.max(max, Math.hypot(a[4 * i + 2], a[4 * i + 3]));
            }
            double scale = 0.35 / max; // the longest arrow is 0.35 data units: lengths compare within a frame
            for (int i = 0; i < a.length / 4; i++) {
                double x0 = sx(a[4 * i]);
                double y0 = sy(a[4 * i + 1]);
                double x1 = sx(a[4 * i] + a[4 * i + 2] * scale);
                double y1 = sy(a[4 * i + 1] + a[4 * i + 3] * scale);
                gc.strokeLine(x0, y0, x1, y1);
                double ang = Math.atan2(y1 - y0, x1 - x0);
                if (Math.hypot(x1 - x0, y1 - y0) > 4) {
                    gc.strokeLine(x1, y1, x1 - 4 * Math.cos(ang - 0.5), y1 - 4 * Math.sin(ang - 0.5));
                    gc.strokeLine(x1, y1, x1 - 4 * Math.cos(ang + 0.5), y1 - 4 * Math.sin(ang + 0.5));
                }
            }
        }
        if (drawing) {
            gc.setFill(ink(Ink.TEXT));
            for (double[] s : stroke) {
                gc.fillOval(sx(s[0]) - 2.5, sy(s[1]) - 2.5, 5, 5);
            }
            gc.setFont(Font.font(12));
            gc.fillText(stroke.isEmpty() ? "Drag here to draw the data" : "Drag to add more", left() + 8, MARGIN + 18);
        }
    }

    private void dots(GraphicsContext gc, double[] pts, Color c, double r) {
        gc.setFill(c);
        for (int i = 0; i < pts.length / 2; i++) {
            gc.fillOval(sx(pts[2 * i]) - r / 2, sy(pts[2 * i + 1]) - r / 2, r, r);
        }
    }

    /** Screen position of a data point (for tests that draw with the mouse). */
    public javafx.geometry.Point2D toScreen(double x, double y) {
        return localToScreen(sx(x), sy(y));
    }
}
