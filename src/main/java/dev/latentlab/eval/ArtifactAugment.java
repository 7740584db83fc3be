package dev.latentlab.eval;

import java.util.SplittableRandom;

/**
 * Augmentations that make a face classifier read generated faces, not only real ones: each
 * imitates a defect a DCGAN's samples have and the clean training faces do not. Applied in place
 * to one C × S × S image in [−1, 1], each with its own probability:
 * <pre>
 *   shift          up to ±3 px in x and y, edges replicated       (p 0.5)   framing drift
 *   colour jitter  x ← (x − m)·contrast + m + brightness, per-     (p 0.5)   colour cast
 *                  channel gain: contrast 0.8..1.2, brightness
 *                  ±0.1, gain ±0.08
 *   blur           3×3 binomial ([1 2 1]/4 ⊗ [1 2 1]/4)             (p 0.3)   soft samples
 *   checkerboard   + a·(−1)^(x+y), a ~ U(0, 0.12), one sign per     (p 0.3)   the transposed
 *                  channel                                                  convolution's grid
 *   noise          + N(0, σ²), σ ~ U(0, 0.1)                        (p 0.5)   speckle
 * </pre>
 * then clipped to [−1, 1]. The flip stays in {@link ClassifierTrainer}. Every draw comes from the
 * caller's generator: same seed, same images.
 */
public final class ArtifactAugment {
    static final int MAX_SHIFT = 3;

    private ArtifactAugment() {}

    /** Augments image {@code off} (channels × side × side floats) of {@code x} in place. */
    public static void apply(float[] x, int off, int channels, int side, SplittableRandom r) {
        int plane = side * side;
        if (r.nextDouble() < 0.5) {
            shift(x, off, channels, side, r.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT,
                    r.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT, true);
        }
        if (r.nextDouble() < 0.5) {
            double contrast = 0.8 + 0.4 * r.nextDouble();
            double brightness = 0.2 * r.nextDouble() - 0.1;
            for (int c = 0; c < channels; c++) {
                int base = off + c * plane;
                double mean = 0;
                for (int i = 0; i < plane; i++) {
                    mean += x[base + i];
                }
                mean /= plane;
                double gain = 1 + 0.16 * r.nextDouble() - 0.08;
                for (int i = 0; i < plane; i++) {
                    x[base + i] = (float) (((x[base + i] - mean) * contrast + mean) * gain + brightness);
                }
            }
        }
        if (r.nextDouble() < 0.3) {
            blur(x, off, channels, side);
        }
        if (r.nextDouble() < 0.3) {
            double a = 0.12 * r.nextDouble();
            for (int c = 0; c < channels; c++) {
                int base = off + c * plane;
                double s = r.nextBoolean() ? a : -a;
                for (int yy = 0; yy < side; yy++) {
                    for (int xx = 0; xx < side; xx++) {
                        x[base + yy * side + xx] += (float) (((xx + yy) & 1) == 0 ? s : -s);
                    }
                }
            }
        }
        if (r.nextDouble() < 0.5) {
            double sigma = 0.1 * r.nextDouble();
            for (int i = 0; i < channels * plane; i++) {
                x[off + i] += (float) (sigma * gaussian(r));
            }
        }
        for (int i = 0; i < channels * plane; i++) {
            float v = x[off + i];
            x[off + i] = v < -1f ? -1f : v > 1f ? 1f : v;
        }
    }

    /**
     * Moves an image by (dx, dy) in place; uncovered pixels take the nearest edge pixel
     * ({@code replicate}) or −1, black.
     */
    static void shift(float[] x, int off, int channels, int side, int dx, int dy, boolean replicate) {
        if (dx == 0 && dy == 0) {
            return;
        }
        float[] tmp = new float[side * side];
        for (int c = 0; c < channels; c++) {
            int base = off + c * side * side;
            System.arraycopy(x, base, tmp, 0, tmp.length);
            for (int yy = 0; yy < side; yy++) {
                int sy = yy - dy;
                for (int xx = 0; xx < side; xx++) {
                    int sx = xx - dx;
                    boolean inside = sy >= 0 && sy < side && sx >= 0 && sx < side;
                    x[base + yy * side + xx] = inside || replicate
                            ? tmp[Math.min(side - 1, Math.max(0, sy)) * side + Math.min(side - 1, Math.max(0, sx))]
                            : -1f;
                }
            }
        }
    }

    /** 3×3 binomial blur, separable, edges replicated. */
    static void blur(float[] x, int off, int channels, int side) {
        float[] tmp = new float[side * side];
        for (int c = 0; c < channels; c++) {
            int base = off + c * side * side;
            for (int yy = 0; yy < side; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    int l = Math.max(0, xx - 1);
                    int rr = Math.min(side - 1, xx + 1);
                    int row = base + yy * side;
                    tmp[yy * side + xx] = 0.25f * x[row + l] + 0.5f * x[row + xx] + 0.25f * x[row + rr];
                }
            }
            for (int yy = 0; yy < side; yy++) {
                int u = Math.max(0, yy - 1);
                int d = Math.min(side - 1, yy + 1);
                for (int xx = 0; xx < side; xx++) {
                    x[base + yy * side + xx] = 0.25f * tmp[u * side + xx] + 0.5f * tmp[yy * side + xx]
                            + 0.25f * tmp[d * side + xx];
                }
            }
        }
    }

    /** A standard normal draw (Box–Muller; SplittableRandom has no nextGaussian in Java 17). */
    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
