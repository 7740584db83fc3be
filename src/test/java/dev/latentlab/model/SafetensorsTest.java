package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.Fixtures;
import dev.latentlab.TinyModels;
import dev.latentlab.cli.Cli;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.NetSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * safetensors files written by tools/safetensors_fixtures.py (a writer that follows the format's
 * specification, from torch's own state_dict of fixtures/dcgan32nd/netG.pth) open as generators,
 * broken ones are refused by name, and LatentLab's export reads back unchanged.
 */
class SafetensorsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "netG_{0}.safetensors reproduces PyTorch's output {1}")
    @CsvSource({"F32, dcgan32nd/out.npy", "F64, dcgan32nd/out.npy", "F16, safetensors/out_F16.npy",
        "BF16, safetensors/out_BF16.npy"})
    void generatorFromSafetensorsReproducesPyTorch(String dtype, String expected) {
        try (GanModel model = ModelStore.open(Fixtures.path("safetensors/netG_" + dtype + ".safetensors"))) {
            assertEquals(GanModel.Source.SAFETENSORS, model.source());
            assertEquals(20, model.nz());
            assertArrayEquals(new int[] {24, 12, 6}, model.spec().gWidths());
            assertEquals(32, model.spec().imageSize());
            Npy.Array z = Fixtures.npy("dcgan32nd/z.npy");
            float diff = Fixtures.maxAbsDiff(Fixtures.npy(expected).data(), model.generate(z.data(), z.dim(0)).images());
            assertTrue(diff < 1e-4, "max |difference| " + diff);
        }
    }

    @Test
    void float32AndFloat64FilesHoldTorchsValuesExactlyAndTheMetadata() {
        Map<String, Npy.Array> torch = PthReader.read(Fixtures.path("dcgan32nd/netG.pth"));
        for (String dtype : new String[] {"F32", "F64"}) {
            SafetensorsFile.Contents c = SafetensorsFile.read(Fixtures.path("safetensors/netG_" + dtype + ".safetensors"));
            assertEquals(Map.of("format", "pt"), c.metadata());
            assertSameValues(torch, c.tensors());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "bad_short.safetensors | too short",
        "bad_truncated.safetensors | truncated",
        "bad_header_past_end.safetensors | runs past the end of the file",
        "bad_not_json.safetensors | not valid JSON",
        "bad_dtype.safetensors | unknown dtype",
        "bad_huge_shape.safetensors | huge shape",
        "bad_overlap.safetensors | overlap",
        "bad_out_of_range.safetensors | out of range",
        "bad_size_mismatch.safetensors | not matching its shape"})
    void brokenFilesAreRefusedWithTheFileAndTheProblem(String file, String problem) {
        ModelException e = assertThrows(ModelException.class,
                () -> ModelStore.open(Fixtures.path("safetensors/" + file)));
        assertTrue(e.getMessage().contains(file), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "says '" + problem + "': " + e.getMessage());
    }

    @Test
    void exportWritesSafetensorsThatReadBackIdentical() throws Exception {
        Path dir = TinyModels.write(tmp.resolve("tiny"), NetSpec.dcgan(32, 3, 12, 8, 8), 3);
        Path out = tmp.resolve("out");
        assertEquals(0, Cli.run("export", "--model", dir.toString(), "--format", "safetensors", "--out", out.toString()));
        try (GanModel m = ModelStore.open(dir); GanModel back = ModelStore.open(out.resolve("netG.safetensors"))) {
            assertSameValues(m.generator().params().toArrays(), SafetensorsFile.read(out.resolve("netG.safetensors")).tensors());
            assertSameValues(m.discriminator().params().toArrays(),
                    SafetensorsFile.read(out.resolve("netD.safetensors")).tensors());
            float[] z = TinyModels.gaussian(2 * 12, 4);
            assertArrayEquals(m.generate(z, 2).images(), back.generate(z, 2).images());
        }
        byte[] bytes = Files.readAllBytes(out.resolve("netG.safetensors"));
        long header = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, header % 8, "the header is padded to 8 bytes, as the reference writer pads it");
        assertTrue(new String(bytes, 8, (int) header, java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"__metadata__\":{\"format\":\"pt\"}"));
    }

    @Test
    void aPyTorchFixtureExportedAsSafetensorsStillReproducesPyTorch() throws Exception {
        Path out = tmp.resolve("st");
        assertEquals(0, Cli.run("export", "--model", Fixtures.path("dcgan32nd/netG.pth").toString(),
                "--format", "safetensors", "--out", out.toString()));
        try (GanModel model = ModelStore.open(out.resolve("netG.safetensors"))) {
            Npy.Array z = Fixtures.npy("dcgan32nd/z.npy");
            float diff = Fixtures.maxAbsDiff(Fixtures.npy("dcgan32nd/out.npy").data(),
                    model.generate(z.data(), z.dim(0)).images());
            assertTrue(diff < 1e-4, "max |difference| " + diff);
        }
    }

    /** Every float tensor of {@code want} is in {@code got} with the same shape and bits (num_batches_tracked aside). */
    private static void assertSameValues(Map<String, Npy.Array> want, Map<String, Npy.Array> got) {
        for (Map.Entry<String, Npy.Array> e : want.entrySet()) {
            if (e.getKey().endsWith("num_batches_tracked")) {
                continue;
            }
            Npy.Array g = got.get(e.getKey());
            assertTrue(g != null, "missing " + e.getKey());
            assertArrayEquals(e.getValue().shape(), g.shape(), e.getKey());
            assertArrayEquals(e.getValue().data(), g.data(), 0f, e.getKey());
        }
    }
}
