package dev.latentlab.ui.widgets;

import dev.latentlab.explain.GeneratorLosses;
import java.util.function.DoubleUnaryOperator;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * G's two losses over D(G(z)) ∈ (0, 1) (left) and their gradients with respect to D's logit
 * (right), from {@link GeneratorLosses}: minimax log(1 − D(G(z))) in the fake ink,
 * non-saturating −log D(G(z)) in the generator's; the current batch's D(G(z)) values sit on each
 * curve as dots, moving while training runs. Shown by Train › Losses (the image GAN) and the 1-D lab
 * (its GAN); side by side when wide, one above the other when narrow.
 */
public final class LossPlot extends CanvasPane {
    private float[] dots;

    public LossPlot() {
        setMinSize(300, 180);
        setPrefSize(760, 300);
    }

    /** The batch's D(G(z)) values to draw as dots (null: none). */
    public void show(float[] dFake) {
        dots = dFake;
        draw();
    }

    public float[] dots() {
        return dots;
    }

    @Override
    protected void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        if (w < 120 || h < 100) {
            return;
        }
        boolean stacked = w < 1.6 * h && w < 600; // a narrow pane: one panel above the other
        double pw = stacked ? w : w / 2;
        double ph = stacked ? h / 2 : h;
        panel(gc, 0, 0, pw, ph, "loss_G over D(G(z))", -5, 5, GeneratorLosses::minimax, GeneratorLosses::nonSaturating);
        panel(gc, stacked ? 0 : pw, stacked ? ph : 0, pw, ph, "∂loss_G/∂logit over D(G(z))", -1.05, 0.05,
                GeneratorLosses::minimaxGradient, GeneratorLosses::nonSaturatingGradient);
    }

    private void panel(GraphicsContext gc, double x0, double y0, double w, double h, String title, double lo,
            double hi, DoubleUnaryOperator minimax, DoubleUnaryOperator ns) {
        double left = x0 + 44;
        double pw = w - 44 - 14;
        boolean twoLines = pw < 400; // the legends one under the other
        double top = y0 + (twoLines ? 54 : 40);
        double ph = y0 + h - top - 26;
        gc.setFont(Font.font(11));
        gc.setLineDashes();
        gc.setStroke(ink(Ink.FRAME));
        gc.setLineWidth(1);
        gc.strokeRect(left + 0.5, top + 0.5, pw, ph);
        if (lo < 0 && hi > 0) {
            double zero = top + ph * (hi / (hi - lo));
            gc.setLineDashes(4, 4);
            gc.strokeLine(left, zero, left + pw, zero);
            gc.setLineDashes();
        }
        gc.setFill(ink(Ink.TEXT));
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(title, left, y0 + 2);
        legend(gc, left, y0 + 18, ink(Ink.FAKE), "minimax log(1 − D(G(z)))");
        legend(gc, twoLines ? left : left + Math.min(200, pw / 2), y0 + (twoLines ? 34 : 18), ink(Ink.GENERATOR),
                "non-saturating −log D(G(z))");
        gc.setFill(ink(Ink.AXIS));
        gc.setTextAlign(TextAlignment.CENTER);
        for (int k = 0; k <= 4; k++) {
            gc.fillText(String.format("%.2f", k / 4.0), left + pw * k / 4, top + ph + 4);
        }
        gc.setTextAlign(TextAlignment.RIGHT);
        gc.setTextBaseline(VPos.CENTER);
        for (int k = 0; k <= 2; k++) {
            double v = lo + (hi - lo) * k / 2;
            gc.fillText(String.format("%.1f", v), left - 4, top + ph - ph * k / 2);
        }
        curve(gc, left, top, pw, ph, lo, hi, minimax, ink(Ink.FAKE));
        curve(gc, left, top, pw, ph, lo, hi, ns, ink(Ink.GENERATOR));
        float[] d = dots;
        if (d != null) {
            for (float v : d) {
                dot(gc, left, top, pw, ph, lo, hi, v, minimax.applyAsDouble(v), ink(Ink.FAKE));
                dot(gc, left, top, pw, ph, lo, hi, v, ns.applyAsDouble(v), ink(Ink.GENERATOR));
            }
        }
    }

    private static void legend(GraphicsContext gc, double x, double y, Color c, String text) {
        gc.setStroke(c);
        gc.setLineWidth(2);
        gc.strokeLine(x, y + 7, x + 16, y + 7);
        gc.setFill(c);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(text, x + 20, y);
    }

    private static void curve(GraphicsContext gc, double left, double top, double pw, double ph, double lo, double hi,
            DoubleUnaryOperator f, Color c) {
        gc.setStroke(c);
        gc.setLineWidth(2);
        gc.beginPath();
        int n = 300;
        for (int i = 0; i <= n; i++) {
            double d = 0.001 + 0.998 * i / n;
            double v = Math.max(lo, Math.min(hi, f.applyAsDouble(d)));
            double x = left + pw * d;
            double y = top + ph * (hi - v) / (hi - lo);
            if (i == 0) {
                gc.moveTo(x, y);
            } else {
                gc.lineTo(x, y);
            }
        }
        gc.stroke();
    }

    private static void dot(GraphicsContext gc, double left, double top, double pw, double ph, double lo, double hi,
            double d, double v, Color c) {
        double y = top + ph * (hi - Math.max(lo, Math.min(hi, v))) / (hi - lo);
        gc.setFill(c);
        gc.fillOval(left + pw * d - 3.5, y - 3.5, 7, 7);
    }
}
