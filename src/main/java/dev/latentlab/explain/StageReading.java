package dev.latentlab.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.model.GanModel;
import dev.latentlab.nn.DcganGenerator;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.nn.TransposedConv2d;

/**
 * One transposed convolution of a DCGAN generator read for one z, as plain arrays: the stage's
 * input (the previous stage's activation, or z as nz × 1 × 1 for stage 0), its weight in PyTorch's
 * layout [in, out, k, k], and the layer's own output before BatchNorm [out, side, side], computed
 * by the project's exact {@link TransposedConv2d}. What {@link TransposedConvSteps} is checked
 * against, in {@code explain transposed-conv} and in the app.
 */
public record StageReading(int stage, int inChannels, int outChannels, int inputSide, int outputSide, int kernel,
        int stride, int padding, float[] input, float[] weight, float[] output) {

    /** The hand computation's steps for output channel {@code o} (zeros, padding, flipped kernel). */
    public TransposedConvSteps.Steps steps(int o) {
        return TransposedConvSteps.steps(input, inChannels, inputSide, weight, outChannels, kernel, stride, padding, o);
    }

    /** The layer's own output channel {@code o}, [side, side]. */
    public float[] outputChannel(int o) {
        int plane = outputSide * outputSide;
        float[] c = new float[plane];
        System.arraycopy(output, o * plane, c, 0, plane);
        return c;
    }

    /**
     * Reads stage {@code stage} of {@code model}'s generator for z (eval mode, autograd off, every array
     * in a manager closed before returning). Fails for a generator that is not a DCGAN.
     */
    public static StageReading read(GanModel model, float[] z, int stage) {
        if (!(model.generator() instanceof DcganGenerator g)) {
            throw new IllegalArgumentException(model.name() + " is not a DCGAN: it has no transposed convolution");
        }
        if (stage < 0 || stage >= g.stages()) {
            throw new IllegalArgumentException("no stage " + stage + " (0.." + (g.stages() - 1) + ")");
        }
        int nz = model.nz();
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager mm = g.params().manager().newSubManager()) {
            NDArray zs = mm.create(z, new Shape(1, nz));
            NDArray wt = g.transposedWeight(stage);
            long[] ws = wt.getShape().getShape();
            int pad = g.stagePadding(stage);
            NDArray input = stage == 0 ? zs.reshape(1, nz, 1, 1) : g.trunk(zs, stage - 1, Hooks.none());
            NDArray real = stage == 0 ? TransposedConv2d.project(zs, wt) : TransposedConv2d.forward(input, wt, pad);
            return new StageReading(stage, (int) ws[0], (int) ws[1], (int) input.getShape().get(2),
                    (int) real.getShape().get(2), (int) ws[2], stage == 0 ? 1 : 2, pad, input.toFloatArray(),
                    wt.toFloatArray(), real.toFloatArray());
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    /** The note's figure: a 2×2 input [[1, 2], [3, 4]], a 3×3 kernel, stride 2, no padding → 5×5 (its output is the definition's). */
    public static StageReading toy() {
        float[] x = {1, 2, 3, 4};
        float[] w = {1, 2, 1, 0, 1, 0, -1, 0, 1};
        return new StageReading(-1, 1, 1, 2, 5, 3, 2, 0, x, w, TransposedConvSteps.scatter(x, 1, 2, w, 1, 3, 2, 0, 0));
    }

    /** The largest |a − b| (infinite when the lengths differ). */
    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Float.POSITIVE_INFINITY;
        }
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
