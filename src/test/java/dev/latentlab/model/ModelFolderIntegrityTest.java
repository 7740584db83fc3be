package dev.latentlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.cli.Cli;
import dev.latentlab.nn.NetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder is whole or refused: a save cut short never reads as a (mixed) model. */
class ModelFolderIntegrityTest {
    @TempDir
    Path tmp;

    private static final NetSpec SPEC = NetSpec.dcgan(28, 1, 16, 8, 8);

    @Test
    void weightsOfAnotherSaveBesideModelJsonAreRefusedAsIncomplete() throws Exception {
        Path a = TinyModels.write(tmp.resolve("a"), SPEC, 1);
        Path b = TinyModels.write(tmp.resolve("b"), SPEC, 2);
        // what a kill between two renames of a save of b into a used to leave: b's generator, a's model.json
        Files.copy(b.resolve(ModelStore.GENERATOR), a.resolve(ModelStore.GENERATOR),
                StandardCopyOption.REPLACE_EXISTING);
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(a).close());
        assertTrue(e.getMessage().contains("holds an incomplete model: generator.npz is not the file model.json "
                + "was saved with"), e.getMessage());
    }

    @Test
    void exportOverAnotherModelsFolderIsRefusedAndForceReplacesTheWholeFolder() throws Exception {
        Path a = TinyModels.write(tmp.resolve("a"), SPEC, 1);
        Path b = TinyModels.write(tmp.resolve("b"), SPEC, 2);
        Files.writeString(b.resolve("train.csv"), "b's log");
        Files.writeString(b.resolve("samples.png"), "b's samples");

        int refused = Cli.run("export", "--model", a.toString(), "--format", "npz", "--out", b.toString());
        assertEquals(2, refused);
        assertTrue(Files.exists(b.resolve("train.csv")), "b is untouched");

        assertEquals(0, Cli.run("export", "--model", a.toString(), "--format", "npz", "--out", b.toString(),
                "--force"));
        try (Stream<Path> s = Files.list(b)) {
            assertEquals(java.util.Set.of("model.json", "generator.npz", "discriminator.npz"),
                    s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "no file of the replaced model stays beside the export");
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary folder left");
        }
        try (GanModel m = ModelStore.open(b)) {
            assertEquals("a", m.name());
        }
    }

    @Test
    void weightsWithNanAreRefusedInsteadOfDrawingBlankImages() throws Exception {
        Path a = TinyModels.write(tmp.resolve("a"), SPEC, 1);
        // what a diverged run saved before it was caught (in a folder of an older version: no sums)
        var arrays = new java.util.LinkedHashMap<>(dev.latentlab.io.Npy.readNpz(a.resolve(ModelStore.GENERATOR)));
        arrays.get("main.0.weight").data()[3] = Float.NaN;
        dev.latentlab.io.Npy.writeNpz(a.resolve(ModelStore.GENERATOR), arrays);
        ModelInfo info = ModelInfo.parse(Files.readString(a.resolve(ModelStore.INFO)), "test");
        info.files = null;
        Files.writeString(a.resolve(ModelStore.INFO), info.toJson());
        ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(a).close());
        assertTrue(e.getMessage().contains("holds weights that are not finite numbers (main.0.weight has NaN)"),
                e.getMessage());
    }

    @Test
    void aModelJsonThatIsAnArrayOrBinaryIsCalledDamagedInPlainWords() throws Exception {
        Path a = TinyModels.write(tmp.resolve("a"), SPEC, 1);
        for (byte[] json : new byte[][] {"[1, 2, 3]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x81, 0x13}}) {
            Files.write(a.resolve(ModelStore.INFO), json);
            ModelException e = assertThrows(ModelException.class, () -> ModelStore.open(a).close());
            assertTrue(e.getMessage().startsWith(a.resolve(ModelStore.INFO) + " is damaged or not a model description"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("http") || e.getMessage().contains("BEGIN_OBJECT"), e.getMessage());
        }
    }
}
