package dev.latentlab.ui.lab1d;

import dev.latentlab.lab1d.Tails;
import dev.latentlab.ui.widgets.CanvasPane;
import dev.latentlab.ui.widgets.TimeSeriesChart;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The tails as a QQ plot against the target: for p from 0.05% to 99.95% (evenly spaced in
 * logit p), the model's quantile Q_model(p) over the target's Q_target(p), GAN in green and VAE in
 * its own colour, with the diagonal y = x in the theme's text colour. A model whose tails are
 * lighter than the data's bends towards the horizontal at both ends; heavier, towards the vertical.
 * Both axes span the target's quantiles, so points beyond are clipped at the frame.
 */
public final class TailPlot extends CanvasPane {
    private static final double LEFT = 40;
    private static final double RIGHT = 10;
    private static final double TOP = 24;
    private static final double BOTTOM = 22;
    private Tails tails;
    private boolean showVae = true;

    public TailPlot() {
        getStyleClass().add("tail-plot");
        setMinSize(200, 180);
        setPrefSize(320, 300);
        Tooltip.install(this, new Tooltip("QQ plot: each model's quantiles against the target's, from 0.05% to "
                + "99.95%.\nOn the diagonal: the same distribution. Flatter at the ends: lighter tails than the data."
                + "\nVAE: z ~ N(0, 1) through the decoder, with the decoder's noise σ(z)·ε."));
    }

    public void show(Tails t) {
        tails = t;
        draw();
    }

    public Tails tails() {
        return tails;
    }

    public void setShowVae(boolean show) {
        showVae = show;
        draw();
    }

    @Override
    protected void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        Tails t = tails;
        if (t == null || w < 80 || h < 80) {
            return;
        }
        double[] q = t.target();
        int n = q.length;
        double lo = q[0];
        double hi = q[n - 1];
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        double pw = w - LEFT - RIGHT;
        double ph = h - TOP - BOTTOM;
        double span = hi - lo;
        gc.setFont(Font.font(11));
        gc.setLineDashes();
        gc.setStroke(ink(Ink.FRAME));
        gc.setLineWidth(1);
        gc.strokeRect(LEFT + 0.5, TOP + 0.5, pw, ph);
        gc.setFill(ink(Ink.AXIS));
        // ticks at both ends of the target's quantiles and at 0 when it lies between
        double[] ticks = lo < 0 && hi > 0 ? new double[] {q[0], 0, q[n - 1]} : new double[] {q[0], q[n - 1]};
        gc.setTextBaseline(VPos.TOP);
        gc.setTextAlign(TextAlignment.CENTER);
        for (double v : ticks) {
            gc.fillText(TimeSeriesChart.label(v), LEFT + (v - lo) / span * pw, TOP + ph + 4);
        }
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(TextAlignment.RIGHT);
        for (double v : ticks) {
            gc.fillText(TimeSeriesChart.label(v), LEFT - 4, TOP + ph - (v - lo) / span * ph);
        }
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setFill(ink(Ink.TEXT));
        gc.fillText("QQ: model quantile vs target quantile", LEFT, 11);

        gc.save();
        gc.beginPath();
        gc.rect(LEFT, TOP, pw, ph);
        gc.clip();
        gc.setStroke(ink(Ink.DATA));
        gc.setLineDashes(2, 4);
        gc.setLineWidth(1.5);
        gc.strokeLine(LEFT, TOP + ph, LEFT + pw, TOP);
        gc.setLineDashes();
        curve(gc, q, t.gan(), ink(Ink.GENERATOR), lo, span, pw, ph);
        if (showVae) {
            curve(gc, q, t.vae(), ink(Ink.VAE), lo, span, pw, ph);
        }
        gc.restore();
    }

    private void curve(GraphicsContext gc, double[] target, double[] model, Color c, double lo, double span,
            double pw, double ph) {
        int n = target.length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(model[i])) {
                continue; // a diverged model draws nothing
            }
            xs[m] = LEFT + (target[i] - lo) / span * pw;
            // clamped a little beyond the frame, so that a runaway tail still leaves the frame visibly
            ys[m] = TOP + ph - Math.max(-0.1, Math.min(1.1, (model[i] - lo) / span)) * ph;
            m++;
        }
        gc.setStroke(c);
        gc.setLineWidth(1.8);
        gc.strokePolyline(xs, ys, m);
        gc.setFill(c);
        for (int i = 0; i < m; i++) {
            gc.fillOval(xs[i] - 2, ys[i] - 2, 4, 4);
        }
    }
}
