package dev.latentlab.lab1d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantilesTest {
    private static double[] samples(Target t, int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = t.sample(r);
        }
        return x;
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] x = {5, 1, 4, 2, 3};
        double[] q = Quantiles.of(x, "x", 0, 0.1, 0.25, 0.5, 0.9, 1);
        assertEquals(1.0, q[0], 1e-12);
        assertEquals(1.4, q[1], 1e-12);
        assertEquals(2.0, q[2], 1e-12);
        assertEquals(3.0, q[3], 1e-12);
        assertEquals(4.6, q[4], 1e-12);
        assertEquals(5.0, q[5], 1e-12);
    }

    @Test
    void quantilesOfNormalAndStudentTSamplesAreTheDistributionsQuantiles() {
        // N(0, 1): Φ⁻¹(0.01) = −2.3263, Φ⁻¹(0.99) = 2.3263, Φ⁻¹(0.999) = 3.0902
        double[] q = Quantiles.of(samples(Target.normal(0, 1), 400_000, 1), "normal", Tails.TABLE);
        assertEquals(-2.3263, q[0], 0.03);
        assertEquals(2.3263, q[1], 0.03);
        assertEquals(3.0902, q[2], 0.06);
        // Student-t, ν = 3, scale 0.7 (the lab's preset): t₃ quantiles 4.5407 (99%) and 10.2145 (99.9%)
        double[] t = Quantiles.of(samples(Target.preset(Target.Kind.STUDENT_T, 3), 400_000, 2), "t", Tails.TABLE);
        assertEquals(-0.7 * 4.5407, t[0], 0.12);
        assertEquals(0.7 * 4.5407, t[1], 0.12);
        assertEquals(0.7 * 10.2145, t[2], 0.5);
    }

    @Test
    void hillsIndexIsNuForStudentTAndLargeForANormal() {
        // (Hill's estimate from the top 1% is biased low as ν grows: about 4.1 for ν = 5, so only ν ≤ 3)
        for (double nu : new double[] {2, 3}) {
            double[] s = Quantiles.sorted(samples(Target.studentT(nu, 0, 0.7), 200_000, 3), "t");
            double a = Quantiles.hillIndex(s, 2000);
            assertEquals(nu, a, 0.15 * nu, "ν = " + nu);
        }
        double[] s = Quantiles.sorted(samples(Target.normal(1, 0.7), 200_000, 4), "normal");
        assertTrue(Quantiles.hillIndex(s, 2000) > 6, "a Gaussian's tail is lighter than any power law");
    }

    @Test
    void samplesThatAreNotFiniteAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantiles.of(new double[] {1, Double.NaN, 2, Double.POSITIVE_INFINITY}, "GAN", 0.5));
        assertEquals("GAN: 2 of 4 samples are not finite numbers (the model diverged)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quantiles.of(new double[] {1, 2}, "x", 1.5));
    }

    @Test
    void theQqGridReachesFarIntoBothTailsAndHoldsTheTablesProbabilities() {
        double[] p = Tails.qqProbabilities();
        assertEquals(0.0005, p[0], 1e-9);
        assertEquals(0.9995, p[p.length - 1], 1e-9);
        Tails t = Tails.measure(p, new double[] {0, 1}, new double[] {0, 1}, new double[] {Double.NaN});
        for (double q : Tails.TABLE) {
            assertEquals(q, p[t.indexOf(q)]);
            assertTrue(Double.isNaN(t.vae()[t.indexOf(q)]), "a diverged model has no quantiles");
        }
    }
}
