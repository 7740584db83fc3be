package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.Fixtures;
import dev.latentlab.TinyModels;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.Precision;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesAnEightByEightPngGrid() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        Path png = tmp.resolve("grid.png");
        assertEquals(0, Cli.run("sample", "--model", model.toString(), "--count", "64", "--seed", "7", "--out",
                png.toString()));
        BufferedImage img = ImageIO.read(png.toFile());
        // 8 images of 32 px with 2 px gaps around and between
        assertEquals(8 * 32 + 9 * 2, img.getWidth());
        assertEquals(8 * 32 + 9 * 2, img.getHeight());
        assertNotEquals(img.getRGB(2 + 16, 2 + 16), img.getRGB(0, 0), "an image is drawn inside the frame");
    }

    @Test
    void readsZFromNpyAndWritesRawOutputAsNpy() throws Exception {
        Path z = Fixtures.path("dcgan32nd/z.npy");
        Path out = tmp.resolve("out.npy");
        assertEquals(0, Cli.run("sample", "--model", Fixtures.path("dcgan32nd/netG.pth").toString(), "--z",
                z.toString(), "--npy", out.toString()));
        Npy.Array a = Npy.read(out);
        assertArrayEquals(new long[] {4, 1, 32, 32}, a.shape());
        assertEquals(0f, Fixtures.maxAbsDiff(Fixtures.npy("dcgan32nd/out.npy").data(), a.data()), 1e-4f);
    }

    @Test
    void aZOfTheWrongWidthIsRefused() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        assertEquals(2, Cli.run("sample", "--model", model.toString(), "--z",
                Fixtures.path("dcgan64/z.npy").toString(), "--npy", tmp.resolve("x.npy").toString()));
    }

    @Test
    void precisionBf16DrawsTheSameImagesWithinAFewLevelsAndAWrongValueIsNamed() throws Exception {
        // on every engine: the bfloat16 program gives oneDNN only multiples of 16 channels
        Path z = Fixtures.path("dcgan32nd/z.npy");
        Path out = tmp.resolve("bf.npy");
        try {
            assertEquals(0, Cli.run("--precision", "bf16", "sample", "--model",
                    Fixtures.path("dcgan32nd/netG.pth").toString(), "--z", z.toString(), "--npy", out.toString()));
            float d = Fixtures.maxAbsDiff(Fixtures.npy("dcgan32nd/out.npy").data(), Npy.read(out).data());
            assertTrue(d > 0 && d < 0.06f, "bfloat16 ran and stays within 0.06 of PyTorch's float32: " + d);
            CliRun bad = CliRun.inProcess("sample", "--precision", "half", "--model",
                    Fixtures.path("dcgan32nd/netG.pth").toString(), "--out", tmp.resolve("h.png").toString());
            assertEquals(2, bad.exitCode());
            assertTrue(bad.err().contains("precision must be auto, bf16 or fp32, got 'half'"), bad.err());
        } finally {
            System.setProperty(Precision.PROPERTY, "fp32"); // as the pom sets it for the whole suite
            Precision.set(Precision.FLOAT32);
        }
    }

    @Test
    void aBadModelExitsWithAnErrorNotAStackTrace() {
        assertEquals(1, Cli.run("sample", "--model", Fixtures.path("bad/text.pt").toString(), "--out",
                tmp.resolve("g.png").toString()));
    }
}
