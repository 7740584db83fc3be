package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NetSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face a model opens on: chosen by a stated rule, stored in model.json, used by every opener. */
class StartChoiceTest {
    @TempDir
    Path tmp;

    @Test
    void theChosenStartIsTheSmallestClearSampleAndTheModelOpensOnIt() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tinyfaces"), NetSpec.dcgan(64, 3, 16, 8, 8), 3);
        try (GanModel m = ModelStore.open(model)) {
            assertArrayEquals(Prior.sample(16, new Random(1)), m.startZ(), "no start chosen: the seeded prior sample");
        }
        Path shipped = Classifiers.locate(ClassifierInfo.Kind.FACES);
        // a field this LatentLab does not know, with an integer: both must survive as written
        Path json = model.resolve(ModelStore.INFO);
        Files.writeString(json, Files.readString(json, StandardCharsets.UTF_8).replaceFirst("\\{",
                "{\"extra\": {\"batchSize\": 64},"), StandardCharsets.UTF_8);
        com.google.gson.JsonObject before = com.google.gson.JsonParser.parseString(
                Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        // at sure 0.5 every candidate is "clear", so the rule picks the smallest |z| of all
        EvalCommandTest.Run r = EvalCommandTest.cli("choose-start", "--model", model.toString(), "--candidates", "50",
                "--reader", shipped.toString(), "--sure", "0.5", "--quiet");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("rank 1 of 50"), r.out());
        Random rng = new Random(1);
        float[] smallest = null;
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            float[] z = Prior.sample(16, rng);
            double n = 0;
            for (float v : z) {
                n += v * v;
            }
            if (n < best) {
                best = n;
                smallest = z;
            }
        }
        com.google.gson.JsonObject after = com.google.gson.JsonParser.parseString(
                Files.readString(model.resolve(ModelStore.INFO), StandardCharsets.UTF_8)).getAsJsonObject();
        after.remove("start");
        assertEquals(before, after, "every other field of model.json is kept as it was");
        assertTrue(Files.readString(json, StandardCharsets.UTF_8).contains("\"batchSize\": 64\n"),
                "an integer stays an integer");
        try (GanModel m = ModelStore.open(model)) {
            assertArrayEquals(smallest, m.startZ());
            assertNotNull(m.info().start.chosenBy);
            assertTrue(m.info().start.chosenBy.contains("choose-start"), m.info().start.chosenBy);
        }
    }

    @Test
    void aStartOfTheWrongLengthIsRefusedNamingTheFile() throws Exception {
        Path model = TinyModels.write(tmp.resolve("bad"), NetSpec.dcgan(64, 3, 16, 8, 8), 3);
        Path json = model.resolve(ModelStore.INFO);
        String s = Files.readString(json, StandardCharsets.UTF_8);
        Files.writeString(json, s.replaceFirst("\\{", "{\"start\": {\"z\": [1, 2, 3]},"), StandardCharsets.UTF_8);
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(model).close());
        assertTrue(e.getMessage().contains("model.json") && e.getMessage().contains("start.z"), e.getMessage());
    }
}
