package dev.latentlab.ui.lab1d;

import dev.latentlab.ui.widgets.TimeSeriesChart;
import dev.latentlab.ui.widgets.CanvasPane;
import dev.latentlab.lab1d.Gan1dRun;
import dev.latentlab.lab1d.Target;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The picture of a 1-D GAN and the VAE beside it: the real density as a dotted line in the theme's
 * text colour, the generator's density in green, the VAE's (z ~ N(0, 1) through the decoder, with
 * the decoder's noise) in its own colour, D(x) as a blue dashed line (its own 0…1 scale on the
 * right, with the 0.5 line) and the best Gaussian fit to the data in orange (the inks of
 * {@link CanvasPane}). The legend wraps onto a second line when the plot is narrow.
 */
public final class DensityPlot extends CanvasPane {
    private Gan1dRun.Picture picture;
    private boolean showFit = true;
    private boolean showVae = true;
    private double yMax;
    private Target scaledFor;

    public DensityPlot() {
        setMinSize(300, 200);
        setPrefSize(720, 420);
    }

    public void setShowFit(boolean show) {
        showFit = show;
        draw();
    }

    public void setShowVae(boolean show) {
        showVae = show;
        draw();
    }

    public boolean showsVae() {
        return showVae;
    }

    public void show(Gan1dRun.Picture p) {
        picture = p;
        draw();
    }

    public Gan1dRun.Picture picture() {
        return picture;
    }

    @Override
    protected void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        Color real = ink(Ink.DATA);
        Color generated = ink(Ink.GENERATOR);
        Color discriminator = ink(Ink.REAL);
        Color fit = ink(Ink.FIT);
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        Gan1dRun.Picture p = picture;
        if (p == null || w < 60 || h < 60) {
            return;
        }
        double left = 46;
        double right = 40;
        double top = 44; // two legend lines
        double bottom = 24;
        double pw = w - left - right;
        double ph = h - top - bottom;
        int n = p.real().length;
        // the density scale follows the data (and grows, never jumps down, while G is spiky)
        double realMax = 0;
        for (double v : p.real()) {
            realMax = Math.max(realMax, v);
        }
        if (!p.target().equals(scaledFor)) {
            yMax = realMax * 1.6;
            scaledFor = p.target();
        }
        double top0 = yMax;
        double sy = ph / top0;
        double sx = pw / (n - 1);
        gc.setFont(Font.font(11));
        gc.setLineDashes();
        gc.setStroke(ink(Ink.FRAME));
        gc.setLineWidth(1);
        gc.strokeRect(left + 0.5, top + 0.5, pw, ph);
        gc.setFill(ink(Ink.AXIS));
        gc.setTextBaseline(VPos.TOP);
        gc.setTextAlign(TextAlignment.CENTER);
        for (int k = 0; k <= 4; k++) {
            double x = p.lo() + (p.hi() - p.lo()) * k / 4;
            gc.fillText(TimeSeriesChart.label(x), left + pw * k / 4, top + ph + 4);
        }
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(TextAlignment.RIGHT);
        gc.fillText(TimeSeriesChart.label(top0), left - 4, top);
        gc.fillText("0", left - 4, top + ph);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setFill(discriminator);
        gc.fillText("D = 1", left + pw + 4, top);
        gc.fillText("0.5", left + pw + 4, top + ph / 2);
        gc.fillText("0", left + pw + 4, top + ph);
        legend(gc, left, w, p, real, generated, discriminator, fit);

        gc.save();
        gc.beginPath();
        gc.rect(left, top, pw, ph);
        gc.clip();
        gc.setStroke(ink(Ink.FRAME));
        gc.setLineDashes(2, 6);
        gc.strokeLine(left, top + ph / 2, left + pw, top + ph / 2);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = left + i * sx;
        }
        if (showFit) {
            for (int i = 0; i < n; i++) {
                ys[i] = top + ph - Target.normalPdf(p.x(i), p.fitMean(), p.fitStd()) * sy;
            }
            gc.setLineDashes();
            gc.setStroke(fit);
            gc.setLineWidth(1.5);
            gc.strokePolyline(xs, ys, n);
        }
        // the generator's density, filled lightly
        for (int i = 0; i < n; i++) {
            ys[i] = top + ph - Math.min(p.generated()[i] * sy, ph + 10);
        }
        gc.setFill(generated.deriveColor(0, 1, 1, 0.18));
        gc.beginPath();
        gc.moveTo(xs[0], top + ph);
        for (int i = 0; i < n; i++) {
            gc.lineTo(xs[i], ys[i]);
        }
        gc.lineTo(xs[n - 1], top + ph);
        gc.closePath();
        gc.fill();
        gc.setStroke(generated);
        gc.setLineWidth(2.2);
        gc.strokePolyline(xs, ys, n);
        if (showVae) {
            for (int i = 0; i < n; i++) {
                ys[i] = top + ph - Math.min(p.vae()[i] * sy, ph + 10);
            }
            gc.setStroke(ink(Ink.VAE));
            gc.setLineWidth(2);
            gc.strokePolyline(xs, ys, n);
        }
        for (int i = 0; i < n; i++) {
            ys[i] = top + ph - p.real()[i] * sy;
        }
        gc.setStroke(real);
        gc.setLineWidth(2);
        gc.setLineDashes(2, 4);
        gc.strokePolyline(xs, ys, n);
        for (int i = 0; i < n; i++) {
            ys[i] = top + ph - p.discriminator()[i] * ph;
        }
        gc.setStroke(discriminator);
        gc.setLineDashes(9, 6);
        gc.setLineWidth(2);
        gc.strokePolyline(xs, ys, n);
        gc.restore();
    }

    private void legend(GraphicsContext gc, double left, double width, Gan1dRun.Picture p, Color real,
            Color generated, Color discriminator, Color fit) {
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(TextAlignment.LEFT);
        double[] at = {left, 12};
        item(gc, at, width, real, new double[] {2, 3}, "real p(x): " + p.target().describe());
        item(gc, at, width, generated, null, String.format("generator (mean %.2f, std %.2f)", p.generatedMean(),
                p.generatedStd()));
        if (showVae) {
            item(gc, at, width, ink(Ink.VAE), null, "VAE: z ~ N(0, 1), decoder mean + noise");
        }
        item(gc, at, width, discriminator, new double[] {7, 4}, "D(x)");
        if (showFit) {
            item(gc, at, width, fit, null, String.format("Gaussian fit N(%.2f, %.2f²)", p.fitMean(), p.fitStd()));
        }
    }

    /** One legend entry at {@code at} (x, y), moved on to the next line when it would pass {@code width}. */
    private void item(GraphicsContext gc, double[] at, double width, Color c, double[] dashes, String text) {
        double size = 26 + text.length() * 6.2;
        if (at[0] + size > width && at[0] > 46) {
            at[0] = 46;
            at[1] += 16;
        }
        double x = at[0];
        double y = at[1];
        gc.setStroke(c);
        gc.setLineWidth(2);
        gc.setLineDashes(dashes);
        gc.strokeLine(x, y, x + 22, y);
        gc.setLineDashes();
        gc.setFill(ink(Ink.TEXT));
        gc.fillText(text, x + 26, y);
        at[0] = x + size + 16;
    }
}
