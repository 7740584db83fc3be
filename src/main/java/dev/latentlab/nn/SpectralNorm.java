package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Spectral normalisation of one weight (Miyato et al. 2018), exactly as torch.nn.utils.spectral_norm
 * (torch 1.13, n_power_iterations = 1, eps = 1e-12, dim 0) with the same state_dict names:
 * <pre>
 *   NAME_orig  [out, in, k, k]   the trainable weight
 *   NAME_u     [out]             left singular vector estimate (a buffer)
 *   NAME_v     [in·k·k]          right singular vector estimate (a buffer)
 *   W = NAME_orig.reshape(out, −1)
 *   training:  v ← normalize(Wᵀu), u ← normalize(W v)       (no gradient; one iteration per forward)
 *   σ = uᵀ W v                                                (gradient flows through W only)
 *   weight used by the layer = NAME_orig / σ
 * </pre>
 * In evaluation mode the stored u and v are used as they are, as torch does.
 */
public final class SpectralNorm {
    static final double EPS = 1e-12;

    private SpectralNorm() {}

    /** Declares NAME_orig, NAME_u and NAME_v for a weight of the given shape. */
    static void declare(ParamSet params, String name, Shape shape) {
        params.addParameter(name + "_orig", shape);
        params.addBuffer(name + "_u", new Shape(shape.get(0)), 0f);
        params.addBuffer(name + "_v", new Shape(shape.size() / shape.get(0)), 0f);
    }

    /** u and v start as normalised N(0, 1) draws, as torch's spectral_norm does when applied. */
    static void initialize(ParamSet params, String name, Random rng) {
        for (String s : new String[] {"_u", "_v"}) {
            NDArray a = params.get(name + s);
            float[] x = new float[(int) a.size()];
            double norm = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
                norm += x[i] * (double) x[i];
            }
            double scale = 1 / Math.max(Math.sqrt(norm), EPS);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (x[i] * scale);
            }
            a.set(x);
        }
    }

    /**
     * σ as a scalar array differentiable in NAME_orig; in training, first one power iteration updating
     * u and v in place. A layer may divide its output by σ instead of its weight (the same for a
     * convolution without bias, conv(x, W/σ) = conv(x, W)/σ), which keeps the convolution's weight a leaf.
     */
    static NDArray sigma(ParamSet params, String name, boolean training) {
        NDArray w = params.get(name + "_orig");
        NDArray u = params.get(name + "_u");
        NDArray v = params.get(name + "_v");
        long out = w.getShape().get(0);
        NDArray wm = w.reshape(out, -1); // [out, in·k·k]
        // σ's graph keeps its own copies of u and v (as torch clones them): the buffers are updated in
        // place by the next training forward (D runs on real, then on fake), which must not reach back
        // into a graph that is still to be differentiated
        NDArray uk;
        NDArray vk;
        boolean grad = TorchRuntime.disableGrad();
        try {
            if (training) {
                NDArray wd = wm.stopGradient();
                vk = normalize(wd.transpose().matMul(u));
                uk = normalize(wd.matMul(vk));
                v.set(vk.toFloatArray());
                u.set(uk.toFloatArray());
            } else {
                uk = u.duplicate();
                vk = v.duplicate();
            }
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
        return uk.dot(wm.matMul(vk)); // scalar, differentiable in W
    }

    /**
     * NAME_orig / σ for export, computed here in double from the stored u and v rather than by the
     * engine: the engine's matrix products round differently on different CPUs (AMX, AVX-512, MKL's
     * AMD kernels), so an exported file's bytes would depend on the machine; these do not. Within a
     * few float32 ulps of NAME_orig / {@link #sigma} in evaluation mode.
     */
    static float[] exportWeight(ParamSet params, String name) {
        float[] w = params.get(name + "_orig").toFloatArray();
        float[] u = params.get(name + "_u").toFloatArray();
        float[] v = params.get(name + "_v").toFloatArray();
        int cols = v.length;
        double sigma = 0;
        for (int o = 0; o < u.length; o++) {
            double row = 0;
            for (int i = 0; i < cols; i++) {
                row += (double) w[o * cols + i] * v[i];
            }
            sigma += u[o] * row;
        }
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) (w[i] / sigma);
        }
        return out;
    }

    private static NDArray normalize(NDArray x) {
        double n = Math.max(x.norm().getFloat(), EPS);
        return x.div(n);
    }
}
