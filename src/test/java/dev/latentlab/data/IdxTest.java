package dev.latentlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private static byte[] randomImages(int count, int rows, int cols) {
        byte[] data = new byte[count * rows * cols];
        new Random(7).nextBytes(data);
        return data;
    }

    @Test
    void imagesAndLabelsRoundTripGzippedAndRaw() throws IOException {
        byte[] data = randomImages(5, 28, 28);
        int[] labels = {0, 9, 3, 255, 7};
        for (String suffix : new String[] {".gz", ""}) {
            Path img = dir.resolve("t-images-idx3-ubyte" + suffix);
            Path lab = dir.resolve("t-labels-idx1-ubyte" + suffix);
            Idx.writeImages(img, 28, 28, data);
            Idx.writeLabels(lab, labels);
            byte[] head = Arrays.copyOf(Files.readAllBytes(img), 4);
            if (suffix.isEmpty()) {
                assertArrayEquals(new byte[] {0, 0, 8, 3}, head);
            } else {
                assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, Arrays.copyOf(head, 2));
            }
            Idx.Images read = Idx.readImages(img);
            assertEquals(5, read.count());
            assertEquals(28, read.rows());
            assertEquals(28, read.cols());
            assertArrayEquals(data, read.data());
            assertArrayEquals(labels, Idx.readLabels(lab));
        }
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        byte[] data = randomImages(2, 3, 4);
        Path gz = dir.resolve("x.idx.gz");
        Idx.writeImages(gz, 3, 4, data);
        Path misnamed = Files.move(gz, dir.resolve("x.idx"));
        assertArrayEquals(data, Idx.readImages(misnamed).data());
    }

    @Test
    void badMagicFailsNamingTheFile() throws IOException {
        Path f = dir.resolve("bogus-images-idx3-ubyte");
        Files.write(f, new byte[] {0, 0, 8, 4, 0, 0, 0, 0});
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("0x00000804"), e.getMessage());

        Path labels = dir.resolve("l.idx");
        Idx.writeLabels(labels, new int[] {1, 2});
        e = assertThrows(DatasetException.class, () -> Idx.readImages(labels));
        assertTrue(e.getMessage().contains("holds labels"), e.getMessage());

        Path text = dir.resolve("text.idx");
        Files.writeString(text, "hello world");
        e = assertThrows(DatasetException.class, () -> Idx.readLabels(text));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    }

    @Test
    void truncatedFilesFailNamingTheFile() throws IOException {
        Path raw = dir.resolve("a.idx");
        Idx.writeImages(raw, 28, 28, randomImages(3, 28, 28));
        byte[] all = Files.readAllBytes(raw);
        Files.write(raw, Arrays.copyOf(all, all.length - 100));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readImages(raw));
        assertTrue(e.getMessage().contains("Truncated") && e.getMessage().contains(raw.toString()), e.getMessage());

        Path gz = dir.resolve("b.idx.gz");
        Idx.writeImages(gz, 28, 28, randomImages(3, 28, 28));
        byte[] z = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(z, z.length / 2));
        e = assertThrows(DatasetException.class, () -> Idx.readImages(gz));
        assertTrue(e.getMessage().contains(gz.toString()), e.getMessage());

        Path header = dir.resolve("c.idx");
        Files.write(header, new byte[] {0, 0, 8, 3, 0, 0});
        e = assertThrows(DatasetException.class, () -> Idx.readImages(header));
        assertTrue(e.getMessage().contains("Truncated") && e.getMessage().contains(header.toString()), e.getMessage());
    }

    @Test
    void loadPadsTo32AndResizesOtherSizes() {
        byte[] img = new byte[28 * 28];
        Arrays.fill(img, (byte) 200);
        Path f = dir.resolve("one.idx");
        Idx.writeImages(f, 28, 28, img);

        ImageSet s28 = Idx.loadImages(f, Optional.empty(), ImageSpec.gray(28));
        assertEquals(200, TestImages.pixel(s28, 0, 0, 0, 0));

        ImageSet s32 = Idx.loadImages(f, Optional.empty(), ImageSpec.gray(32));
        assertEquals(0, TestImages.pixel(s32, 0, 0, 1, 1), "2-pixel black border");
        assertEquals(0, TestImages.pixel(s32, 0, 0, 30, 16));
        assertEquals(200, TestImages.pixel(s32, 0, 0, 2, 2));
        assertEquals(200, TestImages.pixel(s32, 0, 0, 29, 29));

        ImageSet s64 = Idx.loadImages(f, Optional.empty(), ImageSpec.rgb(64));
        assertEquals(3 * 64 * 64, s64.spec().valuesPerImage());
        for (int c = 0; c < 3; c++) {
            assertEquals(200, TestImages.pixel(s64, 0, c, 0, 0));
            assertEquals(200, TestImages.pixel(s64, 0, c, 63, 40));
        }
        ImageSet s14 = Idx.loadImages(f, Optional.empty(), ImageSpec.gray(14));
        assertEquals(200, TestImages.pixel(s14, 0, 0, 7, 7));
    }

    @Test
    void labelCountMismatchFails() {
        Path img = dir.resolve("m-images.idx");
        Path lab = dir.resolve("m-labels.idx");
        Idx.writeImages(img, 2, 2, new byte[12]);
        Idx.writeLabels(lab, new int[] {1, 2});
        DatasetException e = assertThrows(DatasetException.class,
                () -> Idx.loadImages(img, Optional.of(lab), ImageSpec.gray(2)));
        assertTrue(e.getMessage().contains("2 labels") && e.getMessage().contains("3 images"), e.getMessage());
    }

    @Test
    void labelsFileIsFoundByMnistNaming() {
        Path img = dir.resolve("train-images-idx3-ubyte.gz");
        Path lab = dir.resolve("train-labels-idx1-ubyte.gz");
        Idx.writeImages(img, 2, 2, new byte[8]);
        Idx.writeLabels(lab, new int[] {4, 2});
        assertEquals(Optional.of(lab.toAbsolutePath()), Idx.findLabelsFor(img));

        Path img2 = dir.resolve("t10k-images.idx3-ubyte");
        Path lab2 = dir.resolve("t10k-labels.idx1-ubyte");
        Idx.writeImages(img2, 2, 2, new byte[8]);
        Idx.writeLabels(lab2, new int[] {4, 2});
        assertEquals(Optional.of(lab2.toAbsolutePath()), Idx.findLabelsFor(img2));

        assertEquals(Optional.empty(), Idx.findLabelsFor(dir.resolve("lonely.idx")));

        ImageSet set = DatasetSource.open(img.toString(), ImageSpec.gray(2), null);
        assertArrayEquals(new int[] {4, 2}, set.labels().orElseThrow());
        assertEquals("train-images-idx3-ubyte", set.name());
    }
}
