package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.model.Generated;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A removal's samples: the figure and the pictures from the same images. */
class RemovalSamplesTest {
    private static final int SIDE = 4;

    /** count images, each filled with its value. */
    private static Generated images(float... values) {
        int per = 3 * SIDE * SIDE;
        float[] x = new float[values.length * per];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(x, i * per, (i + 1) * per, values[i]);
        }
        return new Generated(x, values.length, 3, SIDE, SIDE, Map.of());
    }

    /** Two outputs per image: attribute 0 as given, attribute 1 always read. */
    private static Classifier.Outputs read(float... p0) {
        float[] p = new float[2 * p0.length];
        for (int i = 0; i < p0.length; i++) {
            p[2 * i] = p0[i];
            p[2 * i + 1] = 0.9f;
        }
        return new Classifier.Outputs(p0.length, 0, new float[0], 2, p);
    }

    @Test
    void keepsOnlyTheFirstSamplesReadAsHavingTheAttributeAndCountsThemAll() {
        RemovalSamples seen = new RemovalSamples(List.of("Hat", "Face"), 0, 2);
        seen.add(images(0.1f, 0.2f, 0.3f), read(0.2f, 0.8f, 0.6f), images(0.1f, 0.0f, 0.3f), read(0.2f, 0.1f, 0.7f));
        seen.add(images(0.4f), read(0.9f), images(0.4f), read(0.3f));
        assertEquals(4, seen.samples());
        assertEquals(2, seen.facesBefore().size(), "the first two read as having it, no more");
        assertEquals(SIDE * SIDE, seen.facesBefore().get(0).length);
        int gray02 = seen.facesBefore().get(0)[0] & 0xff;
        int gray03 = seen.facesBefore().get(1)[0] & 0xff;
        assertTrue(gray03 > gray02, "the 2nd and 3rd samples, in order, not the 1st (read 0.2)");
        assertTrue((seen.facesAfter().get(0)[0] & 0xff) < gray02, "the 2nd sample after its removal");
        List<AblationEval.Rate> rates = seen.rates();
        assertEquals(new AblationEval.Rate("Hat", 0.75, 0.25), rates.get(0));
        assertEquals(new AblationEval.Rate("Face", 1.0, 1.0), rates.get(1));
    }

    @Test
    void aTwoPercentChangeIsAmplifiedIntoAVisibleDifference() {
        RemovalSamples seen = new RemovalSamples(List.of("Hat", "Face"), 0, 16);
        seen.add(images(0f), read(0.9f), images(0.04f), read(0.9f)); // 2% of the range [-1, 1]
        assertEquals(0.02, seen.rmsDifference(), 1e-6);
        int[] diff = seen.facesDifference().get(0);
        int before = seen.facesBefore().get(0)[0] & 0xff;
        int after = seen.facesAfter().get(0)[0] & 0xff;
        assertTrue(after - before <= 6, "before and after differ by a few levels only: " + before + " → " + after);
        for (int channel : new int[] {(diff[0] >> 16) & 0xff, (diff[0] >> 8) & 0xff, diff[0] & 0xff}) {
            assertEquals((after - before) * RemovalSamples.DIFFERENCE_GAIN, channel, "amplified");
            assertTrue(channel >= 32, "visible on black: " + channel);
        }
        RemovalSamples same = new RemovalSamples(List.of("Hat", "Face"), 0, 16);
        same.add(images(0.5f), read(0.9f), images(0.5f), read(0.9f));
        assertEquals(0xff000000, same.facesDifference().get(0)[0], "no change is black");
    }
}
