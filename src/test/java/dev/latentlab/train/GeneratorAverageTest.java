package dev.latentlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's moving average: its arithmetic, and a run that saves and resumes it. */
class GeneratorAverageTest {
    @TempDir
    Path tmp;

    @Test
    void theAverageFollowsTheFormulaWithItsWarmUp() {
        NetSpec spec = NetSpec.dcgan(32, 1, 8, 4, 4);
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = Networks.generator(spec, m);
            Networks.initialize(g, new Random(1));
            Map<String, Npy.Array> start = g.params().toArrays();
            try (GeneratorAverage avg = new GeneratorAverage(g, 0.9, m)) {
                assertEquals(0.1, avg.decay(), 1e-12, "first decay (1 + 0) / (10 + 0)");
                assertArrayEquals(start.get("main.0.weight").data(), avg.net().params().toArrays().get("main.0.weight")
                        .data(), "starts as a copy of G");
                double expected0 = start.get("main.0.weight").data()[0];
                for (int t = 0; t < 30; t++) {
                    Networks.initialize(g, new Random(100 + t)); // a new G each step
                    float gi = g.params().toArrays().get("main.0.weight").data()[0];
                    double d = Math.min(0.9, (1.0 + t) / (10.0 + t));
                    assertEquals(d, avg.decay(), 1e-12);
                    avg.update(g);
                    expected0 = d * expected0 + (1 - d) * gi;
                }
                assertEquals(30, avg.updates());
                assertEquals(expected0, avg.net().params().toArrays().get("main.0.weight").data()[0], 1e-5);
                // buffers (BatchNorm statistics) are averaged too
                float before = avg.net().params().toArrays().get("main.1.running_var").data()[0];
                ai.djl.ndarray.NDArray var = g.params().get("main.1.running_var");
                float[] twos = new float[(int) var.size()];
                java.util.Arrays.fill(twos, 2f);
                var.set(twos);
                double d = avg.decay();
                avg.update(g);
                assertEquals(d * before + (1 - d) * 2, avg.net().params().toArrays().get("main.1.running_var").data()[0],
                        1e-5);
            }
            assertThrows(IllegalArgumentException.class, () -> new GeneratorAverage(g, 1.0, m));
        }
    }

    @Test
    void aRunWithAnAverageSavesItAsTheModelAndResumesIt() throws Exception {
        TrainConfig c = TrainingRunTest.tiny();
        c.ema = 0.9;
        c.maxIterations = 6;
        Path out = tmp.resolve("run");
        TrainingRun run = new TrainingRun(c, TrainingRunTest.digits256(), out, false, "test");
        TrainingRunTest.run(run);
        assertEquals(TrainingRun.State.FINISHED, run.state(), run.message());
        Path ckpt = out.resolve(Checkpoint.DIR);
        assertTrue(Files.isRegularFile(ckpt.resolve(Checkpoint.EMA)), "the checkpoint keeps the average");
        assertEquals(6, Checkpoint.readState(ckpt).emaUpdates);
        Map<String, Npy.Array> ema = Npy.readNpz(ckpt.resolve(Checkpoint.EMA));
        try (GanModel saved = ModelStore.open(out); GanModel raw = ModelStore.open(ckpt)) {
            float[] s = saved.generator().params().toArrays().get("main.0.weight").data();
            assertArrayEquals(ema.get("main.0.weight").data(), s, "the model folder's generator is the average");
            assertFalse(java.util.Arrays.equals(raw.generator().params().toArrays().get("main.0.weight").data(), s),
                    "the checkpoint's generator.npz is the raw G, not the average");
            assertNotNull(saved.info().provenance.config.get("ema"));
        }
        // resume two more iterations: the average continues from the saved one, not from G
        c.maxIterations = 8;
        TrainingRun more = new TrainingRun(c, TrainingRunTest.digits256(), out, true, "test --resume");
        TrainingRunTest.run(more);
        assertEquals(TrainingRun.State.FINISHED, more.state(), more.message());
        assertEquals(8, Checkpoint.readState(ckpt).emaUpdates, "6 saved + 2 more updates");
    }
}
