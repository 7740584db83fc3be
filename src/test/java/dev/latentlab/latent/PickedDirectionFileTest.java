package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.FittedDirections.PickedDirection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A picked direction keeps its picks in directions.json, and a file whose picks do not fit is refused by name. */
class PickedDirectionFileTest {
    private static final int NZ = 6;
    private static final ModelRef REF = new ModelRef("tiny", NZ, 8, 3, "sha256:0123456789abcdef");

    @TempDir
    Path tmp;

    private static final float[] POS = Prior.sample(NZ, 7, new Random(1));
    private static final float[] NEG = Prior.sample(NZ, 5, new Random(2));

    /** Freckles from 7 + 5 picks, which it keeps. */
    private static PickedDirection freckles() {
        return PickedDirection.of(AttributeDirections.fromPicks("Freckles", POS, NEG, NZ, 1), POS, NEG, "test", "5-fold");
    }

    @Test
    void thePicksGoToTheFileAndComeBack() throws IOException {
        PickedDirection p = freckles();
        assertEquals(7, p.positives());
        assertEquals(5, p.negatives());
        Path file = tmp.resolve("directions.json");
        FittedDirections.picksOnly(REF, List.of(p)).save(file);
        PickedDirection back = FittedDirections.read(file).picked().get(0);
        assertTrue(back.hasPicks());
        assertArrayEquals(POS, back.positiveZ());
        assertArrayEquals(NEG, back.negativeZ());
        assertArrayEquals(p.vector(), back.vector());
        // compact: one base64 string per side, not a pretty-printed number per line
        com.google.gson.JsonObject stored = com.google.gson.JsonParser.parseString(Files.readString(file))
                .getAsJsonObject().getAsJsonObject("directions").getAsJsonArray("picked").get(0).getAsJsonObject();
        assertTrue(stored.get("positiveZ").isJsonPrimitive(), stored.get("positiveZ").toString());
        assertEquals(4 * 7 * NZ, java.util.Base64.getDecoder().decode(stored.get("positiveZ").getAsString()).length);
        // a hand-edited file may hold the numbers as an array
        stored.add("negativeZ", new com.google.gson.Gson().toJsonTree(NEG));
        com.google.gson.JsonObject doc = com.google.gson.JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        doc.getAsJsonObject("directions").getAsJsonArray("picked").set(0, stored);
        Files.writeString(file, doc.toString());
        assertArrayEquals(NEG, FittedDirections.read(file).picked().get(0).negativeZ());
        // and a broken string is named
        stored.addProperty("negativeZ", "not base64!");
        Files.writeString(file, doc.toString());
        IOException e = assertThrows(IOException.class, () -> FittedDirections.read(file));
        assertTrue(e.getMessage().contains("stored picks are not base64"), e.getMessage());
    }

    @Test
    void aDirectionStoredWithoutItsPicksStillReadsAndSaysSo() throws IOException {
        Path file = tmp.resolve("directions.json");
        Boundary b = AttributeDirections.fromPicks("Old", POS, NEG, NZ, 1);
        FittedDirections.picksOnly(REF, List.of(PickedDirection.of(b, 7, 5, "before"))).save(file);
        assertFalse(Files.readString(file).contains("positiveZ"));
        PickedDirection back = FittedDirections.read(file).picked().get(0);
        assertFalse(back.hasPicks());
        assertEquals(7, back.positives());
    }

    @Test
    void picksOfTheWrongSizeAreRefusedByName() throws IOException {
        PickedDirection good = freckles();
        // 7 positives said, 6 rows stored
        PickedDirection cut = new PickedDirection("Freckles", good.vector(), good.offset(), good.accuracy(),
                good.accuracyBy(), 7, 5, "test", java.util.Arrays.copyOf(POS, 6 * NZ), NEG);
        Path file = tmp.resolve("directions.json");
        FittedDirections.picksOnly(REF, List.of(cut)).save(file);
        IOException e = assertThrows(IOException.class, () -> FittedDirections.read(file));
        assertTrue(e.getMessage().contains("the picks stored with Freckles are not 7 and 5 rows of nz = 6 values"),
                e.getMessage());
        // only one side stored
        PickedDirection half = new PickedDirection("Freckles", good.vector(), good.offset(), good.accuracy(),
                good.accuracyBy(), 7, 5, "test", POS, null);
        FittedDirections.picksOnly(REF, List.of(half)).save(file);
        assertThrows(IOException.class, () -> FittedDirections.read(file));
    }
}
