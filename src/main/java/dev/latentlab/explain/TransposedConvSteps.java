package dev.latentlab.explain;

/**
 * Transposed convolution the way the note draws it, in plain Java on one image:
 * <pre>
 *   1. insert stride − 1 zeros between the input pixels        s × s → (s − 1)·stride + 1
 *   2. pad the border with k − p − 1 zeros on every side        → (s − 1)·stride + 1 + 2(k − p − 1)
 *   3. slide the kernel, flipped in both directions, with stride 1, summing over input channels:
 *        out[i, j] = Σ_c Σ_{u,v} padded[c, i + u, j + v] · W[c, o, k − 1 − u, k − 1 − v]
 *                                                               → (s − 1)·stride + k − 2p
 * </pre>
 * and, as the reference it must equal, the definition itself: every input pixel scatters
 * x[c, a, b]·W[c, o, u, v] to output (a·stride + u − p, b·stride + v − p). W is in PyTorch's
 * ConvTranspose2d layout [in, out, k, k].
 */
public final class TransposedConvSteps {
    /** Every intermediate, for printing and for the view: the zero-inserted maps, the padded maps, the output. */
    public record Steps(int inputSide, int dilatedSide, int paddedSide, int outputSide, float[] dilated,
            float[] padded, float[] output) {}

    private TransposedConvSteps() {}

    /** The three steps for output channel {@code o}: x [cin, s, s], w [cin, cout, k, k]. */
    public static Steps steps(float[] x, int cin, int s, float[] w, int cout, int k, int stride, int pad, int o) {
        int d = (s - 1) * stride + 1;
        float[] dilated = new float[cin * d * d];
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < s; a++) {
                for (int b = 0; b < s; b++) {
                    dilated[(c * d + a * stride) * d + b * stride] = x[(c * s + a) * s + b];
                }
            }
        }
        int border = k - pad - 1;
        if (border < 0) {
            throw new IllegalArgumentException("padding " + pad + " is more than k − 1 = " + (k - 1));
        }
        int ps = d + 2 * border;
        float[] padded = new float[cin * ps * ps];
        for (int c = 0; c < cin; c++) {
            for (int i = 0; i < d; i++) {
                System.arraycopy(dilated, (c * d + i) * d, padded, (c * ps + i + border) * ps + border, d);
            }
        }
        int os = ps - k + 1;
        float[] out = new float[os * os];
        for (int i = 0; i < os; i++) {
            for (int j = 0; j < os; j++) {
                double sum = 0;
                for (int c = 0; c < cin; c++) {
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            sum += padded[(c * ps + i + u) * ps + j + v]
                                    * w[((c * cout + o) * k + (k - 1 - u)) * k + (k - 1 - v)];
                        }
                    }
                }
                out[i * os + j] = (float) sum;
            }
        }
        return new Steps(s, d, ps, os, dilated, padded, out);
    }

    /** The definition: each input pixel scatters its weighted kernel onto the output (output channel o). */
    public static float[] scatter(float[] x, int cin, int s, float[] w, int cout, int k, int stride, int pad, int o) {
        int os = (s - 1) * stride + k - 2 * pad;
        double[] out = new double[os * os];
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < s; a++) {
                for (int b = 0; b < s; b++) {
                    double xv = x[(c * s + a) * s + b];
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int i = a * stride + u - pad;
                            int j = b * stride + v - pad;
                            if (i >= 0 && i < os && j >= 0 && j < os) {
                                out[i * os + j] += xv * w[((c * cout + o) * k + u) * k + v];
                            }
                        }
                    }
                }
            }
        }
        float[] f = new float[out.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) out[i];
        }
        return f;
    }

    /** How many kernel taps reach each output pixel (the checkerboard of uneven overlap when k is not a multiple of stride). */
    public static int[] overlap(int s, int k, int stride, int pad) {
        int os = (s - 1) * stride + k - 2 * pad;
        int[] n = new int[os * os];
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++) {
                        int i = a * stride + u - pad;
                        int j = b * stride + v - pad;
                        if (i >= 0 && i < os && j >= 0 && j < os) {
                            n[i * os + j]++;
                        }
                    }
                }
            }
        }
        return n;
    }
}
