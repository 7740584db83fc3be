package dev.latentlab.eval;

import dev.latentlab.latent.SymmetricEigen;

/**
 * The Fréchet distance between two Gaussians (Dowson and Landau 1982), the quantity behind FID
 * (Heusel et al. 2017):
 * <pre>
 *   d² = |μ1 − μ2|² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½)
 * </pre>
 * Σ1 Σ2 is not symmetric, but it is similar to the symmetric positive semi-definite matrix
 * M = Σ1^½ Σ2 Σ1^½, so Tr((Σ1 Σ2)^½) = Tr(M^½) = Σ √λ(M). Both square roots come from symmetric
 * eigendecompositions in double precision; eigenvalues that rounding pushes below zero count as zero.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** d² between Gaussian fits of two feature sets (rows of {@code dim} floats). */
    public static double between(float[] a, int countA, float[] b, int countB, int dim) {
        return between(Gaussian.fit(a, countA, dim), Gaussian.fit(b, countB, dim));
    }

    public static double between(Gaussian g1, Gaussian g2) {
        int n = g1.dim();
        if (g2.dim() != n) {
            throw new IllegalArgumentException("feature sizes differ: " + n + " and " + g2.dim());
        }
        double meanTerm = 0;
        for (int i = 0; i < n; i++) {
            double diff = g1.mean()[i] - g2.mean()[i];
            meanTerm += diff * diff;
        }
        double[][] s1 = g1.covariance();
        double[][] s2 = g2.covariance();
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += s1[i][i] + s2[i][i];
        }
        double[][] root1 = new SymmetricEigen(s1).apply(l -> Math.sqrt(Math.max(l, 0)));
        double[][] m = multiply(multiply(root1, s2), root1);
        symmetrise(m);
        double traceRoot = 0;
        for (double l : new SymmetricEigen(m).values()) {
            traceRoot += Math.sqrt(Math.max(l, 0));
        }
        return Math.max(0, meanTerm + trace - 2 * traceRoot);
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] out = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] row = out[i];
            for (int p = 0; p < k; p++) {
                double x = a[i][p];
                if (x == 0) {
                    continue;
                }
                double[] bp = b[p];
                for (int j = 0; j < m; j++) {
                    row[j] += x * bp[j];
                }
            }
        }
        return out;
    }

    private static void symmetrise(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = i + 1; j < m.length; j++) {
                double v = 0.5 * (m[i][j] + m[j][i]);
                m[i][j] = v;
                m[j][i] = v;
            }
        }
    }
}
