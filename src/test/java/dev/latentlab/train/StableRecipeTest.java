package dev.latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latentlab.Fixtures;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.DcganDiscriminator;
import dev.latentlab.nn.DcganGenerator;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stable recipe's parts against PyTorch (tools/make_fixtures.py stable): each to 1e-4. */
class StableRecipeTest {
    private static final double TOL = 1e-4;

    private static TrainConfig tiny() {
        TrainConfig c = new TrainConfig();
        c.imageSize = 32;
        c.channels = 3;
        c.nz = 8;
        c.ngf = 4;
        c.ndf = 4;
        c.batchSize = 4;
        return c;
    }

    private static Map<String, Npy.Array> npz(String rel) throws Exception {
        return Npy.readNpz(Fixtures.path(rel));
    }

    private static void close(float[] want, float[] got, String what) {
        float diff = Fixtures.maxAbsDiff(want, got);
        assertTrue(diff < TOL, what + " differs from PyTorch's by " + diff);
    }

    @Test
    void spectralNormForwardGradientsAndPowerIterationMatchTorch() throws Exception {
        NetSpec spec = tiny().spec();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganDiscriminator d = new DcganDiscriminator(spec, m, true);
            d.params().load(npz("stable/sn_d.npz"), "sn_d.npz");
            NDArray x = m.create(Fixtures.npy("stable/sn_x.npy").data(), new Shape(4, 3, 32, 32));
            NDArray r = m.create(Fixtures.npy("stable/sn_r.npy").data());
            float[] out;
            // a parameter's gradient is accumulated into (as torch does): start from zero, as the trainer does
            new Adam(d.params(), 1, 0.5, 0.9).zeroGradients();
            TorchRuntime.COLLECTOR_LOCK.lock();
            try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                NDArray logits = d.logits(x, true);
                gc.backward(logits.mul(r).sum());
                out = logits.toFloatArray();
            } finally {
                TorchRuntime.COLLECTOR_LOCK.unlock();
            }
            close(Fixtures.npy("stable/sn_out.npy").data(), out, "D's logits (train mode)");
            Map<String, Npy.Array> grads = npz("stable/sn_grads.npz");
            assertEquals(6, grads.size()); // 4 weight_orig and the 2 middle biases
            for (var e : grads.entrySet()) {
                String name = e.getKey().substring(0, e.getKey().length() - "_grad".length());
                close(e.getValue().data(), d.params().get(name).getGradient().toFloatArray(), "∂/∂" + name);
            }
            for (var e : npz("stable/sn_uv_after.npz").entrySet()) {
                close(e.getValue().data(), d.params().get(e.getKey()).toFloatArray(), e.getKey() + " after one step");
            }
            boolean grad = TorchRuntime.disableGrad();
            try {
                close(Fixtures.npy("stable/sn_eval_out.npy").data(), d.logits(x, false).toFloatArray(),
                        "D's logits (eval mode)");
            } finally {
                TorchRuntime.restoreGrad(grad);
            }
        }
    }

    static DiffAugment.Draw draw(JsonObject o) {
        return new DiffAugment.Draw(floats(o.getAsJsonArray("brightness")), floats(o.getAsJsonArray("saturation")),
                floats(o.getAsJsonArray("contrast")), ints(o.getAsJsonArray("shift_x")),
                ints(o.getAsJsonArray("shift_y")), ints(o.getAsJsonArray("cutout_x")),
                ints(o.getAsJsonArray("cutout_y")));
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }

    private static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsInt();
        }
        return v;
    }

    @Test
    void diffAugmentAndItsGradientMatchTheReference() throws Exception {
        DiffAugment.Draw d = draw(JsonParser.parseString(Files.readString(Fixtures.path("stable/aug_draw.json")))
                .getAsJsonObject());
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            NDArray x = m.create(Fixtures.npy("stable/aug_x.npy").data(), new Shape(4, 3, 32, 32));
            x.setRequiresGradient(true);
            NDArray r = m.create(Fixtures.npy("stable/aug_r.npy").data(), new Shape(4, 3, 32, 32));
            float[] out;
            TorchRuntime.COLLECTOR_LOCK.lock();
            try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                NDArray y = DiffAugment.apply(x, DiffAugment.Policy.parse("color,translation,cutout"), d, m);
                gc.backward(y.mul(r).sum());
                out = y.toFloatArray();
            } finally {
                TorchRuntime.COLLECTOR_LOCK.unlock();
            }
            close(Fixtures.npy("stable/aug_out.npy").data(), out, "augmented images");
            close(Fixtures.npy("stable/aug_grad.npy").data(), x.getGradient().toFloatArray(), "∂/∂x");
        }
    }

    @Test
    void warmUpAndDecayFollowTorchsSchedulers() throws Exception {
        JsonObject want = JsonParser.parseString(Files.readString(Fixtures.path("stable/schedules.json")))
                .getAsJsonObject();
        for (String name : new String[] {"linear", "cosine"}) {
            TrainConfig c = new TrainConfig();
            c.lrDecay = TrainConfig.Decay.parse(name);
            c.decayFrom = 0.5;
            JsonArray lrs = want.getAsJsonArray(name);
            for (int i = 0; i < lrs.size(); i++) {
                assertEquals(lrs.get(i).getAsDouble(), c.learningRateFactor(i + 1, 20, 0, 5), 1e-9,
                        name + " at step " + i);
            }
        }
    }

    @Test
    void twoIterationsOfTheStableLoopMatchPyTorch() throws Exception {
        JsonArray expected = JsonParser.parseString(Files.readString(Fixtures.path("stable/loop_expected.json")))
                .getAsJsonArray();
        JsonArray draws = JsonParser.parseString(Files.readString(Fixtures.path("stable/loop_draws.json")))
                .getAsJsonArray();
        TrainConfig c = tiny().stable();
        c.ema = 0;
        c.diffAugment = "color,translation,cutout";
        c.validate();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganGenerator g = new DcganGenerator(c.spec(), m);
            DcganDiscriminator d = new DcganDiscriminator(c.spec(), m, true);
            g.params().load(npz("stable/loop_g.npz"), "loop_g.npz");
            d.params().load(npz("stable/loop_d.npz"), "loop_d.npz");
            Deque<DiffAugment.Draw> queue = new ArrayDeque<>();
            draws.forEach(o -> queue.add(draw(o.getAsJsonObject())));
            try (GanTrainer trainer = new GanTrainer(c, g, d, m, 1)) {
                trainer.augmentDraws(queue::poll);
                for (int it = 0; it < 2; it++) {
                    JsonObject want = expected.get(it).getAsJsonObject();
                    GanTrainer.Step s = trainer.step(Fixtures.npy("stable/loop_x" + (it + 1) + ".npy").data(),
                            Fixtures.npy("stable/loop_z" + (it + 1) + ".npy").data());
                    String at = "iteration " + (it + 1) + ": ";
                    double tol = TOL;
                    assertEquals(want.get("errD_real").getAsDouble(), s.lossDReal(), tol, at + "hinge loss_D real");
                    assertEquals(want.get("errD_fake").getAsDouble(), s.lossDFake(), tol, at + "hinge loss_D fake");
                    assertEquals(want.get("errG").getAsDouble(), s.lossG(), tol, at + "loss_G = −E[D(G(z))]");
                    assertEquals(want.get("D_x").getAsDouble(), s.dReal(), tol, at + "D(x)");
                    assertEquals(want.get("D_G_z2").getAsDouble(), s.dFakeAfter(), tol, at + "D(G(z)) in G's step");
                }
            }
            assertTrue(queue.isEmpty(), "every draw used, in order");
            for (var e : npz("stable/loop_d_after.npz").entrySet()) {
                close(e.getValue().data(), d.params().get(e.getKey()).toFloatArray(), e.getKey() + " after two steps");
            }
            boolean grad = TorchRuntime.disableGrad();
            try (NDManager call = m.newSubManager()) {
                float[] got = g.forward(call.create(Fixtures.npy("stable/loop_z1.npy").data(), new Shape(4, 8)), false,
                        Hooks.none()).toFloatArray();
                close(Fixtures.npy("stable/loop_g_after_out.npy").data(), got, "G (eval) after two steps");
            } finally {
                TorchRuntime.restoreGrad(grad);
            }
        }
    }

    @Test
    void theRecipeRefusesWhatItCannotDo() {
        TrainConfig c = tiny().stable();
        c.realLabel = 0.9;
        assertTrue(assertThrows(IllegalArgumentException.class, c::validate).getMessage().contains("hinge"));
        TrainConfig mlp = tiny();
        mlp.arch = "mlp";
        mlp.spectralNorm = true;
        assertThrows(IllegalArgumentException.class, mlp::validate);
        TrainConfig aug = tiny();
        aug.diffAugment = "colour,flip";
        assertTrue(assertThrows(IllegalArgumentException.class, aug::validate).getMessage().contains("flip"));
        assertEquals("non-saturating, minimax or hinge", assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.Loss.parse("minmax")).getMessage().replaceAll(".*\\((.*)\\)", "$1"));
    }

    @Test
    void collapseAlarmRingsWhenEverySampleIsOneImageAndNotBefore() {
        int n = 16;
        int per = 48;
        java.util.Random rng = new java.util.Random(3);
        float[] real = new float[n * per];
        for (int i = 0; i < real.length; i++) {
            real[i] = (float) rng.nextGaussian();
        }
        CollapseAlarm alarm = new CollapseAlarm(real, n, per);
        for (int it = 1; it <= 5; it++) {
            CollapseAlarm.Reading ok = alarm.check(it * 50, real, n, per);
            assertFalse(ok.collapsed(), "diverse samples: no alarm");
            assertEquals(1.0, ok.diversity(), 1e-9);
        }
        float[] same = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(real, 0, same, i * per, per);
        }
        CollapseAlarm.Reading bad = alarm.check(300, same, n, per);
        assertTrue(bad.collapsed());
        assertTrue(bad.why().contains("diversity"), bad.why());
        CollapseAlarm quiet = new CollapseAlarm(real, n, per);
        for (long it = 1; it <= CollapseAlarm.PATIENCE + 1; it++) {
            quiet.observe(it, 0.001);
        }
        assertTrue(quiet.check(CollapseAlarm.PATIENCE + 1, real, n, per).why().contains("D(G(z))"));
    }
}
