package dev.latentlab.lab1d;

import java.util.Arrays;

/**
 * Sample quantiles and a tail index of 1-D samples. Quantiles interpolate linearly between order
 * statistics (Hyndman and Fan's type 7, R's default): with the sorted x_(0) ≤ … ≤ x_(n−1) and
 * h = (n − 1)·p, Q(p) = x_(⌊h⌋) + (h − ⌊h⌋)·(x_(⌊h⌋+1) − x_(⌊h⌋)).
 */
public final class Quantiles {
    private Quantiles() {}

    /**
     * A sorted copy of {@code samples}; a NaN or infinite sample is refused with a message naming
     * {@code what} (a model that diverged has no quantiles).
     */
    public static double[] sorted(double[] samples, String what) {
        if (samples.length == 0) {
            throw new IllegalArgumentException(what + ": no samples");
        }
        int bad = 0;
        for (double s : samples) {
            bad += Double.isFinite(s) ? 0 : 1;
        }
        if (bad > 0) {
            throw new IllegalArgumentException(what + ": " + bad + " of " + samples.length
                    + " samples are not finite numbers (the model diverged)");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        return s;
    }

    /** Q(p) of already sorted samples, p in [0, 1]. */
    public static double ofSorted(double[] sorted, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must be in [0, 1], not " + p);
        }
        double h = (sorted.length - 1) * p;
        int i = (int) Math.floor(h);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
    }

    /** Q(p) for each p. */
    public static double[] of(double[] samples, String what, double... p) {
        double[] s = sorted(samples, what);
        double[] q = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            q[k] = ofSorted(s, p[k]);
        }
        return q;
    }

    /**
     * Hill's (1975) estimate of the tail index α of both tails together, from the k largest
     * distances y = |x − median| of sorted samples: 1/α̂ = (1/k)·Σ_{i=1..k} log(y_(n−i+1) / y_(n−k)).
     * A Student-t with ν degrees of freedom has α = ν (the estimate from the top 1% is close for
     * ν ≤ 3 and biased low beyond: about 4.1 for ν = 5); a Gaussian has no finite α, so α̂ is large
     * and keeps growing as k/n shrinks (about u² at the threshold u standard deviations out).
     */
    public static double hillIndex(double[] sorted, int k) {
        int n = sorted.length;
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("Hill's estimate needs 1 ≤ k < n, not k = " + k + ", n = " + n);
        }
        double median = ofSorted(sorted, 0.5);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(y);
        double threshold = y[n - k - 1];
        if (!(threshold > 0)) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = n - k; i < n; i++) {
            s += Math.log(y[i] / threshold);
        }
        return k / s;
    }
}
