package dev.latentlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelStore;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VAE trained by the same run as the GANs: its ELBO falls, its folder opens everywhere and round-trips. */
class VaeRunTest {
    @TempDir
    Path tmp;

    static TrainConfig tinyVae(String arch) {
        TrainConfig c = TrainingRunTest.tiny();
        c.arch = arch;
        c.lrD = 1e-3;
        c.lrG = 1e-3;
        c.beta1 = 0.9;
        return c;
    }

    static double meanNegElbo(List<IterationRecord> rs) {
        return rs.stream().mapToDouble(IterationRecord::negElbo).average().orElseThrow();
    }

    @Test
    void aShortRunOnBuiltInDigitsLowersTheNegativeElbo() throws Exception {
        TrainConfig c = tinyVae("vae");
        c.epochs = 3; // 8 iterations per epoch
        Path out = tmp.resolve("vae");
        TrainingRun run = new TrainingRun(c, TrainingRunTest.digits256(), out, false, "test");
        List<IterationRecord> rs = TrainingRunTest.run(run);
        assertEquals(TrainingRun.State.FINISHED, run.state(), run.message());
        assertEquals(24, rs.size());
        for (IterationRecord r : rs) {
            assertTrue(r.isVae() && r.isFinite(), "a VAE's record: " + r);
            assertTrue(r.recon() > 0 && r.kl() >= 0, "Bernoulli recon and KL are non-negative: " + r);
            assertEquals(r.recon() + r.kl(), r.lossG(), 1e-3 * r.lossG(), "β = 1: the loss is the negative ELBO");
        }
        double first = meanNegElbo(rs.subList(0, 4));
        double last = meanNegElbo(rs.subList(20, 24));
        assertTrue(last < 0.8 * first, "the negative ELBO falls: " + first + " → " + last + " nats");
        List<String> csv = Files.readAllLines(out.resolve("train.csv"));
        assertEquals(IterationRecord.csvHeader(true), csv.get(0));
        BufferedImage rec = ImageIO.read(out.resolve("reconstructions.png").toFile());
        assertEquals(8 * 28 + 9 * 2, rec.getWidth(), "pairs of target and reconstruction, 8 per row");
        try (GanModel m = ModelStore.open(out)) {
            assertTrue(m.isVae());
            assertNull(m.discriminator());
            assertEquals("bernoulli", m.info().vae.likelihood, "gray digits: Bernoulli");
            float[] mu = m.encodeMean(TrainingRun.fixedImages(TrainingRunTest.digits256(), 2).images(), 2);
            assertEquals(2 * 16, mu.length);
            assertNotNull(m.generate(mu, 2));
        }
    }

    @Test
    void theModelFolderRoundTripsBitForBitAndResumeContinues() throws Exception {
        TrainConfig c = tinyVae("mlp-vae");
        c.maxIterations = 4;
        Path out = tmp.resolve("mlp-vae");
        TrainingRunTest.run(new TrainingRun(c, TrainingRunTest.digits256(), out, false, "first"));
        Path copy = tmp.resolve("copy");
        try (GanModel m = ModelStore.open(out)) {
            assertTrue(m.isVae());
            ModelStore.save(m, copy);
        }
        assertEquals(Files.readString(out.resolve("model.json")), Files.readString(copy.resolve("model.json")));
        for (String f : new String[] {"generator.npz", "encoder.npz", "model.json"}) {
            assertArrayEquals(Files.readAllBytes(out.resolve(f)), Files.readAllBytes(copy.resolve(f)), f);
        }
        TrainConfig more = Checkpoint.readState(Checkpoint.find(out)).config;
        more.maxIterations = 7;
        TrainingRun second = new TrainingRun(more, TrainingRunTest.digits256(), out, true, "second");
        List<IterationRecord> rs = TrainingRunTest.run(second);
        assertEquals(TrainingRun.State.FINISHED, second.state(), second.message());
        assertEquals(5, rs.get(0).iteration());
        try (GanModel m = ModelStore.open(out)) {
            assertEquals("first ; resumed: second", m.info().provenance.command);
        }
    }

    @Test
    void aMissingEncoderOrAnUnknownKindIsNamed() throws Exception {
        TrainConfig c = tinyVae("vae");
        c.maxIterations = 1;
        Path out = tmp.resolve("vae");
        TrainingRunTest.run(new TrainingRun(c, TrainingRunTest.digits256(), out, false, "t"));
        Files.delete(out.resolve("encoder.npz"));
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(out));
        assertTrue(e.getMessage().contains("encoder.npz is missing"), e.getMessage());
        Path json = out.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"kind\": \"vae\"", "\"kind\": \"flow\""));
        e = assertThrows(ModelException.class, () -> ModelStore.open(out));
        assertTrue(e.getMessage().contains("kind 'flow'") && e.getMessage().contains("model.json"), e.getMessage());
    }
}
