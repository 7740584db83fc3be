package dev.latentlab.eval;

import dev.latentlab.latent.SymmetricEigen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pure math: eigendecomposition, Fréchet distance, precision and recall on synthetic points. */
class MetricsTest {

    @Test
    void eigendecompositionReconstructsASymmetricMatrix() {
        Random r = new Random(3);
        int n = 40;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        SymmetricEigen e = new SymmetricEigen(a);
        double[] l = e.values();
        double[][] v = e.vectors();
        double[][] back = e.apply(x -> x);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(a[i][j], back[i][j], 1e-10);
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += v[k][i] * v[k][j];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-10, "eigenvectors are orthonormal");
            }
            if (i > 0) {
                assertTrue(l[i] >= l[i - 1], "eigenvalues ascend");
            }
        }
        double[][] sq = new SymmetricEigen(FrechetDistance.multiply(a, a)).apply(x -> Math.sqrt(Math.max(0, x)));
        double[][] sq2 = FrechetDistance.multiply(sq, sq);
        double[][] aa = FrechetDistance.multiply(a, a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(aa[i][j], sq2[i][j], 1e-8, "square root squared");
            }
        }
    }

    @Test
    void eigendecompositionRefusesNaN() {
        assertThrows(IllegalArgumentException.class, () -> new SymmetricEigen(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
    }

    @Test
    void frechetDistanceMatchesTheClosedFormForDiagonalGaussians() {
        // d² = |μ1 − μ2|² + Σ (√a − √b)² when both covariances are diagonal
        int n = 5;
        double[] m1 = {0, 1, 2, 3, 4};
        double[] m2 = {1, 1, 0, 3, 5};
        double[] a = {1, 2, 3, 4, 5};
        double[] b = {4, 2, 1, 0.5, 9};
        double[][] s1 = new double[n][n];
        double[][] s2 = new double[n][n];
        double want = 0;
        for (int i = 0; i < n; i++) {
            s1[i][i] = a[i];
            s2[i][i] = b[i];
            want += (m1[i] - m2[i]) * (m1[i] - m2[i]) + Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        assertEquals(want, FrechetDistance.between(new Gaussian(10, m1, s1), new Gaussian(10, m2, s2)), 1e-9);
    }

    @Test
    void frechetDistanceOfRotatedCovariancesIsRotationInvariant() {
        // Σ2 = R Σ1 Rᵀ with both rotated by the same R gives the same distance as the unrotated pair
        double t = 0.7;
        double[][] rot = {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}};
        double[][] rotT = {{rot[0][0], rot[1][0]}, {rot[0][1], rot[1][1]}};
        double[][] s1 = {{2, 0}, {0, 0.5}};
        double[][] s2 = {{1, 0}, {0, 3}};
        double plain = FrechetDistance.between(new Gaussian(5, new double[2], s1), new Gaussian(5, new double[2], s2));
        double[][] r1 = FrechetDistance.multiply(FrechetDistance.multiply(rot, s1), rotT);
        double[][] r2 = FrechetDistance.multiply(FrechetDistance.multiply(rot, s2), rotT);
        double rotated = FrechetDistance.between(new Gaussian(5, new double[2], r1), new Gaussian(5, new double[2], r2));
        assertEquals(plain, rotated, 1e-10);
        assertEquals(Math.pow(Math.sqrt(2) - 1, 2) + Math.pow(Math.sqrt(0.5) - Math.sqrt(3), 2), plain, 1e-10);
    }

    @Test
    void frechetDistanceOfASampleWithItselfIsZeroAndGrowsWithAShift() {
        Random r = new Random(1);
        int n = 500;
        int d = 32;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        assertEquals(0, FrechetDistance.between(x, n, x, n, d), 1e-8);
        float[] shifted = x.clone();
        for (int i = 0; i < shifted.length; i += d) {
            shifted[i] += 2f; // μ moves by 2 along one axis: d² = 4
        }
        assertEquals(4, FrechetDistance.between(x, n, shifted, n, d), 1e-4);
    }

    @Test
    void precisionAndRecallSeeMissingModes() {
        Random r = new Random(2);
        int n = 400;
        int d = 8;
        // real: two well separated clusters; generated: only the first one
        float[] real = new float[n * d];
        float[] fake = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                real[i * d + j] = (float) (r.nextGaussian() + (i % 2 == 0 ? 0 : 20));
                fake[i * d + j] = (float) r.nextGaussian();
            }
        }
        PrecisionRecall.Result same = PrecisionRecall.compute(real, n, real, n, d, 3, null);
        assertEquals(1.0, same.precision(), 1e-12);
        assertEquals(1.0, same.recall(), 1e-12);
        PrecisionRecall.Result half = PrecisionRecall.compute(real, n, fake, n, d, 3, null);
        assertTrue(half.precision() > 0.8, "generated points lie in the real manifold: " + half.precision());
        // the far mode is never covered; of the near one, most points (like the precision above)
        assertTrue(half.recall() <= 0.5 && half.recall() > 0.35, "only one of two modes is covered: " + half.recall());
        float[] far = fake.clone();
        for (int i = 0; i < far.length; i++) {
            far[i] += 100;
        }
        PrecisionRecall.Result none = PrecisionRecall.compute(real, n, far, n, d, 3, null);
        assertEquals(0.0, none.precision(), 1e-12);
        assertEquals(0.0, none.recall(), 1e-12);
    }

    @Test
    void kthNeighbourMatchesABruteForceSearch() {
        Random r = new Random(4);
        int n = 700; // more than one block of rows
        int d = 3;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (ai.djl.ndarray.NDManager m = dev.latentlab.nn.TorchRuntime.engine().newBaseManager()) {
            float[] radii = PrecisionRecall.kthNeighbour(m, m.create(x, new ai.djl.ndarray.types.Shape(n, d)), 3,
                    k -> { });
            for (int i = 0; i < n; i += 37) {
                double[] dist = new double[n - 1];
                int c = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        double s = 0;
                        for (int q = 0; q < d; q++) {
                            double diff = x[i * d + q] - x[j * d + q];
                            s += diff * diff;
                        }
                        dist[c++] = s;
                    }
                }
                java.util.Arrays.sort(dist);
                assertEquals(dist[2], radii[i], 1e-4);
            }
        }
    }
}
