package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `eval arithmetic` end to end: with a stub reader on a tiny model, and through the CLI with the real classifier. */
class ArithmeticEvalTest {
    @TempDir
    Path tmp;

    /**
     * Reads "attributes" off G(z): each is the sign of the difference between two distant pixels
     * of one channel, which varies from sample to sample and little between attributes.
     */
    static final class PixelReader implements ArithmeticEval.AttributeReader {
        @Override
        public List<String> attributes() {
            return List.of("Male", "Smiling", "Eyeglasses");
        }

        @Override
        public float[] probabilities(float[] images, int count, int size, int channels) {
            int plane = size * size;
            int[][] pairs = {{size + 2, plane - size - 3}, {size * (size / 2) + 3, size * (size / 2) + size - 4},
                {size / 2, plane - size / 2 - 1}};
            float[] out = new float[count * 3];
            for (int n = 0; n < count; n++) {
                for (int c = 0; c < 3; c++) {
                    int off = n * channels * plane + c * plane;
                    float v = images[off + pairs[c][0]] - images[off + pairs[c][1]];
                    out[n * 3 + c] = (float) (1 / (1 + Math.exp(-8 * v)));
                }
            }
            return out;
        }
    }

    /** Few samples and trials, a low membership confidence: enough for the tiny models. */
    static ArithmeticEval.Options small() {
        ArithmeticEval.Options o = new ArithmeticEval.Options();
        o.pool = 600;
        o.trials = 30;
        o.seed = 5;
        o.confidence = 0.6;
        return o;
    }

    @Test
    void trialsGiveEveryRateDeterministicallyForASeed() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid"), "vivid", 3);
        try (GanModel m = ModelStore.open(dir)) {
            ArithmeticEval.Options o = small();
            ArithmeticEval.Report a = ArithmeticEval.run(m, new PixelReader(), o, ProgressBar.silent());
            for (String e : new String[] {"smiling_man", "woman_with_glasses"}) {
                for (String f : new String[] {".centre", ".majority", ".single.centre", ".single.majority", ".base_rate"}) {
                    double v = a.value(e + f);
                    assertTrue(v >= 0 && v <= 1, e + f + " = " + v + "\n" + a.notes());
                }
            }
            ArithmeticEval.Report b = ArithmeticEval.run(m, new PixelReader(), o, ProgressBar.silent());
            assertEquals(a.figures(), b.figures(), "deterministic for a seed");
            o.seed = 6;
            assertFalse(a.figures().equals(ArithmeticEval.run(m, new PixelReader(), o, ProgressBar.silent()).figures()));
        }
    }

    @Test
    void drawsAreDistinctAndConfidenceRanksMembers() {
        int[] d = ArithmeticEval.draw(new int[] {4, 8, 15, 16, 23, 42}, 3, new java.util.Random(1));
        assertEquals(3, java.util.Arrays.stream(d).distinct().count());
        ArithmeticEval.Pool p = new ArithmeticEval.Pool(1, new float[] {0, 1, 2}, List.of("Male", "Smiling"),
                new float[] {0.9f, 0.8f, 0.6f, 0.99f, 0.95f, 0.1f}, 3);
        Map<String, Boolean> smilingMan = Map.of("Male", true, "Smiling", true);
        assertEquals(List.of(0), box(p.members(smilingMan, 0.7)));
        assertEquals(List.of(0, 1), box(p.top(smilingMan, 2)));
        assertEquals(List.of(2), box(p.members(Map.of("Male", true, "Smiling", false), 0.7)));
        assertEquals(2.0 / 3, p.rate(smilingMan), 1e-9, "samples 0 and 1 read p > 0.5 on both");
    }

    static List<Integer> box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    @Test
    void theCommandRunsWithTheFacesClassifierAndWritesPresets() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tinyfaces"), NetSpec.dcgan(64, 3, 16, 8, 8), 3);
        EvalCommandTest.Run r = EvalCommandTest.cli("eval", "arithmetic", "--model", model.toString(), "--pool", "300", "--trials", "10", "--quiet");
        assertEquals(0, r.code(), r.out());
        Map<String, Double> f = r.figures();
        for (String name : new String[] {"smiling_man.centre", "smiling_man.majority", "smiling_man.single.centre",
            "woman_with_glasses.centre", "woman_with_glasses.single.majority", "woman_with_glasses.base_rate"}) {
            assertTrue(f.containsKey(name), name + " missing from\n" + r.out());
        }
        assertEquals(f, EvalCommandTest.cli("eval", "arithmetic", "--model", model.toString(), "--pool", "300", "--trials", "10",
                "--quiet").figures(), "deterministic for a seed");

        Path presets = model.resolve("presets");
        EvalCommandTest.Run w = EvalCommandTest.cli("eval", "arithmetic", "--model", model.toString(), "--pool", "100", "--write-presets",
                presets.toString(), "--preset-exemplars", "4", "--quiet");
        assertEquals(0, w.code(), w.out());
        List<Path> files = ConceptStore.list(presets);
        assertEquals(6, files.size(), w.out());
        ConceptStore.Stored s = ConceptStore.load(presets.resolve("smiling woman.json"),
                new ConceptStore.ModelIdentity("tinyfaces", 16, 64, 3));
        assertEquals(4, s.concept().size());
        assertEquals(Map.of("Smiling", true, "Male", false), s.attributes());
    }

    @Test
    void aModelTheFacesClassifierCannotReadIsRefused() throws Exception {
        Path model = TinyModels.write(tmp.resolve("digits"), NetSpec.dcgan(28, 1, 16, 8, 8), 1);
        assertEquals(2, EvalCommandTest.cli("eval", "arithmetic", "--model", model.toString(), "--quiet").code());
    }
}
