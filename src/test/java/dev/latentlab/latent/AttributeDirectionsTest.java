package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.eval.ArithmeticEval.Pool;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.AttributeDirections.Boundary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Attribute boundaries fitted on z, and conditional directions. */
class AttributeDirectionsTest {
    static final int NZ = 100;

    static float[] unit(Random r, int n) {
        float[] v = Prior.sample(n, r);
        double len = Math.sqrt(AttributeDirections.dot(v, v));
        for (int i = 0; i < n; i++) {
            v[i] /= len;
        }
        return v;
    }

    /**
     * A synthetic model of two attributes that are known half-spaces of z (with a soft edge, as a
     * classifier's probabilities have): "Smiling" iff n₁·z > 0.3 and "Male" iff n₂·z > −0.2,
     * n₁ and n₂ at 60°. Labelled like a classifier-read pool.
     */
    static Pool halfSpaces(float[] n1, float[] n2, int count, long seed) {
        Random r = new Random(seed);
        float[] z = new float[count * NZ];
        float[] p = new float[count * 2];
        for (int i = 0; i < count; i++) {
            float[] zi = Prior.sample(NZ, r);
            System.arraycopy(zi, 0, z, i * NZ, NZ);
            p[2 * i] = (float) sigmoid(12 * (AttributeDirections.dot(n1, zi) - 0.3));
            p[2 * i + 1] = (float) sigmoid(12 * (AttributeDirections.dot(n2, zi) + 0.2));
        }
        return new Pool(NZ, z, List.of("Smiling", "Male"), p, count);
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static float[] at60Degrees(float[] n1, Random r) {
        float[] o = AttributeDirections.conditional(unit(r, NZ), List.of(n1)); // ⟂ n1
        float[] n2 = new float[NZ];
        for (int i = 0; i < NZ; i++) {
            n2[i] = (float) (0.5 * n1[i] + Math.sqrt(0.75) * o[i]);
        }
        return n2;
    }

    @Test
    void aFitOnAKnownHalfSpaceRecoversItsNormalAndOffset() {
        Random r = new Random(3);
        float[] n1 = unit(r, NZ);
        float[] n2 = at60Degrees(n1, r);
        List<String> notes = new ArrayList<>();
        long t0 = System.nanoTime();
        List<Boundary> b = DirectionFit.boundaries(halfSpaces(n1, n2, 3000, 1), 1, notes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, b.size(), notes.toString());
        Boundary smiling = b.get(0);
        Boundary male = b.get(1);
        assertEquals("Smiling", smiling.attribute());
        assertTrue(AttributeDirections.cosine(smiling.normal(), n1) >= 0.95,
                "cosine " + AttributeDirections.cosine(smiling.normal(), n1));
        assertTrue(AttributeDirections.cosine(male.normal(), n2) >= 0.95,
                "cosine " + AttributeDirections.cosine(male.normal(), n2));
        assertEquals(1.0, Math.sqrt(AttributeDirections.dot(smiling.normal(), smiling.normal())), 1e-5, "a unit normal");
        assertEquals(-0.3, smiling.offset(), 0.1, "the boundary sits at n·z = 0.3");
        assertEquals(0.2, male.offset(), 0.1);
        assertTrue(smiling.accuracy() > 0.9, "held-out accuracy " + smiling.accuracy());
        assertEquals(0.38, smiling.share(), 0.04, "P(N(0,1) > 0.3) = 0.38");
        assertTrue(seconds < 5, "two boundaries in " + seconds + " s");
    }

    @Test
    void anAttributeOnOneSideOnlyGetsANoteNotADirection() {
        Random r = new Random(4);
        float[] n1 = unit(r, NZ);
        Pool p = halfSpaces(n1, n1, 200, 2);
        java.util.Arrays.fill(p.probabilities(), 0.9f); // every sample has both
        List<String> notes = new ArrayList<>();
        assertTrue(DirectionFit.boundaries(p, 1, notes).isEmpty());
        assertEquals(2, notes.size());
        assertTrue(notes.get(0).contains("Smiling") && notes.get(0).contains("200 of 200"), notes.get(0));
    }

    @Test
    void aConditionalDirectionIsOrthogonalToEveryKeptNormal() {
        Random r = new Random(5);
        float[] a = unit(r, NZ);
        float[] b = at60Degrees(a, r);
        float[] c = unit(r, NZ);
        float[] d = AttributeDirections.conditional(a, List.of(b, c));
        assertEquals(0, AttributeDirections.dot(d, b), 1e-6);
        assertEquals(0, AttributeDirections.dot(d, c), 1e-6);
        assertEquals(1, AttributeDirections.dot(d, d), 1e-5);
        assertTrue(AttributeDirections.dot(d, a) > 0.5, "it still moves a's attribute: " + AttributeDirections.dot(d, a));
        // nothing kept: the normal itself
        float[] same = AttributeDirections.conditional(a, List.of());
        assertEquals(1, AttributeDirections.cosine(same, a), 1e-6);
        // a kept normal repeated, or parallel to one already kept, changes nothing
        assertEquals(1, AttributeDirections.cosine(AttributeDirections.conditional(a, List.of(b, b, c)), d), 1e-5);
    }

    @Test
    void movingAlongTheConditionalDirectionLeavesKeptDistancesAndReachesTheTarget() {
        Random r = new Random(6);
        Boundary smiling = new Boundary("Smiling", unit(r, NZ), 0.4, 1, 0.5);
        Boundary male = new Boundary("Male", at60Degrees(smiling.normal(), r), -0.1, 1, 0.5);
        float[] d = AttributeDirections.conditional(smiling.normal(), List.of(male.normal()));
        float[] z = Prior.sample(NZ, r);
        double step = AttributeDirections.stepTo(smiling, d, z, 1.5);
        float[] moved = Prior.move(z, d, step);
        assertEquals(1.5, smiling.distance(moved), 1e-4);
        assertEquals(male.distance(z), male.distance(moved), 1e-4);
        // without keeping, the same edit drags Male along (the normals are at 60°)
        float[] free = Prior.move(z, smiling.normal(), AttributeDirections.stepTo(smiling, smiling.normal(), z, 1.5));
        assertTrue(Math.abs(male.distance(free) - male.distance(z)) > 0.1);
    }

    @Test
    void aDirectionInTheSpanOfTheKeptNormalsIsRefused() {
        Random r = new Random(7);
        float[] a = unit(r, NZ);
        float[] b = unit(r, NZ);
        float[] mix = new float[NZ];
        for (int i = 0; i < NZ; i++) {
            mix[i] = 0.6f * a[i] - 0.8f * b[i];
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttributeDirections.conditional(mix, List.of(a, b)));
        assertTrue(e.getMessage().contains("span of the kept"), e.getMessage());
    }

    /** Picks a person would make: z's of the prior with n·z ≥ 1 (has it) or ≤ −1 (has it not), k of each. */
    static float[][] picks(float[] n, int k, long seed) {
        Random r = new Random(seed);
        float[] pos = new float[k * NZ];
        float[] neg = new float[k * NZ];
        int p = 0;
        int q = 0;
        while (p < k || q < k) {
            float[] z = Prior.sample(NZ, r);
            double d = AttributeDirections.dot(n, z);
            if (d >= 1 && p < k) {
                System.arraycopy(z, 0, pos, NZ * p++, NZ);
            } else if (d <= -1 && q < k) {
                System.arraycopy(z, 0, neg, NZ * q++, NZ);
            }
        }
        return new float[][] {pos, neg};
    }

    @Test
    void aDirectionFromPicksPointsAlongTheTrueNormalBetterWithMorePicks() {
        float[] n = unit(new Random(7), NZ);
        double[] cosines = new double[3];
        int[] counts = {10, 30, 100};
        for (int c = 0; c < counts.length; c++) {
            float[][] pk = picks(n, counts[c], 11);
            Boundary b = AttributeDirections.fromPicks("Freckles", pk[0], pk[1], NZ, 1);
            cosines[c] = AttributeDirections.cosine(b.normal(), n);
            assertEquals(1, Math.sqrt(AttributeDirections.dot(b.normal(), b.normal())), 1e-5, "a unit normal");
            assertEquals(0.5, b.share(), 1e-9);
            assertTrue(b.accuracy() > 0.6, counts[c] + " picks: cross-validated accuracy " + b.accuracy());
            // the positive picks are on the positive side
            assertTrue(b.distance(java.util.Arrays.copyOf(pk[0], NZ)) > 0 || counts[c] < 30);
        }
        assertTrue(cosines[0] > 0.4 && cosines[1] > cosines[0] && cosines[2] > 0.85,
                "cosines with the true normal at 10, 30, 100 picks: " + java.util.Arrays.toString(cosines));
    }

    @Test
    void tooFewPicksAreRefusedWithWhatIsNeeded() {
        float[][] pk = picks(unit(new Random(7), NZ), 4, 11);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttributeDirections.fromPicks("Freckles", pk[0], pk[1], NZ, 1));
        assertTrue(e.getMessage().contains("at least 5 on each side"), e.getMessage());
    }

