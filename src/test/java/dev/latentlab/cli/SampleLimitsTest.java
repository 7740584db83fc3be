package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sample refuses what it cannot do well, before any work, and does large counts in bounded memory. */
class SampleLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void manySamplesAreDrawnInBatchesWithinASmallHeap() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        Path work = Files.createDirectories(tmp.resolve("w"));
        // 20,000 RGB 32x32 outputs are 246 MB as one array: one pass could not run in a 96 MB heap
        CliRun r = CliRun.newJvm(work, e -> false, Map.of("JAVA_TOOL_OPTIONS", "-Xmx96m"), 300, "sample",
                "--model", model.toString(), "--count", "20000", "--npy", tmp.resolve("many.npy").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("20000/20000 samples"), "it shows progress: " + r.err());
        Npy.Array many = Npy.read(tmp.resolve("many.npy"));
        assertArrayEquals(new long[] {20000, 3, 32, 32}, many.shape());

        // the batches draw the same z as one draw: the first images equal a run of 4
        assertEquals(0, Cli.run("sample", "--model", model.toString(), "--count", "4", "--npy",
                tmp.resolve("four.npy").toString()));
        float[] four = Npy.read(tmp.resolve("four.npy")).data();
        for (int i = 0; i < four.length; i++) {
            assertEquals(four[i], many.data()[i], 1e-4f);
        }
    }

    @Test
    void anImageTooLargeToHoldIsRefusedInWordsBeforeAnyWork() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        for (String scale : new String[] {"200", "100000"}) {
            CliRun r = CliRun.inProcess("sample", "--model", model.toString(), "--scale", scale, "--out",
                    tmp.resolve("big.png").toString());
            assertTrue(r.exitCode() != 0);
            assertTrue(r.err().contains("million pixels: lower --scale or the number of images"), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("big.png")));
    }

    @Test
    void aJpgNameIsRefusedRatherThanGivenPngBytes() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        CliRun r = CliRun.inProcess("sample", "--model", model.toString(), "--out", tmp.resolve("x.jpg").toString());
        assertTrue(r.exitCode() != 0);
        assertTrue(r.err().contains("x.jpg: LatentLab writes PNG images; give a name ending in .png"), r.err());
        assertFalse(Files.exists(tmp.resolve("x.jpg")));
    }

    @Test
    void aZWithNanOrInfinityOrNoRowsIsRefused() throws Exception {
        Path model = TinyModels.dcgan32(tmp.resolve("tiny"));
        float[] z = TinyModels.gaussian(2 * 16, 1);
        z[16 + 2] = Float.NaN;
        Npy.write(tmp.resolve("nan.npy"), new Npy.Array(new long[] {2, 16}, z));
        CliRun nan = CliRun.inProcess("sample", "--model", model.toString(), "--z", tmp.resolve("nan.npy").toString(),
                "--out", tmp.resolve("nan.png").toString());
        assertEquals(2, nan.exitCode());
        assertTrue(nan.err().contains("holds NaN at row 1, column 2"), nan.err());
        assertFalse(Files.exists(tmp.resolve("nan.png")), "no black images");

        Npy.write(tmp.resolve("empty.npy"), new Npy.Array(new long[] {0, 16}, new float[0]));
        CliRun empty = CliRun.inProcess("sample", "--model", model.toString(), "--z",
                tmp.resolve("empty.npy").toString(), "--npy", tmp.resolve("e.npy").toString());
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains("holds no latent vectors (0 rows)"), empty.err());
        assertFalse(Files.exists(tmp.resolve("e.npy")));
    }

    @Test
    void anEditOrNoiseThatOverflowsZIsRefusedInsteadOfDrawn() throws Exception {
        try (GanModel m = ModelStore.open(TinyModels.dcgan32(tmp.resolve("tiny")))) {
            float[] z = TinyModels.gaussian(16, 2);
            z[5] = (float) (z[5] + 1e300); // a step of 1e300 in float32: +infinity
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.generate(z, 1));
            assertTrue(e.getMessage().contains("+infinity at row 0, column 5"), e.getMessage());
        }
    }
}
