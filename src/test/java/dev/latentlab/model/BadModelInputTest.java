package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.Fixtures;
import dev.latentlab.TinyModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad model file gets one clear message naming the file and the problem. */
class BadModelInputTest {
    @TempDir
    Path tmp;

    private static void assertMessage(ModelException e, String file, String... words) {
        String m = e.getMessage();
        assertTrue(m.contains(file), "names the file: " + m);
        for (String w : words) {
            assertTrue(m.toLowerCase().contains(w.toLowerCase()), "says '" + w + "': " + m);
        }
        assertTrue(!m.contains("\tat "), "no stack trace in the message");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"text.pt, not a TorchScript module", "empty.pth, empty", "truncated.pth, truncated",
        "classifier.pth, not a DCGAN or MLP generator", "garbage.pth, not a PyTorch checkpoint"})
    void badPyTorchFilesAreRefusedClearly(String file, String words) {
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(Fixtures.path("bad/" + file)));
        assertMessage(e, file, words);
    }

    @Test
    void aDiscriminatorCheckpointIsNamedAsSuch() {
        ModelException e = assertThrows(ModelException.class,
                () -> ModelStore.open(Fixtures.path("dcgan64/netD.pth")));
        assertMessage(e, "netD.pth", "discriminator");
    }

    @Test
    void missingModelPath() {
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(tmp.resolve("nowhere")));
        assertMessage(e, "nowhere", "does not exist");
    }

    @Test
    void missingEmptyTruncatedAndCorruptParameterFiles() throws IOException {
        Path dir = TinyModels.dcgan32(tmp.resolve("m"));
        Path g = dir.resolve(ModelStore.GENERATOR);
        byte[] good = Files.readAllBytes(g);

        Files.write(g, Arrays.copyOf(good, good.length / 2));
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "generator.npz", "corrupt");

        Files.write(g, new byte[0]);
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "generator.npz", "empty");

        Files.writeString(g, "this is not a zip");
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "generator.npz", "corrupt");

        Files.delete(g);
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "generator.npz", "missing");
    }

    @Test
    void tensorShapesThatDoNotMatchTheDescription() throws IOException {
        Path dir = TinyModels.dcgan32(tmp.resolve("m"));
        Path json = dir.resolve(ModelStore.INFO);
        // model.json says nz 20, the weights were made for nz 16
        Files.writeString(json, Files.readString(json).replace("\"nz\": 16", "\"nz\": 20"));
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(dir));
        assertMessage(e, "generator.npz", "main.0.weight", "shape");
    }

    @Test
    void unknownVersionAndMissingFields() throws IOException {
        Path dir = TinyModels.dcgan32(tmp.resolve("m"));
        Path json = dir.resolve(ModelStore.INFO);
        String text = Files.readString(json, StandardCharsets.UTF_8);

        Files.writeString(json, text.replace("\"version\": 1", "\"version\": 7"));
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "model.json", "version 7");

        Files.writeString(json, text.replaceAll("\"imageSize\": \\d+,", ""));
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "model.json",
                "missing", "imageSize");

        Files.writeString(json, "{ not json");
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "model.json", "JSON");

        Files.writeString(json, "{\"format\": \"something-else\", \"version\": 1}");
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(dir)), "model.json", "not a LatentLab");
    }

    @Test
    void aFolderWithoutModelJson() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        assertMessage(assertThrows(ModelException.class, () -> ModelStore.open(tmp.resolve("empty"))), "empty",
                "model.json");
    }
}
