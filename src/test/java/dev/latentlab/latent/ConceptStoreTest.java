package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptStore.ModelIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concepts as JSON: a round trip, and refusal to load one made with another model. */
class ConceptStoreTest {
    @TempDir
    Path tmp;

    static final ModelIdentity FACES = new ModelIdentity("faces64", 100, 64, 3);

    @Test
    void aConceptSurvivesARoundTripWithItsModelAndAttributes() throws IOException {
        Random r = new Random(1);
        Concept c = new Concept("smiling woman", List.of(Prior.sample(100, r), Prior.sample(100, r), Prior.sample(100, r)));
        Path f = ConceptStore.save(tmp, FACES, c, Map.of("Smiling", true), "test");
        assertEquals("smiling woman.json", f.getFileName().toString());
        ConceptStore.Stored s = ConceptStore.load(f, FACES);
        assertEquals("smiling woman", s.concept().name());
        assertEquals(FACES, s.model());
        assertEquals(Map.of("Smiling", true), s.attributes());
        assertEquals(3, s.concept().size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(c.exemplars().get(i), s.concept().exemplars().get(i));
        }
        assertArrayEquals(c.mean(), s.concept().mean(), 1e-7f);
        assertEquals(List.of(f), ConceptStore.list(tmp));
    }

    @Test
    void aConceptOfAnotherModelIsRefusedWithAClearMessage() throws IOException {
        Path f = ConceptStore.save(tmp, FACES, new Concept("neutral man", List.of(new float[100])));
        IOException e = assertThrows(IOException.class,
                () -> ConceptStore.load(f, new ModelIdentity("tiny", 16, 32, 3)));
        assertTrue(e.getMessage().contains("faces64 (nz 100, 64×64×3)") && e.getMessage().contains("tiny (nz 16"),
                e.getMessage());
        // same shape, other model: refused too (its z means something else)
        assertThrows(IOException.class, () -> ConceptStore.load(f, new ModelIdentity("other", 100, 64, 3)));
    }

    @Test
    void badNamesAndFilesAreRefused() throws IOException {
        assertThrows(IOException.class, () -> ConceptStore.save(tmp, FACES, new Concept("../evil", List.of(new float[100]))));
        assertThrows(IOException.class, () -> ConceptStore.save(tmp, FACES, Concept.empty("empty")));
        assertThrows(IOException.class, () -> ConceptStore.save(tmp, FACES, new Concept("short", List.of(new float[3]))));
        Path junk = tmp.resolve("junk.json");
        Files.writeString(junk, "{\"format\":\"something-else\"}");
        assertThrows(IOException.class, () -> ConceptStore.read(junk));
        Files.writeString(junk, "not json [");
        assertThrows(IOException.class, () -> ConceptStore.read(junk));
    }
}
