package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.latentlab.TinyModels;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.Pixels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpolateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void keyframeFilesGiveAVideoFromTheFirstToTheLast() throws Exception {
        Path model = TinyModels.vivid(tmp, "vivid", 3);
        float[] a = new float[TinyModels.NZ];
        float[] b = new float[TinyModels.NZ];
        java.util.Arrays.fill(a, -1.5f);
        java.util.Arrays.fill(b, 1.5f);
        Path ja = Files.writeString(tmp.resolve("a.json"), json(a));
        Path jb = Files.writeString(tmp.resolve("b.json"), "{\"name\": \"b\", \"z\": " + json(b) + "}");
        Path gif = tmp.resolve("walk.gif");
        assertEquals(0, Cli.run("interpolate", "--model", model.toString(), "--keyframes", ja + "," + jb,
                "--frames", "9", "--fps", "12", "--scale", "2", "--out", gif.toString()));
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            assertEquals(9, r.getNumImages(true));
            BufferedImage first = r.read(0);
            BufferedImage last = r.read(8);
            assertEquals(64, first.getWidth(), "32 px at scale 2");
            try (GanModel m = ModelStore.open(model)) {
                int[] g0 = Pixels.argb(m.generate(a, 1), 0);
                int[] g8 = Pixels.argb(m.generate(b, 1), 0);
                assertNotEquals(g0[16 * 32 + 16], g8[16 * 32 + 16], "the two keyframes look different");
                // the GIF palette may round colours a little
                assertClose(g0[16 * 32 + 16], first.getRGB(32, 32));
                assertClose(g8[16 * 32 + 16], last.getRGB(32, 32));
            }
            r.dispose();
        }
    }

    private static String json(float[] z) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < z.length; i++) {
            sb.append(i > 0 ? ", " : "").append(z[i]);
        }
        return sb.append(']').toString();
    }

    private static void assertClose(int want, int got) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertEquals(want >> shift & 0xff, got >> shift & 0xff, 40, "channel at bit " + shift);
        }
    }

    @Test
    void randomKeyframesMakeAnMp4WithTheAskedFrames() throws Exception {
        Path model = TinyModels.vivid(tmp, "vivid", 4);
        Path mp4 = tmp.resolve("walk.mp4");
        assertEquals(0, Cli.run("interpolate", "--model", model.toString(), "--random", "3", "--frames", "20",
                "--fps", "10", "--scale", "1", "--out", mp4.toString()));
        try (var ch = NIOUtils.readableChannel(mp4.toFile())) {
            FrameGrab g = FrameGrab.createFrameGrab(ch);
            assertEquals(20, g.getVideoTrack().getMeta().getTotalFrames());
            assertEquals(2.0, g.getVideoTrack().getMeta().getTotalDuration(), 0.01);
        }
    }

    @Test
    void badArgumentsAreNamedAndWriteNothing() throws Exception {
        Path model = TinyModels.vivid(tmp, "vivid", 5);
        Path out = tmp.resolve("w.mp4");
        String m = model.toString();
        assertEquals(2, Cli.run("interpolate", "--model", m, "--frames", "10", "--out", out.toString()), "no keyframes");
        assertEquals(2, Cli.run("interpolate", "--model", m, "--random", "3", "--out", tmp.resolve("w.avi").toString()));
        assertEquals(2, Cli.run("interpolate", "--model", m, "--random", "3", "--fps", "0", "--out", out.toString()));
        Path wrong = Files.writeString(tmp.resolve("wrong.json"), "[1, 2, 3]");
        assertEquals(2, Cli.run("interpolate", "--model", m, "--keyframes", wrong + "," + wrong, "--out", out.toString()),
                "z of the wrong length");
        Path text = Files.writeString(tmp.resolve("text.json"), "hello");
        assertEquals(1, Cli.run("interpolate", "--model", m, "--keyframes", text + "," + text, "--out", out.toString()));
        assertEquals(1, Cli.run("interpolate", "--model", tmp.resolve("none").toString(), "--random", "2", "--out",
                out.toString()));
        assertFalse(Files.exists(out));
    }
}
