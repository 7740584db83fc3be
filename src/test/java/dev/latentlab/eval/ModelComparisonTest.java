package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sharpness figures of {@code eval compare} on images whose answer is known. */
class ModelComparisonTest {

    /** A 1-channel S×S image in [−1, 1] from values in [0, 1]. */
    private static float[] gray(double[][] y) {
        int s = y.length;
        float[] x = new float[s * s];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                x[r * s + c] = (float) (y[r][c] * 2 - 1);
            }
        }
        return x;
    }

    @Test
    void aFlatImageHasNoDetailAndACheckerboardIsAllDetail() {
        int s = 8;
        double[][] flat = new double[s][s];
        double[][] checker = new double[s][s];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                flat[r][c] = 0.3;
                checker[r][c] = (r + c) % 2;
            }
        }
        ModelComparison.Sharpness f = ModelComparison.sharpness(gray(flat), 1, 1, s);
        assertEquals(0, f.laplacianVariance(), 1e-9);
        assertEquals(0, f.highFrequencyShare(), 1e-9);
        ModelComparison.Sharpness k = ModelComparison.sharpness(gray(checker), 1, 1, s);
        // interior Laplacian of a 0/1 checkerboard: ±4, so its variance is 16
        assertEquals(16, k.laplacianVariance(), 1e-6);
        // each 2×2 block of a checkerboard has mean 0.5, as the image does: all energy is detail
        assertEquals(1, k.highFrequencyShare(), 1e-9);
    }

    @Test
    void blurringAnImageLowersBothFiguresAndColourReadsItsLuminance() {
        int s = 16;
        java.util.Random rng = new java.util.Random(3);
        double[][] sharp = new double[s][s];
        for (double[] row : sharp) {
            for (int c = 0; c < s; c++) {
                row[c] = rng.nextDouble();
            }
        }
        double[][] blur = new double[s][s];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                double sum = 0;
                int n = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr >= 0 && rr < s && cc >= 0 && cc < s) {
                            sum += sharp[rr][cc];
                            n++;
                        }
                    }
                }
                blur[r][c] = sum / n;
            }
        }
        ModelComparison.Sharpness a = ModelComparison.sharpness(gray(sharp), 1, 1, s);
        ModelComparison.Sharpness b = ModelComparison.sharpness(gray(blur), 1, 1, s);
        assertTrue(b.laplacianVariance() < 0.2 * a.laplacianVariance(), a + " → " + b);
        assertTrue(b.highFrequencyShare() < a.highFrequencyShare(), a + " → " + b);
        // the same picture in three equal channels is the same luminance
        float[] g = gray(sharp);
        float[] rgb = new float[3 * g.length];
        for (int ch = 0; ch < 3; ch++) {
            System.arraycopy(g, 0, rgb, ch * g.length, g.length);
        }
        ModelComparison.Sharpness c = ModelComparison.sharpness(rgb, 1, 3, s);
        assertEquals(a.laplacianVariance(), c.laplacianVariance(), 1e-6);
        assertEquals(a.highFrequencyShare(), c.highFrequencyShare(), 1e-6);
    }
}
