package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a machine without tools/facegen's faces64h folder, the shipped faces models are measured
 * against the reference set shipped with them, and every command says so.
 */
class ReferenceSetCommandTest {
    private static final String NOTE = "real images: builtin:faces64h-reference (2000 held-out images of faces64h's "
            + "recipe, generator seed 7), because faces64h's training images";

    @TempDir
    Path tmp;

    @Test
    void evalPrintsFdPrecisionAndRecallAgainstTheReferenceSet() throws Exception {
        Path gan = withoutItsData(Path.of("models/faces64"), "gan");
        CliRun r = CliRun.inProcess("eval", "--model", gan.toString(), "--samples", "24", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(NOTE), r.out());
        assertTrue(!r.out().contains("UNAVAILABLE"), r.out());
        for (String figure : List.of("fd", "precision", "recall", "rate.Smiling.real")) {
            String line = lines(r).stream().filter(l -> l.startsWith(figure + " ")).findFirst().orElseThrow(
                    () -> new AssertionError("no " + figure + " in\n" + r.out()));
            assertTrue(Double.isFinite(Double.parseDouble(line.trim().split("\\s+")[1])), line);
        }
    }

    @Test
    void evalCompareMeasuresTheGanAndTheVaeAndTheVaesHeldOutElbo() throws Exception {
        Path gan = withoutItsData(Path.of("models/faces64"), "gan");
        Path vae = withoutItsData(Path.of("models/faces64-vae"), "vae");
        CliRun r = CliRun.inProcess("eval", "compare", "--models", gan + "," + vae, "--samples", "20",
                "--held-out-samples", "8", "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("# real        builtin:faces64h-reference"), r.out());
        assertTrue(r.out().contains(NOTE), r.out());
        String[] elbo = lines(r).stream().filter(l -> l.startsWith("neg_elbo.nats")).findFirst().orElseThrow()
                .trim().split("\\s+");
        assertTrue(Double.isFinite(Double.parseDouble(elbo[2])), "the VAE's ELBO on the held-out reference faces");
        assertTrue(lines(r).stream().anyMatch(l -> l.startsWith("fd ")), r.out());
    }

    @Test
    void evalNeighboursFindsTheNearestReferenceFacesAndSaysTheyAreHeldOut() throws Exception {
        Path gan = withoutItsData(Path.of("models/faces64"), "gan");
        Path png = tmp.resolve("pairs.png");
        CliRun r = CliRun.inProcess("eval", "neighbours", "--model", gan.toString(), "--count", "4", "--out",
                png.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("# real        builtin:faces64h-reference (2000 images)"), r.out());
        assertTrue(r.out().contains("not whether they copy training images"), r.out());
        assertTrue(Files.size(png) > 0);
    }

    private static List<String> lines(CliRun r) {
        return Arrays.asList(r.out().split("\n"));
    }

    /** A copy of a shipped model (its weights linked) whose model.json names a training folder that is not here. */
    private Path withoutItsData(Path model, String name) throws IOException {
        Path copy = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().equals("model.json")) {
                    Files.createSymbolicLink(copy.resolve(f.getFileName()), f.toAbsolutePath());
                }
            }
        }
        JsonObject json = JsonParser.parseString(Files.readString(model.resolve("model.json"))).getAsJsonObject();
        JsonObject dataset = json.getAsJsonObject("dataset");
        String absent = tmp.resolve("absent").resolve("faces64h").toString();
        dataset.addProperty("source", absent + " (made by: node tools/facegen/generate.js --count 20000 --seed 1 "
                + "--smiling 0.65 --eyeglasses 0.65 --out " + absent + ")");
        Files.writeString(copy.resolve("model.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json));
        return copy;
    }
}
