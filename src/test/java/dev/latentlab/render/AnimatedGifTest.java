package dev.latentlab.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedGifTest {
    @TempDir
    Path dir;

    static int frames(Path gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            int n = r.getNumImages(true);
            r.dispose();
            return n;
        }
    }

    @Test
    void writesEveryFrameScaledAndLoopsForever() throws Exception {
        List<int[]> frames = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            int[] px = new int[4 * 3];
            java.util.Arrays.fill(px, 0xff000000 | (k * 30) << 16);
            frames.add(px);
        }
        Path gif = dir.resolve("walk.gif");
        AnimatedGif.write(frames, 4, 3, 2, 40, true, gif);
        assertEquals(7, frames(gif));
        BufferedImage first = ImageIO.read(gif.toFile());
        assertEquals(8, first.getWidth());
        assertEquals(6, first.getHeight());
        String raw = new String(Files.readAllBytes(gif), StandardCharsets.ISO_8859_1);
        assertTrue(raw.contains("NETSCAPE2.0"), "has the loop extension");
    }

    @Test
    void stripPutsFramesSideBySide() {
        List<int[]> frames = List.of(new int[] {0xffff0000}, new int[] {0xff00ff00}, new int[] {0xff0000ff});
        BufferedImage s = Pixels.strip(frames, 1, 1, 2);
        assertEquals(6, s.getWidth());
        assertEquals(2, s.getHeight());
        assertEquals(0xff00ff00, s.getRGB(2, 1));
    }
}
