package dev.latentlab.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.jcodec.scale.AWTUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFileTest {
    @TempDir
    Path dir;

    /** Frames that fade from red to blue, left half bright, right half dark. */
    static List<int[]> fade(int n, int w, int h) {
        List<int[]> frames = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int red = 255 * (n - 1 - k) / (n - 1);
            int blue = 255 - red;
            int[] px = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int s = x < w / 2 ? 1 : 4;
                    px[y * w + x] = 0xff000000 | (red / s) << 16 | (blue / s);
                }
            }
            frames.add(px);
        }
        return frames;
    }

    @Test
    void mp4HoldsEveryFrameAtTheScaledSizeAndTheFramesLookLikeTheInput() throws Exception {
        List<int[]> frames = fade(12, 16, 16);
        Path mp4 = dir.resolve("walk.mp4");
        assertEquals(VideoFile.Format.MP4, VideoFile.write(mp4, frames, 16, 16, 4, 24, VideoFile.Progress.NONE));
        byte[] head = Files.readAllBytes(mp4);
        assertEquals("ftyp", new String(head, 4, 4, java.nio.charset.StandardCharsets.US_ASCII), "an MP4 file");
        try (var ch = NIOUtils.readableChannel(mp4.toFile())) {
            FrameGrab grab = FrameGrab.createFrameGrab(ch);
            assertEquals(12, grab.getVideoTrack().getMeta().getTotalFrames());
            assertEquals(0.5, grab.getVideoTrack().getMeta().getTotalDuration(), 0.01, "12 frames at 24 fps");
            int k = 0;
            Picture p;
            while ((p = grab.getNativeFrame()) != null) {
                BufferedImage img = AWTUtil.toBufferedImage(p);
                assertEquals(64, img.getWidth());
                assertEquals(64, img.getHeight());
                int want = frames.get(k)[8 * 16 + 4];
                int got = img.getRGB(16, 32);
                assertEquals(want >> 16 & 0xff, got >> 16 & 0xff, 24, "red of frame " + k);
                assertEquals(want & 0xff, got & 0xff, 24, "blue of frame " + k);
                assertTrue((img.getRGB(48, 32) >> 16 & 0xff) + (img.getRGB(48, 32) & 0xff) < 120,
                        "the dark half stays dark in frame " + k);
                k++;
            }
            assertEquals(12, k);
        }
    }

    @Test
    void oddSizesAreEncodedToo() throws Exception {
        Path mp4 = dir.resolve("odd.mp4");
        VideoFile.write(mp4, fade(3, 7, 5), 7, 5, 3, 10, VideoFile.Progress.NONE);
        try (var ch = NIOUtils.readableChannel(mp4.toFile())) {
            BufferedImage img = AWTUtil.toBufferedImage(FrameGrab.createFrameGrab(ch).getNativeFrame());
            assertEquals(22, img.getWidth(), "21 px padded to an even 22");
            assertEquals(16, img.getHeight());
        }
    }

    @Test
    void cancellingLeavesNoFileForEitherFormat() throws Exception {
        for (String name : new String[] {"c.mp4", "c.gif"}) {
            AtomicInteger seen = new AtomicInteger();
            Path f = dir.resolve(name);
            assertThrows(CancellationException.class, () -> VideoFile.write(f, fade(10, 8, 8), 8, 8, 1, 10,
                    (done, total) -> {
                        seen.set(done);
                        return done < 4;
                    }));
            assertEquals(4, seen.get(), "progress is reported per frame");
            assertFalse(Files.exists(f), name + " is not written");
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temporary left");
            }
        }
    }

    @Test
    void anUnknownExtensionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoFile.write(dir.resolve("walk.avi"), fade(2, 4, 4), 4, 4, 1, 10, VideoFile.Progress.NONE));
        assertTrue(e.getMessage().contains("walk.avi") && e.getMessage().contains(".mp4"), e.getMessage());
    }
}
