package dev.latentlab.ui.inside;

import dev.latentlab.explain.StageReading;
import dev.latentlab.explain.TransposedConvSteps;
import dev.latentlab.ui.Workspace;
import java.util.Locale;
import javafx.application.Platform;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The view model of "Transposed convolution, step by step", no nodes: the stage read for the
 * current z (or the note's 2×2 → 5×5 example), the output channel computed by hand
 * ({@link TransposedConvSteps}: zeros inserted, border padded, the flipped kernel slid with stride
 * 1), the input channel drawn, the output pixel under the kernel, and the hand result's largest
 * difference from the layer's own output before BatchNorm (for the example: from the definition,
 * every input pixel scattering its weighted kernel). FX thread; the stage is read on the render
 * thread.
 */
final class StepState {
    /** The note's example instead of a stage of the model. */
    static final int TOY = -1;

    /** One output pixel's dot product: the total over every input channel, and the drawn channel's taps. */
    record Dot(int row, int col, float total, float channelShare, String terms) {}

    private final Workspace ws;
    private final IntegerProperty source = new SimpleIntegerProperty(1);
    private final ObjectProperty<StageReading> reading = new SimpleObjectProperty<>();
    private final ObjectProperty<TransposedConvSteps.Steps> steps = new SimpleObjectProperty<>();
    private final IntegerProperty outChannel = new SimpleIntegerProperty();
    private final IntegerProperty inChannel = new SimpleIntegerProperty();
    private final IntegerProperty current = new SimpleIntegerProperty();
    private float maxDiff = Float.NaN;
    private boolean visible;
    private boolean running;
    private boolean dirty;

    StepState(Workspace ws) {
        this.ws = ws;
        source.addListener((o, a, b) -> load());
        ws.zProperty().addListener((o, a, z) -> {
            if (source.get() != TOY) {
                load();
            }
        });
        ws.modelProperty().addListener((o, a, m) -> {
            reading.set(null);
            steps.set(null);
            load();
        });
        outChannel.addListener((o, a, b) -> compute(null));
    }

    IntegerProperty sourceProperty() {
        return source;
    }

    ObjectProperty<StageReading> readingProperty() {
        return reading;
    }

    ObjectProperty<TransposedConvSteps.Steps> stepsProperty() {
        return steps;
    }

    IntegerProperty outChannelProperty() {
        return outChannel;
    }

    IntegerProperty inChannelProperty() {
        return inChannel;
    }

    /** The output pixel under the kernel, row-major. */
    IntegerProperty currentProperty() {
        return current;
    }

    StageReading reading() {
        return reading.get();
    }

    TransposedConvSteps.Steps steps() {
        return steps.get();
    }

    /** max |hand − reference| over the output channel (NaN before the first reading). */
    float maxDiff() {
        return maxDiff;
    }

    void setVisible(boolean v) {
        visible = v;
        if (v && (reading.get() == null || dirty)) {
            load();
        }
    }

    /** The kernel one output pixel further (row by row, back to the first after the last). */
    void step() {
        TransposedConvSteps.Steps s = steps.get();
        if (s != null) {
            int n = s.outputSide() * s.outputSide();
            current.set((current.get() + 1) % n);
        }
    }

    void setCurrent(int row, int col) {
        TransposedConvSteps.Steps s = steps.get();
        if (s != null && row >= 0 && col >= 0 && row < s.outputSide() && col < s.outputSide()) {
            current.set(row * s.outputSide() + col);
        }
    }

    /** Reads the chosen stage for the current z (the example needs no model). */
    void load() {
        if (source.get() == TOY) {
            show(StageReading.toy(), null);
            return;
        }
        if (!visible || ws.model() == null || ws.z().length != ws.model().nz()) {
            dirty = true;
            return;
        }
        if (ws.model().spec().arch() != dev.latentlab.nn.NetSpec.Arch.DCGAN) {
            source.set(TOY); // only a DCGAN has transposed convolutions to show
            return;
        }
        if (running) {
            dirty = true;
            return;
        }
        running = true;
        dirty = false;
        int stage = source.get();
        int o = outChannel.get();
        float[] z = ws.z().clone();
        Object model = ws.model();
        // the reading and the hand computation of the output channel shown, off the FX thread
        ws.render().submit(m -> {
            StageReading r = StageReading.read(m, z, stage);
            return new Computed(r, o < r.outChannels() ? r.steps(o) : null, o);
        }).whenComplete((c, t) -> Platform.runLater(() -> {
            running = false;
            if (t != null) {
                ws.error("Could not read the stage", t);
            } else if (ws.model() == model && source.get() == stage) {
                show(c.reading(), c.outChannel() == outChannel.get() ? c.steps() : null);
            }
            if (dirty) {
                load();
            }
        }));
    }

