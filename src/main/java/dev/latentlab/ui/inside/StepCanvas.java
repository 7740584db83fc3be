package dev.latentlab.ui.inside;

import dev.latentlab.explain.StageReading;
import dev.latentlab.explain.TransposedConvSteps;
import dev.latentlab.ui.widgets.CanvasPane;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The five pictures of the step view, left to right: one input channel, the same with stride − 1
 * zeros inserted between its pixels, with k − p − 1 zeros around the border and the kernel's window
 * at the current output pixel, the flipped kernel (that input channel's slice for the output
 * channel), and the output channel with the current pixel framed. Values are coloured from blue
 * (negative) through the background to red (positive), each picture on its own scale; inserted and
 * border zeros are empty cells. Hovering the output or the padded input moves the kernel there.
 */
final class StepCanvas extends CanvasPane {
    private static final double GAP = 22;
    private static final double TITLE = 18;
    private final StepState state;
    // where the padded input and the output were drawn, for the mouse
    private double cell;
    private double paddedX;
    private double outputX;
    private double top;

    StepCanvas(StepState state) {
        this.state = state;
        getStyleClass().add("step-canvas");
        setId("step-canvas");
        setMinSize(300, 160);
        setPrefSize(760, 300);
        state.stepsProperty().addListener(o -> draw());
        state.currentProperty().addListener(o -> draw());
        state.inChannelProperty().addListener(o -> draw());
        setOnMouseMoved(e -> hover(e.getX(), e.getY()));
    }

    private void hover(double x, double y) {
        TransposedConvSteps.Steps s = state.steps();
        if (s == null || cell <= 0) {
            return;
        }
        int row = (int) Math.floor((y - top) / cell);
        int os = s.outputSide();
        if (x >= outputX && x < outputX + os * cell) {
            state.setCurrent(row, (int) Math.floor((x - outputX) / cell));
        } else if (x >= paddedX && x < paddedX + s.paddedSide() * cell) {
            // the padded cell under the mouse is the window's top-left corner
            state.setCurrent(row, (int) Math.floor((x - paddedX) / cell));
        }
    }

    @Override
    protected void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        gc.clearRect(0, 0, w, h);
        StageReading r = state.reading();
        TransposedConvSteps.Steps s = state.steps();
        if (r == null || s == null || w < 50 || h < 50) {
            return;
        }
        int k = r.kernel();
        int c = Math.min(state.inChannelProperty().get(), r.inChannels() - 1);
        int o = state.outChannelProperty().get();
        int is = s.inputSide();
        int d = s.dilatedSide();
        int ps = s.paddedSide();
        int os = s.outputSide();
        int border = (ps - d) / 2;
        double cells = is + d + ps + k + os;
        cell = Math.max(1, Math.min(40, Math.min(Math.floor((w - 4 * GAP - 4) / cells), Math.floor((h - TITLE - 4)
                / Math.max(ps, os)))));
        top = TITLE + 2;
        double x = 2;
        int cur = state.currentProperty().get();
        int ci = cur / os;
        int cj = cur % os;
        gc.setFont(Font.font(11));
        gc.setTextBaseline(VPos.TOP);
        gc.setTextAlign(TextAlignment.LEFT);

        float[] in = new float[is * is];
        System.arraycopy(r.input(), c * is * is, in, 0, in.length);
        float scale = absMax(in);
        title(gc, x, "input " + (r.inChannels() > 1 ? "ch " + c : "") + " " + is + "×" + is);
        grid(gc, x, in, is, scale, (a, b) -> true);
        x += is * cell + GAP;

        float[] dil = new float[d * d];
        System.arraycopy(s.dilated(), c * d * d, dil, 0, dil.length);
        title(gc, x, "zeros inserted " + d + "×" + d);
        int stride = r.stride();
        grid(gc, x, dil, d, scale, (a, b) -> StepState.onInput(a, b, d, stride));
        x += d * cell + GAP;

        float[] pad = new float[ps * ps];
        System.arraycopy(s.padded(), c * ps * ps, pad, 0, pad.length);
        title(gc, x, "padded " + ps + "×" + ps);
        paddedX = x;
        grid(gc, x, pad, ps, scale, (a, b) -> StepState.onInput(a - border, b - border, d, stride));
        frame(gc, x + cj * cell, top + ci * cell, k * cell, k * cell);
        x += ps * cell + GAP;

        float[] kern = new float[k * k];
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                kern[u * k + v] = r.weight()[((c * r.outChannels() + o) * k + (k - 1 - u)) * k + (k - 1 - v)];
            }
        }
        title(gc, x, "flipped kernel");
        grid(gc, x, kern, k, absMax(kern), (a, b) -> true);
        x += k * cell + GAP;

        title(gc, x, "output ch " + o + " " + os + "×" + os);
        outputX = x;
        grid(gc, x, s.output(), os, absMax(s.output()), (a, b) -> true);
        frame(gc, x + cj * cell, top + ci * cell, cell, cell);
    }

    private interface Real {
        boolean at(int row, int col);
    }

    private void title(GraphicsContext gc, double x, String text) {
        gc.setFill(ink(Ink.TEXT));
        gc.fillText(text.trim(), x, 0);
    }

    /** A side × side grid of values; cells where {@code real} is false are structural zeros (empty). */
    private void grid(GraphicsContext gc, double x0, float[] v, int side, float scale, Real real) {
        Color bg = Color.TRANSPARENT;
        Color pos = ink(Ink.FAKE);
        Color neg = ink(Ink.REAL);
        boolean numbers = cell >= 22;
        gc.setTextAlign(TextAlignment.CENTER);
        gc.setTextBaseline(VPos.CENTER);
        for (int a = 0; a < side; a++) {
            for (int b = 0; b < side; b++) {
                double cx = x0 + b * cell;
                double cy = top + a * cell;
                if (!real.at(a, b)) {
                    if (cell >= 4) {
                        gc.setStroke(ink(Ink.FRAME));
                        gc.setLineWidth(1);
                        gc.strokeRect(cx + 0.5, cy + 0.5, cell - 1, cell - 1);
                    }
                    continue;
                }
                float t = scale <= 0 ? 0 : v[a * side + b] / scale;
                Color col = t >= 0 ? bg.interpolate(pos, Math.min(1, t)) : bg.interpolate(neg, Math.min(1, -t));
                gc.setFill(col.deriveColor(0, 1, 1, 0.15 + 0.85 * Math.min(1, Math.abs(t))));
                gc.fillRect(cx, cy, Math.max(1, cell - (cell >= 4 ? 1 : 0)), Math.max(1, cell - (cell >= 4 ? 1 : 0)));
                if (numbers) {
                    gc.setFill(ink(Ink.TEXT));
                    gc.fillText(StepState.num(v[a * side + b]).replaceFirst("^(-?\\d+\\.\\d)\\d+$", "$1"),
                            cx + cell / 2, cy + cell / 2);
                }
            }
        }
        gc.setTextAlign(TextAlignment.LEFT);
        gc.setTextBaseline(VPos.TOP);
    }

    private void frame(GraphicsContext gc, double x, double y, double w, double h) {
        gc.setStroke(ink(Ink.TEXT));
        gc.setLineWidth(2);
        gc.strokeRect(x, y, w, h);
    }

    private static float absMax(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    /** Where the kernel's window stands, for tests: "row, col". */
    String current() {
        TransposedConvSteps.Steps s = state.steps();
        int os = s == null ? 1 : s.outputSide();
        return String.format(Locale.ROOT, "%d, %d", state.currentProperty().get() / os, state.currentProperty().get() % os);
    }
}
