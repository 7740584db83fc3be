package dev.latentlab.ui.inside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.explain.GeneratorStages.Stage;
import org.junit.jupiter.api.Test;

/** The tiles' layout and the checkerboard's high frequencies, without a window. */
class MosaicAndCheckerboardTest {
    @Test
    void a512ChannelStageIsANearSquareGridAndEveryTileMapsBackToItsChannel() {
        Stage s = new Stage(0, "stage 1", 512, 4, 4, new float[512 * 16], false);
        Mosaic m = Mosaic.of(s);
        assertEquals(23, m.columns());
        assertEquals(23, m.rows());
        assertEquals(23 * 5 - 1, m.width());
        for (int c : new int[] {0, 1, 22, 23, 300, 511}) {
            assertEquals(c, m.channelAt(m.x(c) + 2, m.y(c) + 2), "the middle of channel " + c + "'s tile");
        }
        assertEquals(-1, m.channelAt(4.5, 1), "the gap between tiles 0 and 1");
        assertEquals(-1, m.channelAt(m.x(511) + 5 + 2, m.y(511) + 2), "past the last tile");
    }

    @Test
    void aFlatImageHasNoHighFrequenciesAndAPixelCheckerboardHasStrongOnes() {
        int side = 8;
        float[] flat = new float[3 * side * side];
        java.util.Arrays.fill(flat, 0.3f);
        for (int px : Checkerboard.highFrequencies(flat, 3, side, side)) {
            assertEquals(0xff808080, px, "mid-gray");
        }
        float[] board = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                board[y * side + x] = (x + y) % 2 == 0 ? 0.1f : -0.1f;
            }
        }
        int[] hf = Checkerboard.highFrequencies(board, 1, side, side);
        int bright = hf[3 * side + 3] & 0xff; // (3, 3): x + y even, above its blur
        int dark = hf[3 * side + 4] & 0xff;
        assertTrue(bright > 128 + 40 && dark < 128 - 40, "inner pixels alternate: " + bright + " / " + dark);
    }
}
