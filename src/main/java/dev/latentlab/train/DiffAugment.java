package dev.latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.Random;

/**
 * Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN
 * Training", DiffAugment_pytorch.py): the same random colour, translation and cutout are applied to
 * real and fake images before D sees them, in D's steps and in G's, so D cannot memorise the data and
 * G's gradient passes through the augmentation. Images are [B, C, H, W] in [−1, 1].
 * <pre>
 *   colour:      x ← x + (b − 0.5)                                   brightness, b ~ U(0, 1)
 *                x ← (x − mean_c x)·(2s) + mean_c x                  saturation, s ~ U(0, 1)
 *                x ← (x − mean_chw x)·(c + 0.5) + mean_chw x         contrast,   c ~ U(0, 1)
 *   translation: x[i, j] ← x[i + tx, j + ty], zero outside; tx, ty ∈ {−⌊H/8 + ½⌋ … ⌊H/8 + ½⌋}
 *   cutout:      a ⌊H/2 + ½⌋ square centred at (ox, oy) is zeroed;  ox, oy ∈ [0, H + 1 − size mod 2)
 * </pre>
 * The random draws are a {@link Draw}, so a test can feed PyTorch's reference the same ones.
 * Translation is two batched matrix products with shift matrices, Sy·x·Sxᵀ, which is what the
 * reference's gather from the zero-padded image computes, and differentiable in x.
 */
public final class DiffAugment {
    /** Which transforms, in the reference's order: colour, then translation, then cutout. */
    public record Policy(boolean color, boolean translation, boolean cutout) {
        public static final Policy NONE = new Policy(false, false, false);

        /** "color,translation,cutout" or any subset (also "none" or an empty string). */
        public static Policy parse(String s) {
            if (s == null || s.isBlank() || s.equalsIgnoreCase("none")) {
                return NONE;
            }
            boolean c = false;
            boolean t = false;
            boolean x = false;
            for (String part : s.toLowerCase(Locale.ROOT).split(",")) {
                switch (part.trim()) {
                    case "color", "colour" -> c = true;
                    case "translation" -> t = true;
                    case "cutout" -> x = true;
                    default -> throw new IllegalArgumentException("unknown DiffAugment transform '" + part.trim()
                            + "' (color, translation, cutout, comma-separated, or none)");
                }
            }
            return new Policy(c, t, x);
        }

        public boolean any() {
            return color || translation || cutout;
        }

        @Override
        public String toString() {
            if (!any()) {
                return "none";
            }
            StringBuilder b = new StringBuilder();
            if (color) {
                b.append("color");
            }
            if (translation) {
                b.append(b.length() > 0 ? "," : "").append("translation");
            }
            if (cutout) {
                b.append(b.length() > 0 ? "," : "").append("cutout");
            }
            return b.toString();
        }
    }

    /** One batch's random values: per image brightness, saturation, contrast in [0, 1), shifts and cutout centres. */
    public record Draw(float[] brightness, float[] saturation, float[] contrast, int[] shiftX, int[] shiftY,
            int[] cutoutX, int[] cutoutY) {}

    private DiffAugment() {}

    /** Draws a batch's random values as the reference does (torch.rand, torch.randint ranges). */
    public static Draw draw(Random rng, int batch, int size) {
        float[] b = new float[batch];
        float[] s = new float[batch];
        float[] c = new float[batch];
        int[] tx = new int[batch];
        int[] ty = new int[batch];
        int[] ox = new int[batch];
        int[] oy = new int[batch];
        int shift = shift(size);
        int cut = cutSize(size);
        for (int i = 0; i < batch; i++) {
            b[i] = rng.nextFloat();
            s[i] = rng.nextFloat();
            c[i] = rng.nextFloat();
            tx[i] = rng.nextInt(2 * shift + 1) - shift;
            ty[i] = rng.nextInt(2 * shift + 1) - shift;
            ox[i] = rng.nextInt(size + (1 - cut % 2));
            oy[i] = rng.nextInt(size + (1 - cut % 2));
        }
        return new Draw(b, s, c, tx, ty, ox, oy);
    }

