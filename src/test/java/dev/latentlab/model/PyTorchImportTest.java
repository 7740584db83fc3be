package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.Fixtures;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.DcganDiscriminator;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.TorchRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PyTorchImportTest {

    @ParameterizedTest(name = "{0}/{1} reproduces PyTorch's output (nz {2}, {3} channels, {4}x{4})")
    @CsvSource({"dcgan64, netG.pth, 100, 3, 64", "dcgan64, netG.pt, 100, 3, 64",
        "dcgan32nd, netG.pth, 20, 1, 32", "dcgan32nd, netG.pt, 20, 1, 32", "mlp, netG.pth, 16, 1, 28"})
    void importedGeneratorReproducesPyTorch(String set, String file, int nz, int channels, int size) {
        // a TorchScript file runs in libtorch as it is, past LatentLab's Convolution
        org.junit.jupiter.api.Assumptions.assumeTrue(!file.endsWith(".pt") || dev.latentlab.nn.EngineCheck.convolutionsSound(),
                dev.latentlab.nn.EngineCheck::advice);
        try (GanModel model = ModelStore.open(Fixtures.path(set + "/" + file))) {
            assertEquals(nz, model.nz());
            assertEquals(channels, model.spec().channels());
            assertEquals(size, model.spec().imageSize());
            Npy.Array z = Fixtures.npy(set + "/z.npy");
            Npy.Array want = Fixtures.npy(set + "/out.npy");
            Generated got = model.generate(z.data(), z.dim(0));
            assertEquals(want.data().length, got.images().length);
            float diff = Fixtures.maxAbsDiff(want.data(), got.images());
            assertTrue(diff < 1e-4, "max |difference| " + diff);
        }
    }

    @Test
    void dcgan32InfersNonDefaultWidthsFromShapes() {
        try (GanModel model = ModelStore.open(Fixtures.path("dcgan32nd/netG.pth"))) {
            assertArrayEquals(new int[] {24, 12, 6}, model.spec().gWidths());
            assertEquals(GanModel.Source.PTH, model.source());
        }
    }

    @ParameterizedTest(name = "{0} discriminator matches PyTorch (ndf {1})")
    @CsvSource({"dcgan64, 8, 3, 64", "dcgan32nd, 5, 1, 32"})
    void discriminatorMatchesPyTorch(String set, int ndf, int channels, int size) {
        NetSpec spec = NetSpec.dcgan(size, channels, 1, 1, ndf);
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganDiscriminator d = new DcganDiscriminator(spec, m);
            java.util.Map<String, Npy.Array> sd = new java.util.LinkedHashMap<>(PthReader.read(
                    Fixtures.path(set + "/netD.pth")));
            sd.keySet().removeIf(k -> k.endsWith("num_batches_tracked"));
            d.params().load(sd, "netD.pth");
            Npy.Array x = Fixtures.npy(set + "/d_x.npy");
            Npy.Array want = Fixtures.npy(set + "/d_out.npy");
            NDArray p = ai.djl.nn.Activation.sigmoid(d.logits(m.create(x.data(), new Shape(x.shape())), false));
            assertTrue(Fixtures.maxAbsDiff(want.data(), p.toFloatArray()) < 1e-4);
        }
    }
}
