package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scripted inference pass (TorchScript program dcgan_runner.pt fed the folded weights): in
 * float32 it is LatentLab's own folded pass to rounding, in bfloat16 within a few 8-bit levels,
 * and it follows the weights when they change.
 */
class ScriptedInferenceTest {
    private static float[] z(int n, int nz, long seed) {
        Random r = new Random(seed);
        float[] z = new float[n * nz];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        return z;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "output sizes");
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** A randomly initialised DCGAN of this shape and a batch of n latent vectors, autograd off. */
    private interface WithGenerator {
        void run(DcganGenerator g, NDArray z);
    }

    private static void withGenerator(int size, int channels, int n, WithGenerator body) {
        NetSpec spec = NetSpec.dcgan(size, channels, 12, 8, 8);
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganGenerator g = new DcganGenerator(spec, m);
            Networks.initialize(g, new Random(3));
            boolean grad = TorchRuntime.disableGrad();
            try (NDManager call = m.newSubManager()) {
                body.run(g, call.create(z(n, 12, 4), new Shape(n, 12)));
            } finally {
                TorchRuntime.restoreGrad(grad);
                g.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}x{0}x{1}")
    @CsvSource({"64, 3", "28, 1", "32, 3"})
    void float32ScriptIsTheFoldedPassAndBfloat16StaysClose(int size, int channels) {
        withGenerator(size, channels, 5, (g, z) -> {
            NDArray own = g.forward(z, false, Hooks.none());
            NDArray f32 = g.scripted(Precision.FLOAT32).forward(z);
            NDArray bf = g.infer(z, Precision.BFLOAT16);
            assertEquals(own.getShape(), f32.getShape());
            assertEquals(own.getShape(), bf.getShape());
            assertTrue(maxDiff(own.toFloatArray(), f32.toFloatArray()) < 1e-5, "float32 script = own pass");
            double d = maxDiff(own.toFloatArray(), bf.toFloatArray());
            assertTrue(d > 0, "bfloat16 really ran (the output is not float32's to the bit)");
            assertTrue(d < 0.06, "bfloat16 within 0.06 of float32, got " + d);
        });
    }

    /**
     * A plain float32 pass runs the script where the script is the own pass (channel counts of 16 or
     * fewer or multiples of 16), and the own pass elsewhere; either way the images are the own pass's.
     */
    @ParameterizedTest(name = "ngf {0}")
    @CsvSource({"8, true", "3, false"})
    void plainFloat32PassesRunTheScriptOnlyWhereItIsTheOwnPass(int ngf, boolean scripted) {
        NetSpec spec = NetSpec.dcgan(64, 3, 12, ngf, 8);
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganGenerator g = new DcganGenerator(spec, m);
            Networks.initialize(g, new Random(3));
            assertEquals(scripted, g.scriptsFloat32(), "widths " + java.util.Arrays.toString(spec.gWidths()));
            boolean grad = TorchRuntime.disableGrad();
            try (NDManager call = m.newSubManager()) {
                NDArray z = call.create(z(3, 12, 5), new Shape(3, 12));
                float[] own = g.forward(z, false, Hooks.none()).toFloatArray();
                float[] plain = g.infer(z, Precision.FLOAT32).toFloatArray();
                assertTrue(maxDiff(own, plain) < 1e-5, "infer(float32) draws the own pass's images");
            } finally {
                TorchRuntime.restoreGrad(grad);
                g.close();
            }
        }
    }