    static int shift(int size) {
        return (int) (size * 0.125 + 0.5);
    }

    static int cutSize(int size) {
        return (int) (size * 0.5 + 0.5);
    }

    /** The augmented batch, [B, C, H, W] (square images); arrays are created in {@code m}. */
    public static NDArray apply(NDArray x, Policy policy, Draw d, NDManager m) {
        long[] s = x.getShape().getShape();
        int batch = (int) s[0];
        int h = (int) s[2];
        int w = (int) s[3];
        if (policy.color()) {
            x = x.add(m.create(minusHalf(d.brightness()), new Shape(batch, 1, 1, 1)));
            NDArray mean = x.mean(new int[] {1}, true);
            x = x.sub(mean).mul(m.create(times(d.saturation(), 2, 0), new Shape(batch, 1, 1, 1))).add(mean);
            // mean over C, H, W (DJL's PyTorch mean takes one axis at a time)
            NDArray all = x.reshape(batch, -1).mean(new int[] {1}, true).reshape(batch, 1, 1, 1);
            x = x.sub(all).mul(m.create(times(d.contrast(), 1, 0.5f), new Shape(batch, 1, 1, 1))).add(all);
        }
        if (policy.translation()) {
            // (Sy x Sxᵀ)[i, j] = x[i + tx, j + ty]: Sy[i, k] = 1 where k = i + tx (rows, tx along H as in the
            // reference's grid_x), Sx[j, l] = 1 where l = j + ty
            NDArray sy = m.create(shiftMatrices(d.shiftX(), h), new Shape(batch, 1, h, h));
            NDArray sxT = m.create(transpose(shiftMatrices(d.shiftY(), w), batch, w), new Shape(batch, 1, w, w));
            x = sy.matMul(x).matMul(sxT);
        }
        if (policy.cutout()) {
            x = x.mul(m.create(cutoutMask(d.cutoutX(), d.cutoutY(), h, w), new Shape(batch, 1, h, w)));
        }
        return x;
    }

    private static float[] minusHalf(float[] v) {
        return times(v, 1, -0.5f);
    }

    private static float[] times(float[] v, float a, float b) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * a + b;
        }
        return out;
    }

    /** Per image an n×n matrix with a one at [i, i + t] where that column exists. */
    static float[] shiftMatrices(int[] t, int n) {
        float[] out = new float[t.length * n * n];
        for (int b = 0; b < t.length; b++) {
            for (int i = 0; i < n; i++) {
                int k = i + t[b];
                if (k >= 0 && k < n) {
                    out[b * n * n + i * n + k] = 1f;
                }
            }
        }
        return out;
    }

    private static float[] transpose(float[] m, int batch, int n) {
        float[] out = new float[m.length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    out[b * n * n + j * n + i] = m[b * n * n + i * n + j];
                }
            }
        }
        return out;
    }

    /** Ones with the cutout square zeroed: rows ox − size/2 … ox − size/2 + size − 1 (clamped), the same for columns. */
    static float[] cutoutMask(int[] ox, int[] oy, int h, int w) {
        int ch = cutSize(h);
        int cw = cutSize(w);
        float[] mask = new float[ox.length * h * w];
        java.util.Arrays.fill(mask, 1f);
        for (int b = 0; b < ox.length; b++) {
            for (int i = 0; i < ch; i++) {
                int r = Math.min(Math.max(i + ox[b] - ch / 2, 0), h - 1);
                for (int j = 0; j < cw; j++) {
                    int c = Math.min(Math.max(j + oy[b] - cw / 2, 0), w - 1);
                    mask[b * h * w + r * w + c] = 0f;
                }
            }
        }
        return mask;
    }
}
