package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.ClosedFormDirections.Directions;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClosedFormDirectionsTest {
    @Test
    void findsTheEigenpairsOfASmallSymmetricMatrix() {
        // eigenvalues 3 (along (1,1)/√2) and 1 (along (1,−1)/√2)
        double[][] s = {{2, 1}, {1, 2}};
        Directions d = ClosedFormDirections.top(s, 2);
        assertEquals(3, d.eigenvalues()[0], 1e-9);
        assertEquals(1, d.eigenvalues()[1], 1e-9);
        float r = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {r, r}, d.vectors()[0], 1e-6f);
    }

    @Test
    void directionsAreOrthonormalAndSortedAndTheFirstMaximisesTheChange() {
        int nz = 100;
        int rows = 8 * 16;
        Random rng = new Random(7);
        float[] a = new float[rows * nz];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian() * (i % nz < 5 ? 3 : 1); // the first 5 inputs matter more
        }
        long t0 = System.nanoTime();
        Directions d = ClosedFormDirections.fromRows(a, rows, nz, 10);
        assertTrue((System.nanoTime() - t0) / 1e9 < 1.0, "takes under a second");
        assertEquals(10, d.count());
        for (int i = 0; i < 10; i++) {
            assertEquals(1, Interpolation.norm(d.vectors()[i]), 1e-4);
            for (int j = 0; j < i; j++) {
                assertEquals(0, Interpolation.dot(d.vectors()[i], d.vectors()[j]), 1e-4);
            }
            if (i > 0) {
                assertTrue(d.eigenvalues()[i] <= d.eigenvalues()[i - 1]);
            }
        }
        // |A n|² with normalised rows equals the eigenvalue, and beats random unit directions
        double top = gain(a, rows, nz, d.vectors()[0]);
        assertEquals(d.eigenvalues()[0], top, 1e-3 * top);
        for (int k = 0; k < 20; k++) {
            float[] v = Prior.sample(nz, rng);
            double n = Interpolation.norm(v);
            for (int i = 0; i < nz; i++) {
                v[i] /= (float) n;
            }
            assertTrue(gain(a, rows, nz, v) <= top + 1e-6);
        }
    }

    @Test
    void convTransposeLayoutIsTheTransposeOfTheRows() {
        int nz = 6;
        int perZ = 3 * 16;
        Random rng = new Random(9);
        float[] w = new float[nz * perZ]; // [nz, C, 4, 4]
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rng.nextGaussian();
        }
        float[] a = new float[w.length]; // [C·16, nz]
        for (int k = 0; k < nz; k++) {
            for (int o = 0; o < perZ; o++) {
                a[o * nz + k] = w[k * perZ + o];
            }
        }
        Directions fromConv = ClosedFormDirections.fromConvTranspose(w, nz, 3);
        Directions fromRows = ClosedFormDirections.fromRows(a, perZ, nz, 3);
        assertArrayEquals(fromRows.eigenvalues(), fromConv.eigenvalues(), 1e-9);
        assertArrayEquals(fromRows.vectors()[0], fromConv.vectors()[0], 1e-6f);
    }

    /** |A n|² with A's rows normalised. */
    private static double gain(float[] a, int rows, int nz, float[] n) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            double norm = 0;
            for (int k = 0; k < nz; k++) {
                dot += a[r * nz + k] * n[k];
                norm += a[r * nz + k] * a[r * nz + k];
            }
            total += dot * dot / norm;
        }
        return total;
    }
}
