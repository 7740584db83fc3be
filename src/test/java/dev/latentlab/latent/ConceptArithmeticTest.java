package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptArithmetic.Expression;
import dev.latentlab.latent.ConceptArithmetic.Term;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Concept arithmetic on vectors whose answers are known. */
class ConceptArithmeticTest {
    static Concept concept(String name, float[]... zs) {
        return new Concept(name, List.of(zs));
    }

    @Test
    void aConceptIsTheMeanOfItsExemplars() {
        Concept c = concept("c", new float[] {1, 2, 3}, new float[] {3, 2, 1}, new float[] {2, 5, -1});
        assertArrayEquals(new float[] {2, 3, 1}, c.mean(), 1e-6f);
        assertEquals(3, c.size());
        assertArrayEquals(new float[] {2.5f, 3.5f, 0f}, c.without(0).mean(), 1e-6f);
        assertEquals(4, c.with(new float[] {0, 0, 0}).size());
        assertEquals(3, c.size(), "concepts are values: with/without return new ones");
    }

    @Test
    void aMinusBPlusCIsCPlusTheDifferenceOfTheMeans() {
        Concept a = concept("smiling woman", new float[] {1, 1}, new float[] {3, 1});   // mean (2, 1)
        Concept b = concept("neutral woman", new float[] {0, 1}, new float[] {0, 3});   // mean (0, 2)
        Concept c = concept("neutral man", new float[] {10, 10});
        Expression e = Expression.of(a, b, c, 1);
        assertArrayEquals(new float[] {12, 9}, e.result(), 1e-6f);
        assertArrayEquals(new float[] {10, 10}, Expression.of(a, b, c, 0).result(), 1e-6f, "scale 0 is C");
        assertArrayEquals(new float[] {14, 8}, Expression.of(a, b, c, 2).result(), 1e-6f, "scale 2 goes beyond");
        assertArrayEquals(new float[] {9, 10.5f}, Expression.of(a, b, c, -0.5).result(), 1e-6f);
    }

    @Test
    void anyListOfSignedTermsAddsUp() {
        Concept base = concept("base", new float[] {1, 1, 1});
        Concept x = concept("x", new float[] {1, 0, 0});
        Concept y = concept("y", new float[] {0, 1, 0});
        Concept w = concept("w", new float[] {0, 0, 4});
        Expression e = new Expression(base, List.of(Term.minus(x), Term.plus(y), Term.minus(w)), 0.5);
        assertArrayEquals(new float[] {0.5f, 1.5f, -1f}, e.result(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Term(x, 2));
    }

    @Test
    void aConceptWithoutExemplarsHasNoMeanAndExemplarsMustAgreeInLength() {
        assertThrows(IllegalArgumentException.class, () -> Concept.empty("e").mean());
        assertThrows(IllegalArgumentException.class, () -> concept("bad", new float[2], new float[3]));
    }

    @Test
    void theNoiseGridKeepsTheCentreAndBoundsEveryNeighbour() {
        float[] centre = TestVectors.gaussian(100, 3);
        List<float[]> grid = ConceptArithmetic.noiseGrid(centre, 0.25, 7);
        assertEquals(9, grid.size());
        assertArrayEquals(centre, grid.get(ConceptArithmetic.CENTRE));
        double maxOffset = 0;
        double sum = 0;
        for (int k = 0; k < 9; k++) {
            if (k == ConceptArithmetic.CENTRE) {
                continue;
            }
            assertNotEquals(centre[0], grid.get(k)[0]);
            for (int i = 0; i < centre.length; i++) {
                double d = grid.get(k)[i] - centre[i];
                assertTrue(Math.abs(d) <= 0.25 + 1e-6, "offset " + d);
                maxOffset = Math.max(maxOffset, Math.abs(d));
                sum += d;
            }
        }
        assertTrue(maxOffset > 0.2, "uniform noise reaches near its bound: " + maxOffset);
        assertEquals(0, sum / 800, 0.03, "zero-mean noise");
        // seeded: same seed same grid; the same directions scale with r
        assertArrayEquals(grid.get(0), ConceptArithmetic.noiseGrid(centre, 0.25, 7).get(0));
        List<float[]> half = ConceptArithmetic.noiseGrid(centre, 0.125, 7);
        assertEquals((grid.get(0)[5] - centre[5]) / 2, half.get(0)[5] - centre[5], 1e-6);
        assertArrayEquals(centre, ConceptArithmetic.noiseGrid(centre, 0, 7).get(8), 1e-6f, "r = 0: no noise");
    }

    @Test
    void pixelArithmeticCombinesMeanImagesAndClips() {
        float[] a = {0.5f, 0.9f, -0.2f};
        float[] b = {-0.5f, -0.9f, 0.2f};
        float[] c = {0.1f, 0.5f, -0.9f};
        // c + (a − b) = {1.1, 2.3, -1.3} → clipped
        assertArrayEquals(new float[] {1f, 1f, -1f}, ConceptArithmetic.pixels(c, List.of(a, b), new int[] {1, -1}, 1),
                1e-6f);
        assertArrayEquals(new float[] {0.6f, 1f, -1f}, ConceptArithmetic.pixels(c, List.of(a, b), new int[] {1, -1}, 0.5),
                1e-6f);
        assertArrayEquals(new float[] {1, 2, 3, 4}, ConceptArithmetic.flatten(List.of(new float[] {1, 2},
                new float[] {3, 4})));
    }

    /** Small helper: seeded Gaussian vectors. */
    static final class TestVectors {
        static float[] gaussian(int n, long seed) {
            return Prior.sample(n, new java.util.Random(seed));
        }
    }
}
