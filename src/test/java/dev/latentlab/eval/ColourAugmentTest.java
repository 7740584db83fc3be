package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The colour augmentations that take colour shortcuts away from a face reader. */
class ColourAugmentTest {
    private static final int SIDE = 16;
    private static final int PLANE = SIDE * SIDE;

    /** A reddish image with a vertical gradient, in [−1, 1]. */
    private static float[] image() {
        float[] x = new float[3 * PLANE];
        for (int y = 0; y < SIDE; y++) {
            for (int i = 0; i < SIDE; i++) {
                x[y * SIDE + i] = 0.6f;
                x[PLANE + y * SIDE + i] = -0.2f + 0.05f * y;
                x[2 * PLANE + y * SIDE + i] = -0.5f;
            }
        }
        return x;
    }

    @Test
    void grayMakesTheChannelsEqualAndTheSwapExchangesRedAndBlue() {
        float[] g = image();
        ColourAugment.transform(g, 0, SIDE, ColourAugment.Kind.GRAY, 1);
        for (int i = 0; i < PLANE; i++) {
            assertEquals(g[i], g[PLANE + i], 1e-6);
            assertEquals(g[i], g[2 * PLANE + i], 1e-6);
        }
        float[] x = image();
        float[] s = image();
        ColourAugment.transform(s, 0, SIDE, ColourAugment.Kind.PERMUTE, 4);
        for (int i = 0; i < PLANE; i++) {
            assertEquals(x[i], s[2 * PLANE + i], 1e-6, "red went to blue");
            assertEquals(x[2 * PLANE + i], s[i], 1e-6, "blue went to red");
            assertEquals(x[PLANE + i], s[PLANE + i], 1e-6, "green stays");
        }
    }

    @Test
    void aPartRecolourChangesOneFullWidthBandAndLeavesTheRest() {
        SplittableRandom r = new SplittableRandom(3);
        int applied = 0;
        for (int trial = 0; trial < 40; trial++) {
            float[] x = image();
            float[] before = x.clone();
            boolean did = ColourAugment.applyPart(x, 0, 3, SIDE, r);
            if (!did) {
                assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(x), "untouched when not applied");
                continue;
            }
            applied++;
            int first = -1;
            int last = -1;
            for (int y = 0; y < SIDE; y++) {
                boolean rowChanged = false;
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < SIDE; i++) {
                        int k = c * PLANE + y * SIDE + i;
                        assertTrue(x[k] >= -1 && x[k] <= 1, "clipped to [−1, 1]");
                        rowChanged |= Math.abs(x[k] - before[k]) > 1e-6;
                    }
                }
                if (rowChanged) {
                    first = first < 0 ? y : first;
                    last = y;
                }
            }
            assertTrue(first >= 0, "a band changed");
            int h = last - first + 1;
            assertTrue(h <= Math.round(SIDE * 0.6), "the band is at most 60% of the height: " + h);
            // outside the band nothing moved
            for (int y = 0; y < SIDE; y++) {
                if (y >= first && y <= last) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < SIDE; i++) {
                        assertEquals(before[c * PLANE + y * SIDE + i], x[c * PLANE + y * SIDE + i], 0);
                    }
                }
            }
        }
        assertTrue(applied > 10 && applied < 30, "about half the images: " + applied);
        assertFalse(ColourAugment.applyPart(new float[PLANE], 0, 1, SIDE, r), "a gray image is left alone");
    }
}
