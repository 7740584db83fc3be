package dev.latentlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinDigitsTest {
    @Test
    void builtInDigitsAreTenThousandLabelledWhiteOnBlackDigits() {
        ImageSet set = BuiltinDatasets.digits(ImageSpec.gray(28));
        assertEquals(10_000, set.size());
        assertEquals("builtin:digits", set.name());
        int[] labels = set.labels().orElseThrow();
        int[] perDigit = new int[10];
        for (int l : labels) {
            perDigit[l]++;
        }
        for (int d = 0; d < 10; d++) {
            assertTrue(perDigit[d] > 800 && perDigit[d] < 1200, "digit " + d + ": " + perDigit[d]);
        }
        byte[] px = new byte[28 * 28];
        long sum = 0;
        int max = 0;
        int corners = 0;
        for (int i = 0; i < set.size(); i++) {
            set.copyPixels(i, px, 0);
            int imgMax = 0;
            for (byte b : px) {
                int v = b & 0xFF;
                sum += v;
                imgMax = Math.max(imgMax, v);
            }
            assertTrue(imgMax > 100, "image " + i + " has ink");
            max = Math.max(max, imgMax);
            corners += (px[0] & 0xFF) + (px[27] & 0xFF) + (px[27 * 28] & 0xFF) + (px[28 * 28 - 1] & 0xFF);
        }
        assertEquals(255, max, "full range used");
        double mean = sum / (10_000.0 * 784);
        assertTrue(mean > 20 && mean < 50, "mostly black background like MNIST (mean ~33): " + mean);
        assertEquals(0, corners, "black corners");
    }

    @Test
    void builtInDigitsOpenThroughDatasetSourceAtOtherSizes() {
        ImageSet set = DatasetSource.open("builtin:digits", ImageSpec.rgb(32), null);
        assertEquals(10_000, set.size());
        assertEquals(3 * 32 * 32, set.spec().valuesPerImage());
        assertEquals(0, TestImages.pixel(set, 0, 1, 1, 1), "padded border");
        assertThrows(DatasetException.class, () -> DatasetSource.open("builtin:faces", ImageSpec.rgb(32), null));
    }

    @Test
    void assetsDirHonoursTheRootProperty(@TempDir Path dir) throws Exception {
        Path found = BuiltinDatasets.assetsDir();
        assertTrue(Files.isRegularFile(found.resolve("digits").resolve(BuiltinDatasets.DIGITS_IMAGES)));
        String old = System.getProperty(BuiltinDatasets.ROOT_PROPERTY);
        try {
            System.setProperty(BuiltinDatasets.ROOT_PROPERTY, dir.toString());
            DatasetException e = assertThrows(DatasetException.class, BuiltinDatasets::assetsDir);
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            Files.createDirectories(dir.resolve("assets/digits"));
            assertEquals(dir.toAbsolutePath().resolve("assets"), BuiltinDatasets.assetsDir());
        } finally {
            if (old == null) {
                System.clearProperty(BuiltinDatasets.ROOT_PROPERTY);
            } else {
                System.setProperty(BuiltinDatasets.ROOT_PROPERTY, old);
            }
        }
    }

    @Test
    void datasetSourceOpensFoldersAndRejectsOtherThings(@TempDir Path dir) throws Exception {
        TestImages.write(TestImages.solid(8, 8, java.awt.Color.RED), "png", dir.resolve("a.png"));
        assertEquals(1, DatasetSource.open(dir.toString(), ImageSpec.rgb(8), null).size());
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetSource.open(dir.resolve("nope").toString(), ImageSpec.rgb(8), null));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        e = assertThrows(DatasetException.class,
                () -> DatasetSource.open(dir.resolve("a.png").toString(), ImageSpec.rgb(8), null));
        assertTrue(e.getMessage().contains("expected a folder"), e.getMessage());
        assertThrows(DatasetException.class, () -> DatasetSource.open(" ", ImageSpec.rgb(8), null));
    }
}
