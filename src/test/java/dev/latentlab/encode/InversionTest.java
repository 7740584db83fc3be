package dev.latentlab.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InversionTest {
    @TempDir
    Path dir;

    @Test
    void aVaeEncodesWithItsOwnEncoderAndSaysSo() {
        try (GanModel m = ModelStore.open(TinyModels.vae(dir.resolve("v"), "v", 5, null));
                ImageEncoder enc = ImageEncoder.of(m)) {
            assertTrue(enc.isVaeEncoder(), "a VAE's encoder.npz is its q(z|x), not a GAN's image encoder");
            assertFalse(ImageEncoder.exists(dir.resolve("v")), "train-encoder's loader leaves it alone");
            float[] x = m.generate(TinyModels.gaussian(TinyModels.NZ, 2), 1).images();
            Inversion.Result alone = Inversion.invert(m, enc, x, 1, Inversion.Settings.defaults().withSteps(0), null,
                    null);
            assertEquals(Inversion.Method.VAE_ENCODER, alone.method());
            assertArrayEquals(m.encodeMean(x, 1), alone.z(0), 1e-6f, "z = μ(x)");
            Inversion.Result refined = Inversion.invert(m, enc, x, 1, Inversion.Settings.defaults().withSteps(20),
                    null, null);
            assertEquals(Inversion.Method.VAE_HYBRID, refined.method());
            assertTrue(refined.psnr()[0] >= alone.psnr()[0] - 1e-6, "refining from μ(x) never ends worse");
        }
    }

    @Test
    void aModelWithTheStableRecipesDiscriminatorEncodesAndCopies() throws Exception {
        // the shipped faces64's D is spectrally normalised: its copies must be built as one (they were built
        // plain, and eval encode failed with "discriminator (copy) does not match the network")
        Path dir2 = TinyModels.writeSpectral(dir.resolve("sn"), dev.latentlab.nn.NetSpec.dcgan(32, 3, 8, 4, 4), 6);
        try (GanModel m = ModelStore.open(dir2)) {
            assertTrue(dev.latentlab.nn.Networks.isSpectral(m.discriminator().params().toArrays().keySet()));
            float[] x = m.generate(TinyModels.gaussian(8, 7), 1).images();
            Inversion.Result r = Inversion.invert(m, null, x, 1, Inversion.Settings.defaults().withSteps(5), null,
                    null);
            assertEquals(8, r.z().length);
            try (GanModel copy = m.copier(true).get()) {
                assertEquals(m.discriminator().params().toArrays().keySet(),
                        copy.discriminator().params().toArrays().keySet(), "the copy's D is the same network");
            }
        }
    }

    @Test
    void recoversTheGeneratorsOwnImage() {
        try (GanModel m = ModelStore.open(TinyModels.vivid(dir.resolve("m"), "vivid", 3))) {
            float[] zStar = TinyModels.gaussian(2 * TinyModels.NZ, 11);
            float[] x = m.generate(zStar, 2).images();
            Inversion.Result r = Inversion.invert(m, null, x, 2, Inversion.Settings.defaults(), null, null);
            assertEquals(Inversion.Method.OPTIMISATION, r.method());
            assertEquals(2 * TinyModels.NZ, r.z().length);
            float[] back = m.generate(r.z(), 2).images();
            for (int b = 0; b < 2; b++) {
                double mse = 0;
                int per = back.length / 2;
                for (int i = 0; i < per; i++) {
                    double d = back[b * per + i] - x[b * per + i];
                    mse += d * d;
                }
                double psnr = Inversion.psnr(mse / per);
                assertTrue(psnr >= 28, "image " + b + " reconstructed at " + psnr + " dB");
                assertEquals(psnr, r.psnr()[b], 0.01, "the reported PSNR is that of G(z)");
            }
        }
    }

    @Test
    void theNetworksParametersNeverChange() {
        try (GanModel m = ModelStore.open(TinyModels.vivid(dir.resolve("m"), "vivid", 4))) {
            Map<String, Npy.Array> g0 = m.generator().params().toArrays();
            Map<String, Npy.Array> d0 = m.discriminator().params().toArrays();
            float[] x = m.generate(TinyModels.gaussian(TinyModels.NZ, 5), 1).images();
            Inversion.invert(m, null, x, 1, Inversion.Settings.defaults().withSteps(20), null, null);
            assertSame(g0, m.generator().params().toArrays());
            assertSame(d0, m.discriminator().params().toArrays());
            for (var a : m.generator().params().trainableArrays()) {
                assertTrue(a.hasGradient(), "the model's own parameters keep their training setup");
            }
        }
    }

    private static void assertSame(Map<String, Npy.Array> a, Map<String, Npy.Array> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), 0f, k + " changed");
        }
    }

    @Test
    void cancelStopsTheSearchAtTheNextStep() {
        try (GanModel m = ModelStore.open(TinyModels.vivid(dir.resolve("m"), "vivid", 5))) {
            float[] x = m.generate(TinyModels.gaussian(TinyModels.NZ, 6), 1).images();
            AtomicBoolean cancel = new AtomicBoolean();
            AtomicInteger seen = new AtomicInteger();
            Inversion.Result r = Inversion.invert(m, null, x, 1, Inversion.Settings.defaults().withSteps(1000), p -> {
                seen.incrementAndGet();
                if (p.step() == 3) {
                    cancel.set(true);
                }
            }, cancel::get);
            assertTrue(r.cancelled());
            assertEquals(4, seen.get(), "no step runs after the cancel");
            assertEquals(4, r.stepsRun());
            assertTrue(Double.isFinite(r.psnr()[0]), "the best z so far is returned");
        }
    }

    @Test
    void cancelWhileTrainingHoldsTheCollectorEndsTheWait() throws Exception {
        try (GanModel m = ModelStore.open(TinyModels.vivid(dir.resolve("m"), "vivid", 6))) {
            float[] x = m.generate(TinyModels.gaussian(TinyModels.NZ, 7), 1).images();
            AtomicBoolean cancel = new AtomicBoolean();
            TorchRuntime.COLLECTOR_LOCK.lock(); // as a training step would
            CompletableFuture<Inversion.Result> f;
            try {
                f = CompletableFuture.supplyAsync(() -> Inversion.invert(m, null, x, 1,
                        Inversion.Settings.defaults(), null, cancel::get));
                Thread.sleep(300);
                assertFalse(f.isDone(), "the search waits for the collector");
                cancel.set(true);
                Inversion.Result r = f.get(30, TimeUnit.SECONDS);
                assertTrue(r.cancelled());
                assertEquals(0, r.stepsRun());
            } finally {
                TorchRuntime.COLLECTOR_LOCK.unlock();
            }
        }
    }
}
