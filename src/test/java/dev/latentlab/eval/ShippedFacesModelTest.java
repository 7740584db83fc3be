package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped faces64 folder belongs together: everything in it beside the generator (the
 * attribute directions, the arithmetic presets, the image encoder, the start face) was made for
 * these weights. When the generator is replaced and one of them is not, the app still opens, but
 * the Edits tab refits for a minute, the presets draw other faces than their names, the encoder's
 * first guess is far off, or the first face is an ambiguous one; these tests fail instead.
 */
class ShippedFacesModelTest {
    private static final Path FACES = Path.of("models/faces64");
    private static GanModel model;
    private static Classifier reader;
    private static Classifier second;

    @BeforeAll
    static void open() {
        model = ModelStore.open(FACES);
        reader = Classifier.open(Classifiers.locate(ClassifierInfo.Kind.FACES));
        second = Classifier.open(Classifiers.locateSecond(ClassifierInfo.Kind.FACES).orElseThrow());
    }

    @AfterAll
    static void close() {
        second.close();
        reader.close();
        model.close();
    }

    private static Classifier.Outputs read(Classifier c, float[] z, int count) {
        Generated g = model.generate(z, count);
        return c.run(g.images(), count, g.height(), g.channels());
    }

    @Test
    void theDirectionsCacheWasFittedForTheShippedGenerator() {
        var fit = FittedDirections.cached(FittedDirections.cacheFor(FACES), DirectionFit.ref(model));
        assertTrue(fit.isPresent(), "models/faces64/directions.json was fitted for other weights: the Edits tab would "
                + "refit (latentlab directions --model models/faces64 --refit)");
        assertTrue(fit.get().classifier().contains("classifier-faces-b"), fit.get().classifier());
        assertTrue(fit.get().boundary("Smiling").isPresent() && fit.get().boundary("Eyeglasses").isPresent());
    }

    @Test
    void everyPresetDrawsWhatItIsNamedFor() throws Exception {
        var identity = new ConceptStore.ModelIdentity(model.name(), model.nz(), model.spec().imageSize(),
                model.spec().channels());
        List<Path> presets = ConceptStore.list(FACES.resolve("presets"));
        assertEquals(6, presets.size(), presets.toString());
        List<String> outputs = reader.info().outputs;
        for (Path p : presets) {
            ConceptStore.Stored s = ConceptStore.load(p, identity);
            List<float[]> ex = s.concept().exemplars();
            assertTrue(ex.size() >= 3, p + ": " + ex.size() + " exemplars");
            assertFalse(s.attributes().isEmpty(), p + " names no attributes");
            float[] z = new float[ex.size() * model.nz()];
            for (int i = 0; i < ex.size(); i++) {
                System.arraycopy(ex.get(i), 0, z, i * model.nz(), model.nz());
            }
            Classifier.Outputs o = read(reader, z, ex.size());
            for (Map.Entry<String, Boolean> a : s.attributes().entrySet()) {
                int k = outputs.indexOf(a.getKey());
                for (int i = 0; i < ex.size(); i++) {
                    float prob = o.probability(i, k);
                    assertTrue(a.getValue() ? prob > 0.5 : prob < 0.5, p.getFileName() + ", exemplar " + i + ": "
                            + a.getKey() + " p = " + prob + ", the preset says " + a.getValue());
                }
            }
        }
    }

    @Test
    void theEncoderWasTrainedOnThisGenerator() {
        try (ImageEncoder e = ImageEncoder.of(model)) {
            assertNotNull(e, "faces64 ships an encoder");
            int n = 16;
            int nz = model.nz();
            float[] z = new float[n * nz];
            Random r = new Random(11);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            Generated g = model.generate(z, n);
            float[] guess = e.encode(g.images(), n);
            double cosines = 0;
            for (int i = 0; i < n; i++) {
                cosines += EncodeEval.cosine(z, guess, i * nz, nz);
            }
            // an encoder trained for another generator's images lands far from z (see docs/figures.md, Encoding)
            assertTrue(cosines / n > 0.6, "mean cos(z, E(G(z))) = " + cosines / n);
        }
    }

    @Test
    void theFirstFaceIsOneBothReadersAreSureOf() {
        float[] z = model.startZ();
        assertEquals(model.nz(), z.length);
        for (Classifier c : new Classifier[] {reader, second}) {
            Classifier.Outputs o = read(c, z, 1);
            for (int k = 0; k < o.outputs(); k++) {
                float p = o.probability(0, k);
                assertTrue(p >= 0.8 || p <= 0.2, c.info().outputs.get(k) + " p = " + p + " by " + c.path());
            }
        }
    }
}
