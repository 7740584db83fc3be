package dev.latentlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latentlab.Fixtures;
import dev.latentlab.nn.DcganDiscriminator;
import dev.latentlab.nn.DcganGenerator;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.ParamSet;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The five steps against PyTorch: same weights, same batch (tools/make_fixtures.py step_through). */
class StepThroughTest {

    @Test
    void fiveStepsMatchPyTorchsValuesAndPerLayerGradientNorms() throws Exception {
        JsonObject want = JsonParser.parseString(Files.readString(Fixtures.path("step_through/expected.json")))
                .getAsJsonObject();
        TrainConfig config = new TrainConfig();
        config.imageSize = 32;
        config.channels = 1;
        config.nz = 8;
        config.ngf = 4;
        config.ndf = 4;
        config.batchSize = 4;
        NetSpec spec = config.spec();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganGenerator g = new DcganGenerator(spec, m);
            DcganDiscriminator d = new DcganDiscriminator(spec, m);
            TrainStepTest.loadPth(g.params(), "step_through/netG.pth");
            TrainStepTest.loadPth(d.params(), "step_through/netD.pth");
            try (GanTrainer trainer = new GanTrainer(config, g, d, m, 1)) {
                StepThrough st = new StepThrough(config, g, d, trainer.adamG(), trainer.adamD(), m,
                        Fixtures.npy("step_through/x.npy").data(), Fixtures.npy("step_through/z.npy").data());
                StepThrough.Report r = st.next();
                assertEquals(StepThrough.Stage.Z, r.stage());
                assertArrayEquals(Fixtures.npy("step_through/z.npy").data(), r.z());
                assertNull(r.fakes());
                r = st.next();
                assertEquals(StepThrough.Stage.G_OF_Z, r.stage());
                assertEquals(4 * 32 * 32, r.fakes().length);
                r = st.next();
                assertEquals(StepThrough.Stage.D_OUTPUTS, r.stage());
                for (int i = 0; i < 4; i++) {
                    assertEquals(want.getAsJsonArray("d_real").get(i).getAsDouble(), r.dReal()[i], 1e-4, "D(x) " + i);
                    assertEquals(want.getAsJsonArray("d_fake").get(i).getAsDouble(), r.dFake()[i], 1e-4, "D(G(z)) " + i);
                }
                r = st.next();
                assertEquals(StepThrough.Stage.LOSSES, r.stage());
                assertEquals(want.get("bce_real").getAsDouble(), r.bceReal(), 1e-4, "BCE(D(x), 1)");
                assertEquals(want.get("bce_fake").getAsDouble(), r.bceFake(), 1e-4, "BCE(D(G(z)), 0)");
                assertEquals(want.get("bce_g").getAsDouble(), r.bceG(), 1e-4, "BCE(D(G(z)), 1)");
                assertNull(r.gFromLossG());
                r = st.next();
                assertEquals(StepThrough.Stage.BACKWARD, r.stage());
                assertTrue(r.finished());
                assertNorms(want.getAsJsonObject("g_from_loss_g"), r.gFromLossG(), "G from loss_G");
                assertNorms(want.getAsJsonObject("d_from_loss_g"), r.dFromLossG(), "D from loss_G (discarded)");
                assertNorms(want.getAsJsonObject("d_from_loss_d"), r.dFromLossD(), "D from loss_D");
                // D's gradients from loss_G were real (non-zero) and yet D did not move at G's step
                assertTrue(r.dFromLossG().get("main.0.weight") > 0.1);
                assertEquals(0.0, r.dChangeAtGStep(), 0.0, "D's weights at G's step");
                assertTrue(r.gChangeAtGStep() > 1e-5, "G moved");
                assertTrue(r.dChangeAtDStep() > 1e-5, "D moved at its own step");
            }
            // and both networks end where PyTorch's do
            assertSameWeights(g.params(), "step_through/netG_after.pth");
            assertSameWeights(d.params(), "step_through/netD_after.pth");
        }
    }

    private static void assertNorms(JsonObject want, Map<String, Double> got, String what) {
        assertNotNull(got, what);
        assertEquals(want.keySet(), got.keySet(), what + ": parameter names");
        for (String k : want.keySet()) {
            assertEquals(want.get(k).getAsDouble(), got.get(k), 1e-4, what + ": " + k);
        }
    }

    private static void assertSameWeights(ParamSet p, String fixture) {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            ParamSet ref = new ParamSet(m);
            for (String name : p.trainableNames()) {
                ref.addParameter(name, p.get(name).getShape());
            }
            for (String name : p.all().keySet()) {
                if (!p.trainableNames().contains(name)) {
                    ref.addBuffer(name, p.get(name).getShape(), 0f);
                }
            }
            TrainStepTest.loadPth(ref, fixture);
            for (String name : p.trainableNames()) {
                float diff = Fixtures.maxAbsDiff(ref.get(name).toFloatArray(), p.get(name).toFloatArray());
                assertTrue(diff < 1e-5, fixture + " " + name + " differs by " + diff);
            }
        }
    }
}
