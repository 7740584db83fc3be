package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Random;

/**
 * Whether this machine's libtorch computes convolutions right when nothing steers around its faults.
 *
 * <p>On an AMD EPYC of CPU family 26 (2026-12-07) libtorch 2.7.1's oneDNN gets convolutions with
 * more than 16 input channels, not a multiple of 16, wrong (by 1.3–2 on values of about 1), with its
 * AVX-512 and its AVX2 kernels alike; {@code ONEDNN_MAX_CPU_ISA=SSE41} makes them exact. LatentLab's
 * own networks go through {@link Convolution}, which avoids those shapes, and the bfloat16 programs
 * (dcgan_runner, reader_runner) give oneDNN only multiples of 16; a TorchScript file (.pt) is
 * executed by libtorch as it is. This runs one such convolution
 * (2 × 24 × 8 × 8, 16 filters of 3 × 3) against a plain Java loop, once per process.
 */
public final class EngineCheck {
    private static volatile Boolean sound;

    private EngineCheck() {}

    /** True when the engine's own convolution agrees with the reference to 1e-4. */
    public static boolean convolutionsSound() {
        Boolean s = sound;
        if (s == null) {
            synchronized (EngineCheck.class) {
                if (sound == null) {
                    sound = measure() < 1e-4;
                }
                s = sound;
            }
        }
        return s;
    }

    /** What to tell a user whose machine fails the check. */
    public static String advice() {
        return "this CPU's libtorch (oneDNN) computes some convolutions wrongly (seen on AMD EPYC family 26): "
                + "LatentLab's own networks and its bfloat16 programs avoid them, but TorchScript files run them as "
                + "they are; start with the environment variable ONEDNN_MAX_CPU_ISA=SSE41 to make those exact (slower)";
    }

    static float measure() {
        int n = 2;
        int cin = 24;
        int cout = 16;
        int side = 8;
        Random r = new Random(26);
        float[] x = new float[n * cin * side * side];
        float[] w = new float[cout * cin * 9];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * r.nextGaussian());
        }
        float[] got;
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            NDArray y = Conv2d.conv2d(m.create(x, new Shape(n, cin, side, side)), m.create(w, new Shape(cout, cin, 3, 3)),
                    null, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
            got = y.toFloatArray();
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
        float worst = 0;
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int i = 0; i < side; i++) {
                    for (int j = 0; j < side; j++) {
                        double sum = 0;
                        for (int c = 0; c < cin; c++) {
                            for (int di = 0; di < 3; di++) {
                                for (int dj = 0; dj < 3; dj++) {
                                    int ii = i + di - 1;
                                    int jj = j + dj - 1;
                                    if (ii >= 0 && ii < side && jj >= 0 && jj < side) {
                                        sum += x[((b * cin + c) * side + ii) * side + jj] * w[((o * cin + c) * 3 + di) * 3 + dj];
                                    }
                                }
                            }
                        }
                        float v = got[((b * cout + o) * side + i) * side + j];
                        worst = Math.max(worst, Float.isFinite(v) ? (float) Math.abs(v - sum) : Float.POSITIVE_INFINITY);
                    }
                }
            }
        }
        return worst;
    }
}
