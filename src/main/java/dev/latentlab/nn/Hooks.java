package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one generator call does besides generating: a channel mask applied after a layer's
 * activation, and the layers whose activations (after the mask) are captured.
 */
public final class Hooks {
    private final ChannelMask mask;
    private final Set<Integer> capture;
    private final Map<Integer, NDArray> captured = new HashMap<>();

    public Hooks(ChannelMask mask, Set<Integer> capture) {
        this.mask = mask == null ? ChannelMask.none() : mask;
        this.capture = capture == null ? Set.of() : capture;
    }

    public static Hooks none() {
        return new Hooks(ChannelMask.none(), Set.of());
    }

    public ChannelMask mask() {
        return mask;
    }

    /** Captured activations by layer index (arrays live in the caller's manager). */
    public Map<Integer, NDArray> captured() {
        return captured;
    }

    public boolean wantsCapture() {
        return !capture.isEmpty();
    }

    /** Applies the mask of {@code layer} to h ([N, C, ...]) and captures it if asked. */
    NDArray apply(int layer, NDArray h) {
        long c = h.getShape().get(1);
        float[] m = mask.multiplier(layer, (int) c);
        if (m != null) {
            long[] shape = new long[h.getShape().dimension()];
            java.util.Arrays.fill(shape, 1);
            shape[1] = c;
            h = h.mul(h.getManager().create(m, new ai.djl.ndarray.types.Shape(shape)));
        }
        if (capture.contains(layer)) {
            captured.put(layer, h);
        }
        return h;
    }
}
