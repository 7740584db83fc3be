package dev.latentlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32×32 CMYK JPEGs with four quadrants (top-left red, top-right green, bottom-left blue,
 * bottom-right dark gray), made with PIL (Adobe, inverted CMYK) and as YCCK (Adobe transform 2,
 * checked against libjpeg through PIL). PIL renders them as (235,32,32), (49,225,31),
 * (32,70,235), (75,75,75).
 */
class CmykJpegTest {
    @TempDir
    Path dir;

    private static final int[][] EXPECTED = {{235, 32, 32}, {49, 225, 31}, {32, 70, 235}, {75, 75, 75}};

    private void assertQuadrants(ImageSet set, int i) {
        int[][] at = {{4, 4}, {12, 4}, {4, 12}, {12, 12}};
        for (int q = 0; q < 4; q++) {
            int[] got = TestImages.rgb(set, i, at[q][0], at[q][1]);
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(got[c] - EXPECTED[q][c]) <= 10,
                        set.sourceName(i) + " quadrant " + q + ": expected ~" + Arrays.toString(EXPECTED[q])
                                + " got " + Arrays.toString(got));
            }
        }
    }

    @Test
    void adobeCmykJpegDecodesWithPlausibleColours() {
        Path file = TestImages.copyResource("cmyk-adobe.jpg", dir);
        JpegInfo info = JpegInfo.parse(readAll(file));
        assertEquals(4, info.components());
        assertEquals(0, info.adobeTransform());
        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(16), null);
        assertEquals(1, set.size(), set.skipped().toString());
        assertQuadrants(set, 0);
    }

    @Test
    void ycckJpegDecodesWithPlausibleColours() {
        Path file = TestImages.copyResource("cmyk-ycck.jpg", dir);
        assertEquals(2, JpegInfo.parse(readAll(file)).adobeTransform());
        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(16), null);
        assertEquals(1, set.size(), set.skipped().toString());
        assertQuadrants(set, 0);
    }

    @Test
    void cmykJpegToGrayUsesLuma() {
        TestImages.copyResource("cmyk-adobe.jpg", dir);
        ImageSet set = ImageFolder.load(dir, ImageSpec.gray(16), null);
        int red = TestImages.pixel(set, 0, 0, 4, 4);
        assertEquals(0.299 * 235 + 0.587 * 32 + 0.114 * 32, red, 10);
    }

    private static byte[] readAll(Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