    /** A stage read with output channel {@code outChannel} computed by hand (null past its channels). */
    private record Computed(StageReading reading, TransposedConvSteps.Steps steps, int outChannel) {}

    /** Shows a reading; {@code computed}: its steps for the current output channel when already made. */
    private void show(StageReading r, TransposedConvSteps.Steps computed) {
        StageReading old = reading.get();
        boolean sameLayer = old != null && old.stage() == r.stage() && old.inChannels() == r.inChannels()
                && old.outChannels() == r.outChannels();
        if (!sameLayer) {
            if (outChannel.get() >= r.outChannels()) {
                computed = null;
                outChannel.set(r.outChannels() - 1);
            }
            inChannel.set(liveliest(r));
            current.set(0);
        }
        reading.set(r);
        compute(computed);
    }

    /** The input channel with the largest total |activation|, so the drawn input is not a dead channel. */
    private static int liveliest(StageReading r) {
        int plane = r.inputSide() * r.inputSide();
        int best = 0;
        double bestSum = -1;
        for (int c = 0; c < r.inChannels(); c++) {
            double sum = 0;
            for (int p = c * plane; p < (c + 1) * plane; p++) {
                sum += Math.abs(r.input()[p]);
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = c;
            }
        }
        return best;
    }

    private void compute(TransposedConvSteps.Steps computed) {
        StageReading r = reading.get();
        if (r == null || outChannel.get() >= r.outChannels()) {
            return;
        }
        TransposedConvSteps.Steps s = computed != null ? computed : r.steps(outChannel.get());
        maxDiff = StageReading.maxAbsDiff(s.output(), r.outputChannel(outChannel.get()));
        if (current.get() >= s.outputSide() * s.outputSide()) {
            current.set(0);
        }
        steps.set(s);
    }

    /** The dot product at the current output pixel. */
    Dot dot() {
        StageReading r = reading.get();
        TransposedConvSteps.Steps s = steps.get();
        if (r == null || s == null) {
            return null;
        }
        int os = s.outputSide();
        int i = current.get() / os;
        int j = current.get() % os;
        int k = r.kernel();
        int ps = s.paddedSide();
        int c = Math.min(inChannel.get(), r.inChannels() - 1);
        int o = outChannel.get();
        int d = s.dilatedSide();
        int border = (ps - d) / 2;
        double share = 0;
        StringBuilder terms = new StringBuilder();
        int shown = 0;
        int zeros = 0;
        for (int u = 0; u < k; u++) {
            for (int v = 0; v < k; v++) {
                float x = s.padded()[(c * ps + i + u) * ps + j + v];
                float w = r.weight()[((c * r.outChannels() + o) * k + (k - 1 - u)) * k + (k - 1 - v)];
                share += (double) x * w;
                if (!onInput(i + u - border, j + v - border, d, r.stride())) {
                    zeros++;
                    continue;
                }
                if (shown++ > 0) {
                    terms.append(" + ");
                }
                terms.append(num(x)).append("·").append(factor(w));
            }
        }
        if (shown == 0) {
            terms.append("0");
        }
        terms.append(String.format(Locale.ROOT, "  (%d of the %d taps fall on inserted or border zeros)", zeros, k * k));
        return new Dot(i, j, s.output()[current.get()], (float) share, terms.toString());
    }

    /** Whether (row, col) of the zero-inserted map holds an input pixel (not an inserted zero). */
    static boolean onInput(int row, int col, int side, int stride) {
        return row >= 0 && col >= 0 && row < side && col < side && row % stride == 0 && col % stride == 0;
    }

    /** A factor after "·": negative ones in parentheses. */
    static String factor(float v) {
        return v < 0 ? "(" + num(v) + ")" : num(v);
    }

    static String num(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1000 ? Integer.toString((int) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
