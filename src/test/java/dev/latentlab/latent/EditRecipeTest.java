package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.EditRecipe.Move;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edit recipes: the same z back, bit for bit, and clear refusals. */
class EditRecipeTest {
    static final ModelRef FACES = new ModelRef("faces64", 8, 64, 3, "sha256:00112233aabbccdd");

    @TempDir
    Path tmp;

    static EditRecipe recipe(ModelRef model, long seed) {
        Random r = new Random(seed);
        int nz = model.nz();
        return new EditRecipe(model, Prior.sample(nz, r),
                List.of(new Move(EditRecipe.SEFA, "#1", AttributeDirectionsTest.unit(r, nz), 1.2345678901, null),
                        new Move(EditRecipe.ATTRIBUTE, "Smiling", AttributeDirectionsTest.unit(r, nz), -0.7, 0.55)),
                0.7, List.of("Male"), Map.of(1, new int[] {3, 5}), "test");
    }

    @Test
    void aSavedRecipeReadsBackToTheSameZBitForBit() throws IOException {
        EditRecipe a = recipe(FACES, 1);
        Path f = tmp.resolve("smile.json");
        a.save(f);
        EditRecipe b = EditRecipe.load(f, FACES);
        assertArrayEquals(a.z(), b.z());
        assertArrayEquals(a.finalZ(), b.finalZ(), "the generator gets the very same floats");
        assertEquals(0.7, b.psi());
        assertEquals(List.of("Male"), b.keep());
        assertArrayEquals(new int[] {3, 5}, b.removed().get(1));
        assertEquals(0.55, b.moves().get(1).amount());
        assertEquals(tmp.resolve("smile.png"), EditRecipe.pngFor(f));
    }

    @Test
    void sefaMovesComeBeforeTruncationAndAttributeMovesAfter() {
        float[] z = {1, 2};
        float[] e0 = {1, 0};
        float[] e1 = {0, 1};
        List<Move> moves = List.of(new Move(EditRecipe.ATTRIBUTE, "A", e1, 1, 1.0), new Move(EditRecipe.SEFA, "#1", e0, 1, null));
        // (z + e0) · 0.5 + e1 = (1, 1) + (0, 1)
        assertArrayEquals(new float[] {1, 2}, EditRecipe.apply(z, moves, 0.5));
        assertArrayEquals(new float[] {2, 3}, EditRecipe.apply(z, moves, 1));
    }

    @Test
    void aRecipeOfAnotherModelIsRefusedNamingTheFileAndBothModels() throws IOException {
        Path f = tmp.resolve("other.json");
        recipe(FACES, 2).save(f);
        ModelRef retrained = new ModelRef("faces64", 8, 64, 3, "sha256:ffffffffffffffff");
        IOException e = assertThrows(IOException.class, () -> EditRecipe.load(f, retrained));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("sha256:00112233aabbccdd") && e.getMessage().contains("sha256:ffffffffffffffff"),
                e.getMessage());
        ModelRef digits = new ModelRef("digits", 100, 28, 1, "sha256:0000000000000000");
        IOException s = assertThrows(IOException.class, () -> EditRecipe.load(f, digits));
        assertTrue(s.getMessage().contains(f.toString()) && s.getMessage().contains("another shape"), s.getMessage());
    }

    @Test
    void aBrokenRecipeGetsAMessageNamingTheFile() throws IOException {
        Path good = tmp.resolve("good.json");
        recipe(FACES, 3).save(good);
        String text = Files.readString(good, StandardCharsets.UTF_8);
        Map<String, String> broken = Map.of(
                "truncated.json", text.substring(0, text.length() / 2),
                "notjson.json", "hello",
                "concept.json", "{\"format\": \"latentlab-concept\", \"version\": 1}",
                "version.json", text.replace("\"version\": 1", "\"version\": 7"),
                "short-z.json", text.replaceFirst("\"z\": \\[", "\"z\": [0.5,"),
                "psi.json", text.replace("\"psi\": 0.7", "\"psi\": 9.0"),
                "kind.json", text.replace("\"kind\": \"sefa\"", "\"kind\": \"magic\""),
                "empty.json", "");
        for (Map.Entry<String, String> e : broken.entrySet()) {
            Path f = tmp.resolve(e.getKey());
            Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
            IOException x = assertThrows(IOException.class, () -> EditRecipe.load(f, FACES), e.getKey());
            assertTrue(x.getMessage().contains(f.toString()), e.getKey() + ": " + x.getMessage());
        }
        IOException missing = assertThrows(IOException.class, () -> EditRecipe.load(tmp.resolve("nope.json"), FACES));
        assertTrue(missing.getMessage().contains("nope.json") && missing.getMessage().contains("does not exist"),
                missing.getMessage());
        Path binary = tmp.resolve("image.json");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe, 0});
        IOException b = assertThrows(IOException.class, () -> EditRecipe.load(binary, FACES));
        assertTrue(b.getMessage().contains(binary.toString()), b.getMessage());
        IOException dir = assertThrows(IOException.class, () -> EditRecipe.load(tmp, FACES));
        assertTrue(dir.getMessage().contains(tmp.toString()), dir.getMessage());
    }
}
