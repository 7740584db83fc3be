package dev.latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latentlab.Fixtures;
import dev.latentlab.io.Npy;
import dev.latentlab.model.PthReader;
import dev.latentlab.nn.DcganDiscriminator;
import dev.latentlab.nn.DcganGenerator;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.ParamSet;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainStepTest {

    static void loadPth(ParamSet params, String fixture) {
        Map<String, Npy.Array> sd = new LinkedHashMap<>(PthReader.read(Fixtures.path(fixture)));
        sd.keySet().removeIf(k -> k.endsWith("num_batches_tracked"));
        params.load(sd, fixture);
    }

    @Test
    void twoIterationsMatchPyTorchsLossesAndWeights() throws Exception {
        JsonArray expected = JsonParser.parseString(Files.readString(Fixtures.path("train_step/expected.json")))
                .getAsJsonArray();
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
            loadPth(g.params(), "train_step/netG.pth");
            loadPth(d.params(), "train_step/netD.pth");
            try (GanTrainer trainer = new GanTrainer(config, g, d, m, 1)) {
                for (int it = 0; it < 2; it++) {
                    JsonObject want = expected.get(it).getAsJsonObject();
                    GanTrainer.Step s = trainer.step(Fixtures.npy("train_step/x" + (it + 1) + ".npy").data(),
                            Fixtures.npy("train_step/z" + (it + 1) + ".npy").data());
                    String at = "iteration " + (it + 1) + ": ";
                    assertEquals(want.get("errD_real").getAsDouble(), s.lossDReal(), 1e-3, at + "loss_D real");
                    assertEquals(want.get("errD_fake").getAsDouble(), s.lossDFake(), 1e-3, at + "loss_D fake");
                    assertEquals(want.get("errG").getAsDouble(), s.lossG(), 1e-3, at + "loss_G");
                    assertEquals(want.get("D_x").getAsDouble(), s.dReal(), 1e-3, at + "D(x)");
                    assertEquals(want.get("D_G_z1").getAsDouble(), s.dFakeBefore(), 1e-3, at + "D(G(z)) before");
                    assertEquals(want.get("D_G_z2").getAsDouble(), s.dFakeAfter(), 1e-3, at + "D(G(z)) after");
                }
            }
            // the weights after two Adam steps: G's output in eval mode matches PyTorch's
            Npy.Array z1 = Fixtures.npy("train_step/z1.npy");
            float[] got;
            boolean grad = TorchRuntime.disableGrad();
            try (NDManager call = m.newSubManager()) {
                got = g.forward(call.create(z1.data(), new Shape(4, 8)), false, Hooks.none()).toFloatArray();
            } finally {
                TorchRuntime.restoreGrad(grad);
            }
            float diff = Fixtures.maxAbsDiff(Fixtures.npy("train_step/g_after_out.npy").data(), got);
            assertTrue(diff < 1e-4, "G after two steps differs by " + diff);
        }
    }
}
