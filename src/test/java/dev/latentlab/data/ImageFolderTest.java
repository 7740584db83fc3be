package dev.latentlab.data;

import static dev.latentlab.data.TestImages.rgb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    private static final Color RED = new Color(220, 30, 40);
    private static final Color GREEN = new Color(30, 200, 60);
    private static final Color BLUE = new Color(40, 50, 210);

    @TempDir
    Path dir;

    private static void assertColor(int[] expected, int[] actual, int tolerance, String what) {
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(expected[c] - actual[c]) <= tolerance,
                    what + ": expected ~" + Arrays.toString(expected) + " got " + Arrays.toString(actual));
        }
    }

    private static int[] rgbOf(Color c) {
        return new int[] {c.getRed(), c.getGreen(), c.getBlue()};
    }

    @Test
    void mixedFolderLoadsEveryValidFormatAndReportsBrokenFilesWithReasons() throws IOException {
        TestImages.write(TestImages.solid(40, 40, RED), "png", dir.resolve("a_rgb.png"));
        TestImages.write(TestImages.gray16(30, 30, 0x8080), "png", dir.resolve("b_gray16.png"));
        TestImages.write(TestImages.gray8(30, 30, 100), "png", dir.resolve("c_gray8.png"));
        TestImages.writeBytes(dir.resolve("d_plain.jpg"), TestImages.jpegBytes(TestImages.solid(48, 48, GREEN), false));
        TestImages.writeBytes(dir.resolve("e_progressive.jpeg"), TestImages.jpegBytes(TestImages.solid(48, 48, BLUE), true));
        TestImages.write(TestImages.solid(20, 20, GREEN), "bmp", dir.resolve("f.bmp"));
        TestImages.write(TestImages.solid(20, 20, BLUE), "gif", dir.resolve("g.gif"));
        TestImages.write(TestImages.solid(90, 30, RED), "png", dir.resolve("h_wide.PNG"));
        TestImages.write(TestImages.solid(16, 16, BLUE), "png", dir.resolve("sub/deeper/i_nested.png"));
        byte[] jpeg = TestImages.jpegBytes(TestImages.noise(64, 64, 1), false);
        TestImages.writeBytes(dir.resolve("x_truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length * 6 / 10));
        TestImages.writeBytes(dir.resolve("y_empty.png"), new byte[0]);
        Files.writeString(dir.resolve("z_text.png"), "this is not an image\nreally\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        TestImages.write(TestImages.solid(8, 8, RED), "png", dir.resolve(".hidden.png"));
        TestImages.write(TestImages.solid(8, 8, RED), "png", dir.resolve(".cache/thumb.png"));

        List<String> log = new ArrayList<>();
        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(16), log::add);

        List<String> names = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            names.add(set.sourceName(i));
        }
        assertEquals(List.of("a_rgb.png", "b_gray16.png", "c_gray8.png", "d_plain.jpg", "e_progressive.jpeg",
                "f.bmp", "g.gif", "h_wide.PNG", "sub/deeper/i_nested.png"), names, "sorted, recursive, valid only");

        Map<String, String> reasons = set.skipped().stream().collect(Collectors.toMap(
                s -> dir.relativize(s.path()).toString(), SkippedFile::reason, (a, b) -> a, TreeMap::new));
        assertEquals(List.of("x_truncated.jpg", "y_empty.png", "z_text.png"), new ArrayList<>(reasons.keySet()));
        assertTrue(reasons.get("x_truncated.jpg").contains("truncated"), reasons.toString());
        assertEquals("empty file", reasons.get("y_empty.png"));
        assertTrue(reasons.get("z_text.png").contains("not an image"), reasons.toString());
        for (String bad : reasons.keySet()) {
            assertTrue(log.stream().anyMatch(l -> l.contains(bad)), "skipped file logged: " + bad + " in " + log);
        }

        assertColor(rgbOf(RED), rgb(set, 0, 8, 8), 1, "png");
        assertColor(new int[] {128, 128, 128}, rgb(set, 1, 8, 8), 1, "16-bit gray PNG (no gamma shift)");
        assertColor(new int[] {100, 100, 100}, rgb(set, 2, 8, 8), 0, "8-bit gray PNG (no gamma shift)");
        assertColor(rgbOf(GREEN), rgb(set, 3, 8, 8), 8, "jpeg");
        assertColor(rgbOf(BLUE), rgb(set, 4, 8, 8), 8, "progressive jpeg");
        assertColor(rgbOf(GREEN), rgb(set, 5, 8, 8), 0, "bmp");
        assertColor(rgbOf(BLUE), rgb(set, 6, 8, 8), 4, "gif");
        assertColor(rgbOf(RED), rgb(set, 7, 0, 0), 1, "non-square png");
        assertColor(rgbOf(BLUE), rgb(set, 8, 15, 15), 0, "nested png (same size, no resampling)");
        assertTrue(set.attributes().isEmpty());
        assertTrue(set.labels().isEmpty());
    }

    @Test
    void grayscaleSpecConvertsColourToLuma() {
        TestImages.write(TestImages.solid(10, 10, RED), "png", dir.resolve("red.png"));
        ImageSet set = ImageFolder.load(dir, ImageSpec.gray(4), null);
        int luma = Math.round(0.299f * RED.getRed() + 0.587f * RED.getGreen() + 0.114f * RED.getBlue());
        assertEquals(luma, TestImages.pixel(set, 0, 0, 2, 2), 1);
        float[] f = new float[16];
        set.copyImage(0, f, 0, false);
        assertEquals(luma / 127.5f - 1f, f[5], 0.01f);
    }

    @Test
    void centreCropKeepsTheCentreOfWideAndTallImages() {
        BufferedImage wide = new BufferedImage(90, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = wide.createGraphics();
        g.setColor(GREEN);
        g.fillRect(0, 0, 30, 30);
        g.setColor(RED);
        g.fillRect(30, 0, 30, 30);
        g.setColor(BLUE);
        g.fillRect(60, 0, 30, 30);
        g.dispose();
        TestImages.write(wide, "png", dir.resolve("wide.png"));
        BufferedImage tall = new BufferedImage(20, 60, BufferedImage.TYPE_INT_RGB);
        g = tall.createGraphics();
        g.setColor(BLUE);
        g.fillRect(0, 0, 20, 20);
        g.setColor(GREEN);
        g.fillRect(0, 20, 20, 20);
        g.setColor(RED);
        g.fillRect(0, 40, 20, 20);
        g.dispose();
        TestImages.write(tall, "png", dir.resolve("tall.png"));

        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(8), null);
        int tallIdx = TestImages.indexOf(set, "tall.png");
        int wideIdx = TestImages.indexOf(set, "wide.png");
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertArrayEquals(rgbOf(RED), rgb(set, wideIdx, x, y), "wide image at " + x + "," + y);
                assertArrayEquals(rgbOf(GREEN), rgb(set, tallIdx, x, y), "tall image at " + x + "," + y);
            }
        }
    }

    @Test
    void centreCropWorksForEveryFormatAndForHugeSubsampledImages() {
        BufferedImage wide = new BufferedImage(120, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = wide.createGraphics();
        g.setColor(GREEN);
        g.fillRect(0, 0, 120, 40);
        g.setColor(RED);
        g.fillRect(40, 0, 40, 40);
        g.dispose();
        TestImages.write(wide, "png", dir.resolve("w.png"));
        TestImages.write(wide, "bmp", dir.resolve("w.bmp"));
        TestImages.write(wide, "gif", dir.resolve("w.gif"));
        TestImages.writeBytes(dir.resolve("w.jpg"), TestImages.jpegBytes(wide, false));
        TestImages.writeBytes(dir.resolve("w_progressive.jpg"), TestImages.jpegBytes(wide, true));
        BufferedImage huge = new BufferedImage(1500, 3000, BufferedImage.TYPE_INT_RGB); // read with subsampling
        g = huge.createGraphics();
        g.setColor(BLUE);
        g.fillRect(0, 0, 1500, 3000);
        g.setColor(RED);
        g.fillRect(0, 750, 1500, 1500);
        g.dispose();
        TestImages.write(huge, "png", dir.resolve("x_huge.png"));

        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(8), null);
        assertEquals(6, set.size(), set.skipped().toString());
        for (int i = 0; i < set.size(); i++) {
            int tol = set.sourceName(i).endsWith(".jpg") ? 16 : 1;
            for (int[] at : new int[][] {{1, 1}, {6, 1}, {1, 6}, {6, 6}, {4, 4}}) {
                assertColor(rgbOf(RED), rgb(set, i, at[0], at[1]), tol, set.sourceName(i) + " at " + Arrays.toString(at));
            }
        }
    }

    @Test
    void downscalingAveragesAreasInsteadOfAliasing() {
        BufferedImage checker = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                checker.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 255 : 0);
            }
        }
        TestImages.write(checker, "png", dir.resolve("checker.png"));
        ImageSet set = ImageFolder.load(dir, ImageSpec.gray(10), null);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                assertEquals(127.5, TestImages.pixel(set, 0, 0, x, y), 12.0, "at " + x + "," + y);
            }
        }
    }

    @Test
    void upscalingIsSmoothAndKeepsSolidColours() {
        BufferedImage img = TestImages.solid(4, 4, BLUE);
        TestImages.write(img, "png", dir.resolve("small.png"));
        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(32), null);
        for (int y = 0; y < 32; y += 5) {
            for (int x = 0; x < 32; x += 5) {
                assertArrayEquals(rgbOf(BLUE), rgb(set, 0, x, y));
            }
        }
    }

    @Test
    void jpegExifOrientationIsApplied() {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(RED);
        g.fillRect(0, 0, 16, 32); // left half red
        g.setColor(BLUE);
        g.fillRect(16, 0, 16, 32); // right half blue
        g.dispose();
        byte[] jpeg = TestImages.jpegBytes(img, false);
        // APP1 Exif, big-endian TIFF, one IFD entry: Orientation (0x0112) = 6 (rotate 90° clockwise to display)
        byte[] app1 = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
                'M', 'M', 0, 42, 0, 0, 0, 8,
                0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,
                0, 0, 0, 0};
        byte[] withExif = new byte[jpeg.length + app1.length];
        System.arraycopy(jpeg, 0, withExif, 0, 2);
        System.arraycopy(app1, 0, withExif, 2, app1.length);
        System.arraycopy(jpeg, 2, withExif, 2 + app1.length, jpeg.length - 2);
        assertEquals(6, JpegInfo.parse(withExif).orientation());
        TestImages.writeBytes(dir.resolve("rotated.jpg"), withExif);

        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(8), null);
        assertColorNear(RED, rgb(set, 0, 3, 1)); // the left half is now on top
        assertColorNear(BLUE, rgb(set, 0, 3, 6));
    }

    private static void assertColorNear(Color expected, int[] actual) {
        assertColor(rgbOf(expected), actual, 12, "colour");
    }

    @Test
    void emptyFolderFailsWithAClearMessage() {
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.load(dir, ImageSpec.rgb(32), null));
        assertTrue(e.getMessage().contains("No image files in " + dir.toAbsolutePath()), e.getMessage());
    }

    @Test
    void folderOfBrokenImagesFailsNamingTheFolderAndCounts() throws IOException {
        Files.writeString(dir.resolve("a.png"), "nope");
        Files.write(dir.resolve("b.jpg"), new byte[0]);
        Files.writeString(dir.resolve("readme.md"), "hello");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.load(dir, ImageSpec.rgb(32), null));
        assertTrue(e.getMessage().contains("No usable images in " + dir.toAbsolutePath()), e.getMessage());
        assertTrue(e.getMessage().contains("tried 2 image files"), e.getMessage());
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    }

    @Test
    void missingFolderFailsWithAClearMessage() {
        Path missing = dir.resolve("does-not-exist");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.load(missing, ImageSpec.rgb(32), null));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void attributesFromListAttrAreAlignedToImagesByRelativeOrBaseName() throws IOException {
        TestImages.write(TestImages.solid(8, 8, RED), "png", dir.resolve("img/000001.png"));
        TestImages.write(TestImages.solid(8, 8, GREEN), "png", dir.resolve("img/000002.png"));
        TestImages.write(TestImages.solid(8, 8, BLUE), "png", dir.resolve("other/x.png"));
        TestImages.write(TestImages.solid(8, 8, BLUE), "png", dir.resolve("unlisted.png"));
        Files.writeString(dir.resolve("list_attr_celeba.txt"),
                "3\nSmiling Male \n000002.png  1 -1\n000001.png -1  1\nother/x.png 1  1\n", StandardCharsets.UTF_8);
        List<String> log = new ArrayList<>();
        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(4), log::add);
        AttributeTable a = set.attributes().orElseThrow();
        assertEquals(List.of("Smiling", "Male"), a.names());
        assertEquals(4, a.size());
        int one = TestImages.indexOf(set, "img/000001.png");
        int two = TestImages.indexOf(set, "img/000002.png");
        int x = TestImages.indexOf(set, "other/x.png");
        int un = TestImages.indexOf(set, "unlisted.png");
        assertFalse(a.has(one, "Smiling"));
        assertTrue(a.has(one, "Male"));
        assertTrue(a.has(two, "Smiling"));
        assertFalse(a.has(two, "Male"));
        assertTrue(a.has(x, "Smiling") && a.has(x, "Male"));
        assertFalse(a.has(un, "Smiling") || a.has(un, "Male"));
        assertTrue(log.stream().anyMatch(l -> l.contains("1 images have no row")), log.toString());

        ImageSet sub = set.subset(new int[] {two});
        assertTrue(sub.attributes().orElseThrow().has(0, "Smiling"));
    }

    @Test
    void maxImagesLoadsTheFirstDecodableImages() throws IOException {
        for (int i = 0; i < 6; i++) {
            TestImages.write(TestImages.solid(8, 8, RED), "png", dir.resolve("img" + i + ".png"));
        }
        Files.write(dir.resolve("img1.png"), new byte[0]);
        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(8), 3, null);
        assertEquals(3, set.size());
        assertEquals(List.of("img0.png", "img2.png", "img3.png"),
                List.of(set.sourceName(0), set.sourceName(1), set.sourceName(2)));
        assertEquals(1, set.skipped().size());
    }

    @Test
    void copyImageFlipsHorizontallyAndLimitSubsetKeepOrder() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, (x * 80) << 16 | (y * 80) << 8 | 255);
            }
        }
        TestImages.write(img, "png", dir.resolve("a.png"));
        TestImages.write(TestImages.solid(4, 4, RED), "png", dir.resolve("b.png"));
        ImageSet set = ImageFolder.load(dir, ImageSpec.rgb(4), null);
        float[] plain = new float[2 + 48];
        float[] flipped = new float[48];
        set.copyImage(0, plain, 2, false);
        set.copyImage(0, flipped, 0, true);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(plain[2 + c * 16 + y * 4 + x], flipped[c * 16 + y * 4 + (3 - x)]);
                }
            }
        }
        assertEquals(-1f, plain[2], 1e-6f); // red channel at x=0 is 0
        assertEquals(240 / 127.5f - 1f, plain[2 + 3], 1e-6f); // red at x=3 is 240
        assertEquals(1f, plain[2 + 32], 1e-6f); // blue 255

        assertEquals(1, set.limit(1).size());
        assertEquals("a.png", set.limit(1).sourceName(0));
        ImageSet rev = set.subset(new int[] {1, 0});
        assertEquals("b.png", rev.sourceName(0));
        assertEquals(set.size(), set.limit(10).size());
    }
}
