package dev.latentlab.ui.widgets;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A light-weight line chart on a Canvas for long training curves. Each series keeps at most
 * {@link #CAPACITY} points: when full, neighbouring points are averaged in pairs and later points
 * are averaged in buckets twice as wide, so memory and drawing cost stay bounded however long a run
 * goes. Horizontal reference lines (e.g. the 0.5 of D's equilibrium) are drawn dashed. FX thread only.
 */
public final class TimeSeriesChart extends CanvasPane {
    public static final int CAPACITY = 2048;

    /** One curve. */
    public static final class Series {
        final String name;
        final Ink ink;
        public final double[] xs = new double[CAPACITY];
        public final double[] ys = new double[CAPACITY];
        int size;
        int stride = 1;
        double bucketX;
        double bucketY;
        int bucketCount;
        long added;

        Series(String name, Ink ink) {
            this.name = name;
            this.ink = ink;
        }

        void add(double x, double y) {
            if (!Double.isFinite(y)) {
                return;
            }
            added++;
            bucketX += x;
            bucketY += y;
            bucketCount++;
            if (bucketCount < stride) {
                return;
            }
            if (size == CAPACITY) {
                for (int i = 0; i < CAPACITY / 2; i++) {
                    xs[i] = (xs[2 * i] + xs[2 * i + 1]) / 2;
                    ys[i] = (ys[2 * i] + ys[2 * i + 1]) / 2;
                }
                size = CAPACITY / 2;
                stride *= 2;
                if (bucketCount < stride) {
                    return; // the open bucket fills up to the new width: every point averages as many
                }
            }
            xs[size] = bucketX / bucketCount;
            ys[size] = bucketY / bucketCount;
            size++;
            bucketX = 0;
            bucketY = 0;
            bucketCount = 0;
        }

        void reset() {
            size = 0;
            stride = 1;
            bucketX = 0;
            bucketY = 0;
            bucketCount = 0;
            added = 0;
        }

        /** Points stored (after decimation). */
        public int size() {
            return size;
        }

        /** Points received. */
        public long added() {
            return added;
        }

        public double lastY() {
            return size == 0 ? Double.NaN : ys[size - 1];
        }
    }

    private final List<Series> series = new ArrayList<>();
    private final List<double[]> references = new ArrayList<>();
    private final String title;
    private Double fixedMin;
    private Double fixedMax;
    private boolean dirty = true;

    public TimeSeriesChart(String title) {
        this.title = title;
        getStyleClass().add("time-series-chart");
        setMinSize(160, 110);
        setPrefSize(420, 180);
    }

    /** A curve drawn in one of the stylesheet's inks. */
    public Series addSeries(String name, Ink ink) {
        Series s = new Series(name, ink);
        series.add(s);
        return s;
    }

    public List<Series> series() {
        return series;
    }

    /** A dashed horizontal line at y. */
    public void addReference(double y) {
        references.add(new double[] {y});
    }

    /** Fixes the y range (e.g. 0…1 for probabilities); otherwise it follows the data. */
    public void setYRange(double min, double max) {
        fixedMin = min;
        fixedMax = max;
    }

    public void add(Series s, double x, double y) {
        s.add(x, y);
        dirty = true;
    }

    public void clear() {
        for (Series s : series) {
            s.reset();
        }
        dirty = true;
        draw();
    }

    /** Redraws if points arrived since the last call. */
    public void refresh() {
        if (dirty) {
            draw();
        }
    }

    @Override
    protected void draw() {
        dirty = false;
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        if (w < 20 || h < 20) {
            return;
        }
        double left = 44;
        double right = 8;
        double top = 20;
        double bottom = 18;
        double pw = w - left - right;
        double ph = h - top - bottom;
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.size; i++) {
                x0 = Math.min(x0, s.xs[i]);
                x1 = Math.max(x1, s.xs[i]);
                y0 = Math.min(y0, s.ys[i]);
                y1 = Math.max(y1, s.ys[i]);
            }
        }
        if (fixedMin != null) {
            y0 = fixedMin;
            y1 = fixedMax;
        }
        if (!(x1 > x0)) {
            x0 = Double.isFinite(x0) ? x0 - 1 : 0;
            x1 = x0 + 2;
        }
        if (!(y1 > y0)) {
            y0 = Double.isFinite(y0) ? y0 - 0.5 : 0;
            y1 = y0 + 1;
        }
        double pad = fixedMin != null ? 0 : (y1 - y0) * 0.05;
        y0 -= pad;
        y1 += pad;
        Color fg = ink(Ink.AXIS);
        gc.setFont(Font.font(10));
        gc.setStroke(ink(Ink.FRAME));
        gc.setLineWidth(1);
        gc.setLineDashes();
        gc.strokeRect(left + 0.5, top + 0.5, pw, ph);
        gc.setFill(fg);
        gc.setTextAlign(TextAlignment.RIGHT);
        gc.setTextBaseline(VPos.CENTER);
        gc.fillText(label(y1), left - 4, top);
        gc.fillText(label(y0), left - 4, top + ph);
        gc.setTextBaseline(VPos.TOP);
        gc.fillText(label(x1), left + pw, top + ph + 3);
        gc.setTextAlign(TextAlignment.LEFT);
        gc.fillText(label(x0), left, top + ph + 3);
        gc.setTextBaseline(VPos.TOP);
        gc.setFill(ink(Ink.TEXT));
        gc.fillText(title, left, 3);
        double lx = left + 8 + gc.getFont().getSize() * title.length() * 0.62;
        for (Series s : series) {
            gc.setFill(ink(s.ink));
            gc.fillRect(lx, 7, 10, 3);
            gc.setFill(fg);
            String text = s.name + (s.size > 0 ? String.format(" %.3f", s.lastY()) : "");
            gc.fillText(text, lx + 13, 3);
            lx += 22 + text.length() * 5.6;
        }
        double sx = pw / (x1 - x0);
        double sy = ph / (y1 - y0);
        gc.save();
        gc.beginPath();
        gc.rect(left, top, pw, ph);
        gc.clip();
        gc.setStroke(ink(Ink.AXIS));
        gc.setLineDashes(4, 4);
        for (double[] r : references) {
            double y = top + ph - (r[0] - y0) * sy;
            gc.strokeLine(left, y, left + pw, y);
        }
        gc.setLineDashes();
        gc.setLineWidth(1.3);
        for (Series s : series) {
            if (s.size == 0) {
                continue;
            }
            double[] px = new double[s.size];
            double[] py = new double[s.size];
            for (int i = 0; i < s.size; i++) {
                px[i] = left + (s.xs[i] - x0) * sx;
                py[i] = top + ph - (s.ys[i] - y0) * sy;
            }
            gc.setStroke(ink(s.ink));
            gc.strokePolyline(px, py, s.size);
        }
        gc.restore();
    }

    public static String label(double v) {
        double a = Math.abs(v);
        if (a >= 10_000) {
            return String.format("%.0fk", v / 1000);
        }
        if (a >= 100 || v == Math.rint(v)) {
            return String.format("%.0f", v);
        }
        return String.format(a >= 1 ? "%.1f" : "%.2f", v);
    }
}
