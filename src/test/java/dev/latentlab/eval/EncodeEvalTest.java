package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodeEvalTest {
    private static float[] noiseImage(int n, long seed, double sigma, float[] base) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double v = (base == null ? 0 : base[i]) + sigma * r.nextGaussian();
            x[i] = (float) Math.max(-1, Math.min(1, v));
        }
        return x;
    }

    @Test
    void ssimIsOneForTheSameImageAndFallsWithNoise() {
        float[] x = noiseImage(3 * 32 * 32, 1, 0.5, null);
        assertEquals(1.0, EncodeEval.ssim(x, x, 0, 3, 32), 1e-9);
        double light = EncodeEval.ssim(x, noiseImage(x.length, 2, 0.05, x), 0, 3, 32);
        double heavy = EncodeEval.ssim(x, noiseImage(x.length, 3, 0.5, x), 0, 3, 32);
        assertTrue(light < 1 && heavy < light, light + " then " + heavy);
        float[] flat = new float[x.length];
        assertTrue(EncodeEval.ssim(x, flat, 0, 3, 32) < 0.1, "structure lost");
    }

    @Test
    void cosineAndMedian() {
        assertEquals(1.0, EncodeEval.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6}, 0, 3), 1e-9);
        assertEquals(-1.0, EncodeEval.cosine(new float[] {1, 0}, new float[] {-3, 0}, 0, 2), 1e-9);
        assertEquals(2.5, EncodeEval.median(new double[] {4, 1, 2, 3}), 1e-12);
        assertEquals(3, EncodeEval.median(new double[] {5, 3, 1}), 1e-12);
    }
}
