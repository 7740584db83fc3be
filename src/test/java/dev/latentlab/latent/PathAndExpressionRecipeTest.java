package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.Interpolation.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path and expression recipes: the same z's back, bit for bit, and the same clear refusals as edits. */
class PathAndExpressionRecipeTest {
    static final ModelRef FACES = EditRecipeTest.FACES;
    static final ModelRef RETRAINED = new ModelRef("faces64", 8, 64, 3, "sha256:ffffffffffffffff");

    @TempDir
    Path tmp;

    static PathRecipe path(long seed) {
        Random r = new Random(seed);
        return new PathRecipe(FACES, List.of(Prior.sample(8, r), Prior.sample(8, r), Prior.sample(8, r)),
                Mode.SPHERICAL, 7, 12, false, true, "test");
    }

    static ExpressionRecipe expression(long seed) {
        Random r = new Random(seed);
        List<ExpressionRecipe.Term> terms = List.of(
                new ExpressionRecipe.Term("smiling woman", 1, List.of(Prior.sample(8, r), Prior.sample(8, r), Prior.sample(8, r))),
                new ExpressionRecipe.Term("neutral woman", -1, List.of(Prior.sample(8, r), Prior.sample(8, r), Prior.sample(8, r))),
                new ExpressionRecipe.Term("neutral man", 1, List.of(Prior.sample(8, r), Prior.sample(8, r), Prior.sample(8, r))),
                new ExpressionRecipe.Term("glasses", -1, List.of(Prior.sample(8, r), Prior.sample(8, r), Prior.sample(8, r))));
        return new ExpressionRecipe(FACES, terms, 2, 1.2345678901234, 0.3, 42, "test");
    }

    @Test
    void aSavedPathReadsBackToTheSameFramesBitForBit() throws IOException {
        PathRecipe a = path(1);
        Path f = tmp.resolve("walk.json");
        a.save(f);
        PathRecipe b = PathRecipe.load(f, FACES);
        assertEquals(Mode.SPHERICAL, b.mode());
        assertEquals(7, b.steps());
        assertEquals(12, b.fps());
        assertEquals(false, b.loop());
        assertEquals(true, b.pingPong());
        List<float[]> fa = a.frames();
        List<float[]> fb = b.frames();
        assertEquals(Interpolation.frameCount(3, 7), fb.size());
        for (int i = 0; i < fa.size(); i++) {
            assertArrayEquals(fa.get(i), fb.get(i), 0f, "frame " + i);
        }
        assertInstanceOf(PathRecipe.class, Recipe.read(f), "the format field picks the kind");
        assertEquals(tmp.resolve("walk.png"), Recipe.pngFor(f));
        assertEquals(List.of(1, 2, 3, 2), PathRecipe.playingOrder(List.of(1, 2, 3), true));
        assertEquals(List.of(1, 2, 3), PathRecipe.playingOrder(List.of(1, 2, 3), false));
    }

    @Test
    void aSavedExpressionReadsBackToTheSameResultAndGridBitForBit() throws IOException {
        ExpressionRecipe a = expression(2);
        Path f = tmp.resolve("glasses.json");
        a.save(f);
        ExpressionRecipe b = ExpressionRecipe.load(f, FACES);
        assertEquals(2, b.base());
        assertEquals(1.2345678901234, b.scale());
        assertEquals(42, b.noiseSeed());
        assertEquals("glasses", b.terms().get(3).name());
        assertEquals(-1, b.terms().get(3).sign());
        // the result is C + s·(A − B − D), C the base
        float[] direct = ConceptArithmetic.combine(a.terms().get(2).concept().mean(),
                List.of(a.terms().get(0).concept().mean(), a.terms().get(1).concept().mean(),
                        a.terms().get(3).concept().mean()), new int[] {1, -1, -1}, 1.2345678901234);
        assertArrayEquals(direct, b.expression().result(), 0f);
        List<float[]> ga = a.grid();
        List<float[]> gb = b.grid();
        for (int k = 0; k < ConceptArithmetic.GRID; k++) {
            assertArrayEquals(ga.get(k), gb.get(k), 0f, "cell " + k);
        }
        assertArrayEquals(direct, gb.get(ConceptArithmetic.CENTRE), 0f);
        assertInstanceOf(ExpressionRecipe.class, Recipe.read(f));
    }

