package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latentlab.Fixtures;
import dev.latentlab.TinyModels;
import dev.latentlab.cli.Cli;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.ParamSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PyTorchExportTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}: netG.pth and netD.pth read back bit-identical, BatchNorms with num_batches_tracked")
    @ValueSource(strings = {"dcgan", "mlp"})
    void exportedCheckpointReadsBackBitIdentical(String arch) throws Exception {
        NetSpec spec = arch.equals("dcgan") ? NetSpec.dcgan(32, 3, 12, 8, 8)
                : NetSpec.mlp(28, 1, 12, new int[] {32, 64}, new int[] {48});
        Path dir = TinyModels.write(tmp.resolve("tiny-" + arch), spec, 3);
        try (GanModel m = ModelStore.open(dir)) {
            PyTorchExport.write(m, tmp.resolve("out"));
            assertBitIdentical(m.generator().params(), PthReader.read(tmp.resolve("out/netG.pth")));
            assertBitIdentical(m.discriminator().params(), PthReader.read(tmp.resolve("out/netD.pth")));
        }
    }

    private static void assertBitIdentical(ParamSet want, Map<String, Npy.Array> got) {
        Map<String, Npy.Array> w = want.toArrays();
        int batchNorms = 0;
        for (Map.Entry<String, Npy.Array> e : got.entrySet()) {
            if (e.getKey().endsWith("num_batches_tracked")) {
                assertEquals(0, e.getValue().shape().length, e.getKey() + " is a 0-dim tensor");
                batchNorms++;
                continue;
            }
            Npy.Array a = w.get(e.getKey());
            assertTrue(a != null, "unexpected key " + e.getKey());
            assertArrayEquals(a.shape(), e.getValue().shape(), e.getKey());
            for (int i = 0; i < a.data().length; i++) {
                assertEquals(Float.floatToRawIntBits(a.data()[i]), Float.floatToRawIntBits(e.getValue().data()[i]),
                        e.getKey() + "[" + i + "]");
            }
        }
        assertEquals(w.size(), got.size() - batchNorms, "every tensor is in the checkpoint");
        assertEquals(w.keySet().stream().filter(k -> k.endsWith("running_var")).count(), batchNorms);
    }

    /**
     * tools/make_fixtures.py roundtrip: real PyTorch (torch.load + load_state_dict, as
     * pytorch/examples dcgan/main.py does) loaded `latentlab export` of the shipped models and
     * recorded G(z) and D(x). The files exported now must be the very files it loaded (same
     * SHA-256), and LatentLab's outputs must match PyTorch's.
     */
    @ParameterizedTest(name = "PyTorch loaded the export of models/{0} and computes what LatentLab computes")
    @ValueSource(strings = {"faces64", "digits-mlp"})
    void pyTorchReproducesTheExportedModel(String model) throws Exception {
        Path out = tmp.resolve(model);
        assertEquals(0, Cli.run("export", "--model", "models/" + model, "--out", out.toString()));
        JsonObject meta = JsonParser.parseString(Files.readString(Fixtures.path("roundtrip/" + model + ".json")))
                .getAsJsonObject();
        for (String f : new String[] {"netG.pth", "netD.pth"}) {
            assertEquals(meta.get(f + " sha256").getAsString(), sha256(out.resolve(f)),
                    f + " differs from the file PyTorch loaded (rerun tools/make_fixtures.py roundtrip if models/"
                            + model + " changed)");
        }
        try (GanModel m = ModelStore.open(Path.of("models", model))) {
            Npy.Array z = Fixtures.npy("roundtrip/" + model + "_z.npy");
            float gDiff = Fixtures.maxAbsDiff(Fixtures.npy("roundtrip/" + model + "_out.npy").data(),
                    m.generate(z.data(), z.dim(0)).images());
            assertTrue(gDiff < 1e-4, "G: max |LatentLab − PyTorch| " + gDiff);
            Npy.Array x = Fixtures.npy("roundtrip/" + model + "_d_x.npy");
            try (var frame = m.manager().newSubManager()) {
                NDArray p = ai.djl.nn.Activation.sigmoid(
                        m.discriminator().logits(frame.create(x.data(), new Shape(x.shape())), false));
                float dDiff = Fixtures.maxAbsDiff(Fixtures.npy("roundtrip/" + model + "_d_out.npy").data(),
                        p.toFloatArray());
                assertTrue(dDiff < 1e-4, "D: max |LatentLab − PyTorch| " + dDiff);
            }
        }
    }

    @Test
    void npzFormatWritesAModelFolderThatOpensAgain() throws Exception {
        Path dir = TinyModels.write(tmp.resolve("tiny"), NetSpec.dcgan(32, 1, 8, 4, 4), 5);
        Path out = tmp.resolve("copy");
        assertEquals(0, Cli.run("export", "--model", dir.toString(), "--format", "npz", "--out", out.toString()));
        try (GanModel a = ModelStore.open(dir); GanModel b = ModelStore.open(out)) {
            float[] z = new float[8];
            z[3] = 1;
            assertArrayEquals(a.generate(z, 1).images(), b.generate(z, 1).images());
        }
    }

    @Test
    void badArgumentsAreNamedNotStackTraces() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertEquals(2, Cli.run("export", "--model", "models/digits", "--out", file.toString()));
        assertEquals(1, Cli.run("export", "--model", tmp.resolve("nothing").toString(), "--out",
                tmp.resolve("o").toString()));
        assertEquals(2, Cli.run("export", "--model", "models/digits", "--format", "onnx", "--out",
                tmp.resolve("o").toString()));
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}
