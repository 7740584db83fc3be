package dev.latentlab.lab1d;

import java.util.Arrays;

/**
 * A Gaussian kernel density estimate of 1-D samples on an evenly spaced grid, computed the fast
 * way: the samples are binned linearly onto the grid, then convolved with the sampled kernel
 * (whose weights are normalised to sum to 1/Δx). The result integrates (Σ f·Δx) to the fraction
 * of samples inside the grid, i.e. to 1 when the grid covers them.
 */
public final class KernelDensity {
    private KernelDensity() {}

    /** Silverman's rule of thumb: 0.9·min(σ, IQR/1.34)·n^(−1/5). */
    public static double silvermanBandwidth(double[] samples) {
        int n = samples.length;
        if (n < 2) {
            return 1;
        }
        double mean = 0;
        for (double s : samples) {
            mean += s;
        }
        mean /= n;
        double var = 0;
        for (double s : samples) {
            var += (s - mean) * (s - mean);
        }
        double sd = Math.sqrt(var / (n - 1));
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double iqr = sorted[(3 * n) / 4] - sorted[n / 4];
        double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
        return spread > 0 ? 0.9 * spread * Math.pow(n, -0.2) : 1e-3;
    }

    /** The density at {@code points} grid values lo + i·(hi − lo)/(points − 1). */
    public static double[] onGrid(double[] samples, double bandwidth, double lo, double hi, int points) {
        double dx = (hi - lo) / (points - 1);
        double[] mass = new double[points];
        int n = 0;
        for (double s : samples) {
            if (!Double.isFinite(s)) {
                continue;
            }
            n++;
            double u = (s - lo) / dx;
            if (u < 0 || u > points - 1) {
                continue;
            }
            int i = (int) Math.floor(u);
            double f = u - i;
            mass[i] += 1 - f;
            if (i + 1 < points) {
                mass[i + 1] += f;
            }
        }
        double[] density = new double[points];
        if (n == 0) {
            return density;
        }
        // the kernel sampled at multiples of dx out to 4 bandwidths, normalised to Σ k·dx = 1
        int half = (int) Math.min(points, Math.ceil(4 * bandwidth / dx));
        double[] k = new double[2 * half + 1];
        double sum = 0;
        for (int m = -half; m <= half; m++) {
            double t = m * dx / bandwidth;
            k[m + half] = Math.exp(-0.5 * t * t);
            sum += k[m + half];
        }
        for (int m = 0; m < k.length; m++) {
            k[m] /= sum * dx * n;
        }
        for (int j = 0; j < points; j++) {
            if (mass[j] == 0) {
                continue;
            }
            int from = Math.max(0, j - half);
            int to = Math.min(points - 1, j + half);
            for (int i = from; i <= to; i++) {
                density[i] += mass[j] * k[i - j + half];
            }
        }
        return density;
    }

    /** Σ f·Δx: the density's integral over its grid. */
    public static double integral(double[] density, double lo, double hi) {
        double dx = (hi - lo) / (density.length - 1);
        double s = 0;
        for (double f : density) {
            s += f;
        }
        return s * dx;
    }
}
