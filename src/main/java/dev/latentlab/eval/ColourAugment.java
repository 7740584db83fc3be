package dev.latentlab.eval;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Augmentations that take colour away from a face reader, so that what it reads of shape (a hat, a
 * beard, glasses, a smile) cannot rest on colour: last round both shipped readers read a brown cap as
 * brown hair, and a removal search that recoloured hats was scored as removing them. Applied in place
 * to one RGB image in [−1, 1] with probability {@link #P}, one of:
 * <pre>
 *   hue rotation        rotate every pixel about the gray axis by θ ~ U(30°, 330°)
 *   desaturation        x ← g + (x − g)·(1 − a), g the luma 0.299 R + 0.587 G + 0.114 B, a ~ U(0.6, 1)
 *   channel permutation one of the five non-identity orders of R, G, B
 * </pre>
 * then a colour jitter (per-channel gain ±15%, offset ±0.1) and a clip to [−1, 1]. The caller learns
 * whether colour changed: an image whose colours are not its own says nothing about hair colour, so
 * those outputs ({@link #isColourOutput}) are left out of its loss.
 */
public final class ColourAugment {
    static final double P = 0.5;
    private static final int[][] PERMUTATIONS = {{0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    /** The kinds of change, for tests and for measuring a reader on one kind at a time. */
    public enum Kind { HUE, GRAY, PERMUTE }

    private ColourAugment() {}

    /** True for an output that names a colour (the hair colours), which colour changes make unknowable. */
    public static boolean isColourOutput(String name) {
        return name.endsWith("_Hair") && !name.equals("Bald");
    }

    /** Which outputs keep their labels on a recoloured image: all but the colour ones. */
    public static boolean[] keptOnRecolour(List<String> outputs) {
        boolean[] keep = new boolean[outputs.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = !isColourOutput(outputs.get(i));
        }
        return keep;
    }

    /** Maybe recolours image {@code off} of {@code x} (3 × side × side); true when it did. */
    public static boolean apply(float[] x, int off, int channels, int side, SplittableRandom r) {
        if (channels != 3 || r.nextDouble() >= P) {
            return false;
        }
        Kind kind = Kind.values()[r.nextInt(3)];
        double amount = switch (kind) {
            case HUE -> Math.toRadians(30 + 300 * r.nextDouble());
            case GRAY -> 0.6 + 0.4 * r.nextDouble();
            case PERMUTE -> r.nextInt(PERMUTATIONS.length);
        };
        transform(x, off, side, kind, amount);
        int plane = side * side;
        for (int c = 0; c < 3; c++) {
            double gain = 0.85 + 0.3 * r.nextDouble();
            double offset = 0.2 * r.nextDouble() - 0.1;
            for (int i = off + c * plane; i < off + (c + 1) * plane; i++) {
                x[i] = (float) Math.max(-1, Math.min(1, x[i] * gain + offset));
            }
        }
        return true;
    }

    /**
     * One change, deterministic: HUE by {@code amount} radians, GRAY by the fraction {@code amount}
     * (1 = fully gray), PERMUTE with permutation number {@code amount} (0–4). Clipped to [−1, 1].
     */
    public static void transform(float[] x, int off, int side, Kind kind, double amount) {
        int plane = side * side;
        double[][] m = switch (kind) {
            case HUE -> hue(amount);
            case GRAY -> {
                double a = amount;
                double[] l = {0.299, 0.587, 0.114};
                double[][] g = new double[3][3];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        g[i][j] = a * l[j] + (i == j ? 1 - a : 0);
                    }
                }
                yield g;
            }
            case PERMUTE -> {
                int[] p = PERMUTATIONS[(int) amount];
                double[][] g = new double[3][3];
                for (int i = 0; i < 3; i++) {
                    g[i][p[i]] = 1;
                }
                yield g;
            }
        };
        for (int i = 0; i < plane; i++) {
            double r = x[off + i];
            double g = x[off + plane + i];
            double b = x[off + 2 * plane + i];
            for (int c = 0; c < 3; c++) {
                double v = m[c][0] * r + m[c][1] * g + m[c][2] * b;
                x[off + c * plane + i] = (float) Math.max(-1, Math.min(1, v));
            }
        }
    }

    /** Rotation by θ about the gray axis (1, 1, 1)/√3 (Rodrigues), in [−1, 1] space where gray is the axis. */
    static double[][] hue(double theta) {
        double c = Math.cos(theta);
        double s = Math.sin(theta) / Math.sqrt(3);
        double t = (1 - c) / 3;
        return new double[][] {{c + t, t - s, t + s}, {t + s, c + t, t - s}, {t - s, t + s, c + t}};
    }

    /**
     * Recolours a <em>part</em> of the face, with probability {@link #P}: a horizontal band of
     * 25–60% of the height at a random place (the crown, where a hat sits, as often as anywhere) is
     * hue-rotated, desaturated or channel-permuted, then darkened or lightened (gain 0.5–1.2). A
     * removal search found channels that fade or darken a cap while its shape stays; whole-image
     * recolouring does not teach a reader that a muddy cap is still a cap. True when it did (the
     * band may cover hair, so the hair colours are unknowable).
     */
    public static boolean applyPart(float[] x, int off, int channels, int side, SplittableRandom r) {
        if (channels != 3 || r.nextDouble() >= P) {
            return false;
        }
        int h = (int) Math.round(side * (0.25 + 0.35 * r.nextDouble()));
        int top = r.nextInt(side - h + 1);
        Kind kind = Kind.values()[r.nextInt(3)];
        double amount = switch (kind) {
            case HUE -> Math.toRadians(30 + 300 * r.nextDouble());
            case GRAY -> 0.6 + 0.4 * r.nextDouble();
            case PERMUTE -> r.nextInt(PERMUTATIONS.length);
        };
        int plane = side * side;
        float[] band = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(x, off + c * plane, band, c * plane, plane);
        }
        transform(band, 0, side, kind, amount);
        double gain = 0.5 + 0.7 * r.nextDouble();
        for (int c = 0; c < 3; c++) {
            for (int yy = top; yy < top + h; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    int i = c * plane + yy * side + xx;
                    // gain about the gray point −1..1 → darker (gain < 1) or lighter
                    double v = (band[i] + 1) * gain - 1;
                    x[off + i] = (float) Math.max(-1, Math.min(1, v));
                }
            }
        }
        return true;
    }
}