    /**
     * The removal search's trials: the images from a later stage's pre-activation. The program's
     * float32 from_pre is the own split pass; in bfloat16 the split pass runs it, close to float32,
     * except where a hook acts on a later layer (then it is the own float32 pass, mask applied).
     */
    @Test
    void theSplitPassRunsItsLaterStagesInBfloat16OnlyWhereNoHookActsOnThem() {
        withGenerator(64, 3, 5, (g, z) -> {
            NDArray h = g.trunk(z, 1, Hooks.none());
            NDArray pre = g.nextPre(h, 1);
            float[] own = g.fromPre(pre, 1, Hooks.none()).toFloatArray();
            assertTrue(maxDiff(own, g.forward(z, false, Hooks.none()).toFloatArray()) < 1e-5, "split = whole pass");
            assertTrue(maxDiff(own, g.scripted(Precision.FLOAT32).fromPre(pre, 2).toFloatArray()) < 1e-5,
                    "the program's float32 from_pre is the own split pass");
            assertEquals(own.length, g.fromPre(pre, 1, Hooks.none(), Precision.FLOAT32).toFloatArray().length);
            float[] bf = g.fromPre(pre, 1, Hooks.none(), Precision.BFLOAT16).toFloatArray();
            double d = maxDiff(own, bf);
            assertTrue(d > 0 && d < 0.06, "the later stages ran in bfloat16, within 0.06 of float32: " + d);
            java.util.BitSet half = new java.util.BitSet();
            half.set(0, 8);
            Hooks later = new Hooks(ChannelMask.none().withLayer(2, half), Set.of()); // 8 of layer 2's 16 channels
            float[] masked = g.fromPre(pre, 1, later).toFloatArray();
            assertTrue(maxDiff(own, masked) > 1e-4, "the later layer's removal changes the images");
            assertEquals(0.0, maxDiff(masked, g.fromPre(pre, 1, later, Precision.BFLOAT16).toFloatArray()),
                    "with a removal after the layer the pass stays the own float32 one, removal applied");
        });
    }

    @Test
    void theScriptFollowsTheWeightsWhenTheyChange() {
        withGenerator(32, 3, 2, (g, z) -> {
            float[] before = g.scripted(Precision.FLOAT32).forward(z).toFloatArray();
            scaleWeights(g, 8); // new weights (and a visible image), a new parameter version
            float[] own = g.forward(z, false, Hooks.none()).toFloatArray();
            float[] after = g.scripted(Precision.FLOAT32).forward(z).toFloatArray();
            assertTrue(maxDiff(before, own) > 1e-3, "the new weights change the image");
            assertTrue(maxDiff(own, after) < 1e-5, "and the script uses the new weights");
        });
    }

    private static void scaleWeights(DcganGenerator g, float by) {
        for (var e : g.params().all().entrySet()) {
            if (e.getValue().getShape().dimension() == 4) {
                float[] v = e.getValue().toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] *= by;
                }
                e.getValue().set(v);
            }
        }
        g.params().touch();
    }

    @Test
    void theShippedFacesModelDrawsTheSameFacesInBfloat16() {
        // on every engine, the one that fails EngineCheck too (the program pads its channel counts to 16)
        Precision was = Precision.current();
        try (GanModel model = ModelStore.open(Path.of("models/faces64"))) {
            float[] zs = z(8, model.nz(), 7);
            Precision.set(Precision.FLOAT32);
            float[] f32 = model.generate(zs, 8).images();
            Precision.set(Precision.BFLOAT16);
            float[] bf = model.generate(zs, 8).images();
            double d = maxDiff(f32, bf);
            double mean = 0;
            for (int i = 0; i < f32.length; i++) {
                mean += Math.abs(f32[i] - bf[i]) / f32.length;
            }
            assertTrue(d > 0 && d < 0.06, "generate follows the process precision; max |diff| " + d);
            assertTrue(mean < 0.005, "mean |diff| under 2/3 of an 8-bit level, got " + mean);
        } finally {
            Precision.set(was);
        }
    }

    @Test
    void autoMeansTheMeasuredChoiceWhereTheCpuHasBfloat16InstructionsAndFloat32Elsewhere() {
        // with bfloat16 instructions, auto is what PrecisionProbe measured on this machine (bfloat16 only where
        // its images agree with float32's and it is faster)
        assertEquals(Precision.autoChoice().precision(), Precision.resolve("auto", Set.of("avx512f", "amx_bf16", "amx_tile")));
        assertEquals(Precision.FLOAT32, Precision.resolve("auto", Set.of("avx512f", "avx2")));
        assertEquals(Precision.FLOAT32, Precision.resolve("fp32", Set.of("amx_bf16")));
        assertEquals(Precision.BFLOAT16, Precision.resolve("bf16", Set.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Precision.resolve("half", Set.of()));
        assertTrue(e.getMessage().contains("auto, bf16 or fp32"), e.getMessage());
    }
}