    /** The samples to show next are those nearest the boundary, nearest first, never a skipped one. */
    @Test
    void nearestListsTheSamplesClosestToTheBoundaryAndSkipsTheSeen() {
        Random r = new Random(21);
        float[] n = unit(r, NZ);
        Boundary b = new Boundary("A", n, -0.5, 1, 0.5);
        int count = 50;
        float[] z = new float[count * NZ];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        double[] d = new double[count];
        for (int i = 0; i < count; i++) {
            d[i] = Math.abs(b.distance(java.util.Arrays.copyOfRange(z, i * NZ, (i + 1) * NZ)));
        }
        Integer[] byDistance = new Integer[count];
        for (int i = 0; i < count; i++) {
            byDistance[i] = i;
        }
        java.util.Arrays.sort(byDistance, (x, y) -> Double.compare(d[x], d[y]));
        int[] three = AttributeDirections.nearest(b, z, NZ, 3, java.util.Set.of());
        assertEquals(List.of(byDistance[0], byDistance[1], byDistance[2]), java.util.Arrays.stream(three).boxed().toList());
        int[] next = AttributeDirections.nearest(b, z, NZ, 2, java.util.Set.of(byDistance[0], byDistance[2]));
        assertEquals(List.of(byDistance[1], byDistance[3]), java.util.Arrays.stream(next).boxed().toList());
        assertEquals(0, AttributeDirections.nearest(b, z, NZ, 5, new java.util.HashSet<>(List.of(byDistance))).length,
                "nothing left to show");
    }
}
