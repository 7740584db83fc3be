package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private static float[] scaled(float[] v, double norm) {
        double n = Interpolation.norm(v);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * norm / n);
        }
        return out;
    }

    @Test
    void slerpReturnsTheEndpointsAtZeroAndOne() {
        Random r = new Random(3);
        float[] a = Prior.sample(100, r);
        float[] b = Prior.sample(100, r);
        assertArrayEquals(a, Interpolation.slerp(a, b, 0), 1e-5f);
        assertArrayEquals(b, Interpolation.slerp(a, b, 1), 1e-5f);
    }

    @Test
    void slerpKeepsTheNormBetweenVectorsOfEqualNorm() {
        Random r = new Random(4);
        float[] a = scaled(Prior.sample(100, r), 10);
        float[] b = scaled(Prior.sample(100, r), 10);
        for (int i = 0; i <= 20; i++) {
            assertEquals(10, Interpolation.norm(Interpolation.slerp(a, b, i / 20.0)), 1e-4, "t = " + i / 20.0);
        }
        // while lerp cuts through the middle, with a smaller norm
        double mid = Interpolation.norm(Interpolation.lerp(a, b, 0.5));
        assertEquals(true, mid < 9.0, "lerp midpoint norm " + mid);
    }

    @Test
    void slerpOfUnitVectorsAtRightAnglesFollowsTheCircle() {
        float[] a = {1, 0};
        float[] b = {0, 1};
        float[] m = Interpolation.slerp(a, b, 0.5);
        assertArrayEquals(new float[] {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, m, 1e-6f);
    }

    @Test
    void slerpOfParallelVectorsFallsBackToLerp() {
        float[] a = {1, 2, 3};
        assertArrayEquals(a, Interpolation.slerp(a, a.clone(), 0.3), 1e-6f);
    }

    @Test
    void lerpReturnsEndpointsAndMidpoint() {
        float[] a = {0, 2};
        float[] b = {2, 0};
        assertArrayEquals(a, Interpolation.lerp(a, b, 0), 0);
        assertArrayEquals(b, Interpolation.lerp(a, b, 1), 0);
        assertArrayEquals(new float[] {1, 1}, Interpolation.lerp(a, b, 0.5), 1e-6f);
    }

    @Test
    void pathThroughKeyframesPassesThroughEachKeyframe() {
        Random r = new Random(5);
        List<float[]> keys = List.of(Prior.sample(8, r), Prior.sample(8, r), Prior.sample(8, r));
        List<float[]> path = Interpolation.path(keys, 4, Interpolation.Mode.SPHERICAL);
        assertEquals(Interpolation.frameCount(3, 4), path.size());
        assertEquals(9, path.size());
        assertArrayEquals(keys.get(0), path.get(0), 1e-5f);
        assertArrayEquals(keys.get(1), path.get(4), 1e-5f);
        assertArrayEquals(keys.get(2), path.get(8), 1e-5f);
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Interpolation.slerp(new float[2], new float[3], 0.5));
        assertThrows(IllegalArgumentException.class, () -> Interpolation.path(List.of(new float[2]), 4,
                Interpolation.Mode.LINEAR));
    }

    @Test
    void evenlySpreadsExactlyTheAskedFramesAndPassesEveryKeyframe() {
        List<float[]> keys = List.of(new float[] {0, 0}, new float[] {4, 0}, new float[] {4, 8});
        List<float[]> f = Interpolation.evenly(keys, 5, Interpolation.Mode.LINEAR);
        assertEquals(5, f.size());
        assertArrayEquals(new float[] {0, 0}, f.get(0));
        assertArrayEquals(new float[] {2, 0}, f.get(1));
        assertArrayEquals(new float[] {4, 0}, f.get(2));
        assertArrayEquals(new float[] {4, 4}, f.get(3));
        assertArrayEquals(new float[] {4, 8}, f.get(4));
        assertThrows(IllegalArgumentException.class, () -> Interpolation.evenly(keys, 1, Interpolation.Mode.LINEAR));
    }
}