    @Test
    void aPathOrExpressionOfAnotherModelIsRefusedNamingTheFileAndBothModels() throws IOException {
        Path p = tmp.resolve("walk.json");
        path(3).save(p);
        Path e = tmp.resolve("expr.json");
        expression(3).save(e);
        for (Path f : List.of(p, e)) {
            IOException x = assertThrows(IOException.class, () -> Recipe.read(f).requireModel(f, RETRAINED));
            assertTrue(x.getMessage().contains(f.toString()) && x.getMessage().contains("weights differ")
                    && x.getMessage().contains(FACES.checksum()) && x.getMessage().contains(RETRAINED.checksum()),
                    x.getMessage());
        }
        IOException s = assertThrows(IOException.class, () -> PathRecipe.load(p, new ModelRef("digits", 100, 28, 1, "sha256:0")));
        assertTrue(s.getMessage().contains(p.toString()) && s.getMessage().contains("another shape"), s.getMessage());
        IOException t = assertThrows(IOException.class, () -> ExpressionRecipe.load(e, RETRAINED));
        assertTrue(t.getMessage().contains("an arithmetic expression of faces64"), t.getMessage());
    }

    @Test
    void aBrokenPathOrExpressionGetsAMessageNamingTheFile() throws IOException {
        Path good = tmp.resolve("good-path.json");
        path(4).save(good);
        String pathText = Files.readString(good, StandardCharsets.UTF_8);
        Path goodE = tmp.resolve("good-expr.json");
        expression(4).save(goodE);
        String exprText = Files.readString(goodE, StandardCharsets.UTF_8);
        Map<String, String> brokenPaths = Map.of(
                "truncated.json", pathText.substring(0, pathText.length() / 2),
                "mode.json", pathText.replace("\"spherical\"", "\"wiggly\""),
                "steps.json", pathText.replace("\"steps\": 7", "\"steps\": 0"),
                "one-key.json", pathText.replaceFirst("\"keyframes\": \\[", "\"keyframes\": [[1,2,3,4,5,6,7,8]], \"x\": ["),
                "short-key.json", pathText.replaceFirst("\"keyframes\": \\[\\s*\\[", "\"keyframes\": [[0.5,"),
                "version.json", pathText.replace("\"version\": 1", "\"version\": 2"),
                "empty.json", "");
        for (Map.Entry<String, String> b : brokenPaths.entrySet()) {
            Path f = tmp.resolve("p-" + b.getKey());
            Files.writeString(f, b.getValue(), StandardCharsets.UTF_8);
            IOException x = assertThrows(IOException.class, () -> PathRecipe.load(f, FACES), b.getKey());
            assertTrue(x.getMessage().contains(f.toString()), b.getKey() + ": " + x.getMessage());
        }
        Map<String, String> brokenExpressions = Map.of(
                "truncated.json", exprText.substring(0, exprText.length() - 40),
                "base.json", exprText.replace("\"base\": 2", "\"base\": 1"), // B is a − term
                "base-range.json", exprText.replace("\"base\": 2", "\"base\": 9"),
                "sign.json", exprText.replaceFirst("\"sign\": 1", "\"sign\": 2"),
                "scale.json", exprText.replaceFirst("\"scale\": [0-9.]+", "\"scale\": \"big\""),
                "no-scale.json", exprText.replaceFirst("\"scale\": [0-9.]+,", ""),
                "exemplar.json", exprText.replaceFirst("\"exemplars\": \\[\\s*\\[", "\"exemplars\": [[0.5,"));
        for (Map.Entry<String, String> b : brokenExpressions.entrySet()) {
            Path f = tmp.resolve("e-" + b.getKey());
            Files.writeString(f, b.getValue(), StandardCharsets.UTF_8);
            IOException x = assertThrows(IOException.class, () -> ExpressionRecipe.load(f, FACES), b.getKey());
            assertTrue(x.getMessage().contains(f.toString()), b.getKey() + ": " + x.getMessage());
        }
    }

    @Test
    void aRecipeOfAnotherKindIsRefusedNamingItsKindAndCommand() throws IOException {
        Path p = tmp.resolve("walk.json");
        path(5).save(p);
        IOException asEdit = assertThrows(IOException.class, () -> EditRecipe.read(p));
        assertTrue(asEdit.getMessage().contains(p.toString()) && asEdit.getMessage().contains("interpolation path")
                && asEdit.getMessage().contains("latentlab interpolate --recipe"), asEdit.getMessage());
        Path e = tmp.resolve("edit.json");
        EditRecipeTest.recipe(FACES, 5).save(e);
        IOException asPath = assertThrows(IOException.class, () -> PathRecipe.read(e));
        assertTrue(asPath.getMessage().contains(e.toString()) && asPath.getMessage().contains("an edit recipe"),
                asPath.getMessage());
        Path concept = tmp.resolve("concept.json");
        Files.writeString(concept, "{\"format\": \"latentlab-concept\", \"version\": 1}");
        IOException any = assertThrows(IOException.class, () -> Recipe.read(concept));
        assertTrue(any.getMessage().contains(concept.toString()) && any.getMessage().contains("latentlab-concept"),
                any.getMessage());
    }
}
