package dev.latentlab.train;

/**
 * Watches a GAN run for mode collapse. Two signs, either one raises the alarm:
 * <ul>
 *   <li>diversity: the mean pairwise distance between the fixed-z samples, relative to the same
 *       figure for a fixed set of real images (≈ 1 when the samples vary as much as the data, → 0
 *       when they are all one image), falls below {@link #DROP} of the best seen so far;</li>
 *   <li>D(G(z)) stays under {@link #D_FLOOR} for {@link #PATIENCE} iterations: D rejects every
 *       fake, and G's gradient (non-saturating) comes from one corner of D only.</li>
 * </ul>
 * Distances are in pixel space, which needs no reader and works for any data set: a collapsed
 * generator draws nearly the same image for every z, and its pixel diversity goes to ≈ 0.
 */
public final class CollapseAlarm {
    public static final double DROP = 0.5;
    public static final double D_FLOOR = 0.02;
    public static final int PATIENCE = 200;
    /** Checks before the best is trusted (the first samples of a run are noise, and noise is diverse). */
    static final int WARMUP_CHECKS = 3;

    /** What a check found. */
    public record Reading(long iteration, double diversity, double best, boolean collapsed, String why) {}

    private final double realSpread;
    private double best = 0;
    private int checks;
    private long lowSince = -1;

    /** {@code real}: n images of {@code per} values each (the reference spread). */
    public CollapseAlarm(float[] real, int n, int per) {
        this.realSpread = meanPairwiseDistance(real, n, per);
    }

    /** Checks samples of the trained G at an iteration (D(G(z)) comes in through {@link #observe}). */
    public Reading check(long iteration, float[] samples, int n, int per) {
        double diversity = realSpread > 0 ? meanPairwiseDistance(samples, n, per) / realSpread : 0;
        checks++;
        String why = null;
        if (checks > WARMUP_CHECKS && best > 0 && diversity < DROP * best) {
            why = String.format(java.util.Locale.ROOT,
                    "the samples' diversity fell to %.2f of the data's, under half of its best (%.2f)", diversity, best);
        }
        if (checks > WARMUP_CHECKS) {
            best = Math.max(best, diversity);
        } else {
            best = 0; // not trusted yet
        }
        if (why == null && lowSince >= 0 && iteration - lowSince >= PATIENCE) {
            why = String.format(java.util.Locale.ROOT, "D(G(z)) has stayed under %.2f for %d iterations",
                    D_FLOOR, iteration - lowSince);
        }
        return new Reading(iteration, diversity, best, why != null, why);
    }

    /** Feeds every iteration's D(G(z)) (before G's update) to the second sign. */
    public void observe(long iteration, double dFake) {
        if (Double.isFinite(dFake) && dFake < D_FLOOR) {
            if (lowSince < 0) {
                lowSince = iteration;
            }
        } else {
            lowSince = -1;
        }
    }

    /** After a rollback the alarm starts over (its best came from weights that are gone). */
    public void reset() {
        best = 0;
        checks = 0;
        lowSince = -1;
    }

    /** Mean Euclidean distance over all pairs of the n images (per values each). */
    static double meanPairwiseDistance(float[] x, int n, int per) {
        if (n < 2) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = 0;
                int a = i * per;
                int b = j * per;
                for (int k = 0; k < per; k++) {
                    double t = x[a + k] - x[b + k];
                    d += t * t;
                }
                sum += Math.sqrt(d);
            }
        }
        return sum / (n * (n - 1) / 2.0);
    }
}
