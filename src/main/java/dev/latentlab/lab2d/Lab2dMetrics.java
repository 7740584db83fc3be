package dev.latentlab.lab2d;

import java.util.Random;

/**
 * How well the 2-D lab's generator fits its target, GAN Lab's and VEEGAN's figures:
 * <ul>
 *   <li>modes covered: a mode counts when at least 1% of the samples lie within 3σ of its centre
 *       (20 of 2,000, as Srivastava et al. 2017 count on the ring);</li>
 *   <li>quality: the share of samples within 3σ of some mode;</li>
 *   <li>KL(data ‖ G) and JS(data, G) between histograms on a 60 × 60 grid over [−3, 3]², each bin
 *       smoothed by 1e-6 of the mass, from 20,000 points of each (in nats).</li>
 * </ul>
 */
public final class Lab2dMetrics {
    public record Report(int modes, int modesCovered, double quality, double kl, double js) {}

    static final int BINS = 60;
    static final double LO = -3;
    static final double HI = 3;

    private Lab2dMetrics() {}

    public static Report measure(Gan2d gan, Distribution2d target, long seed) {
        Random r = new Random(seed);
        double[] few = gan.generate(2000, r);
        double[][] modes = target.modes();
        int[] hits = new int[modes.length];
        int good = 0;
        double radius = 3 * target.sigma();
        for (int i = 0; i < 2000; i++) {
            for (int k = 0; k < modes.length; k++) {
                double dx = few[2 * i] - modes[k][0];
                double dy = few[2 * i + 1] - modes[k][1];
                if (dx * dx + dy * dy <= radius * radius) {
                    hits[k]++;
                    good++;
                    break;
                }
            }
        }
        int covered = 0;
        for (int h : hits) {
            covered += h >= 20 ? 1 : 0;
        }
        double[] p = histogram(target, null, r);
        double[] q = histogram(null, gan, r);
        double kl = 0;
        double js = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            kl += p[i] * Math.log(p[i] / q[i]);
            js += 0.5 * p[i] * Math.log(p[i] / m) + 0.5 * q[i] * Math.log(q[i] / m);
        }
        return new Report(modes.length, covered, modes.length == 0 ? Double.NaN : good / 2000.0, kl, js);
    }

    private static double[] histogram(Distribution2d target, Gan2d gan, Random r) {
        int n = 20_000;
        double[] h = new double[BINS * BINS];
        double[] pts = gan != null ? gan.generate(n, r) : null;
        double[] pt = new double[2];
        for (int i = 0; i < n; i++) {
            if (gan != null) {
                pt[0] = pts[2 * i];
                pt[1] = pts[2 * i + 1];
            } else {
                target.sample(r, pt);
            }
            int bx = (int) Math.floor((pt[0] - LO) / (HI - LO) * BINS);
            int by = (int) Math.floor((pt[1] - LO) / (HI - LO) * BINS);
            if (bx >= 0 && bx < BINS && by >= 0 && by < BINS) {
                h[by * BINS + bx]++;
            }
        }
        double total = 0;
        for (int i = 0; i < h.length; i++) {
            h[i] += 1e-6 * n;
            total += h[i];
        }
        for (int i = 0; i < h.length; i++) {
            h[i] /= total;
        }
        return h;
    }
}
