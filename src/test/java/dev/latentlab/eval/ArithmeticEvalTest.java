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
    void theShownTrialsAreTheMeasuredOnesAndTheSheetShowsTheirResultsFramedByVerdict() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid"), "vivid", 3);
        try (GanModel m = ModelStore.open(dir)) {
            ArithmeticEval.Options o = small();
            ArithmeticEval.Report plain = ArithmeticEval.run(m, new PixelReader(), o, ProgressBar.silent());
            o.shown = 4;
            ArithmeticEval.Report seen = ArithmeticEval.run(m, new PixelReader(), o, ProgressBar.silent());
            assertEquals(plain.figures(), seen.figures(), "keeping trials to show changes no figure");
            assertEquals(8, seen.shown().size(), "4 trials of each expression\n" + seen.notes());
            assertEquals(List.of("smiling_man", "smiling_man", "smiling_man", "smiling_man", "woman_with_glasses",
                    "woman_with_glasses", "woman_with_glasses", "woman_with_glasses"),
                    seen.shown().stream().map(ArithmeticEval.Shown::expression).toList());
            int nz = m.nz();
            for (ArithmeticEval.Shown s : seen.shown()) {
                // the result is mean C + mean A − mean B of the shown exemplars
                float[] ex = s.exemplarZ();
                for (int d = 0; d < nz; d++) {
                    double a = 0;
                    double b = 0;
                    double c = 0;
                    for (int i = 0; i < 3; i++) {
                        a += ex[i * nz + d] / 3.0;
                        b += ex[(3 + i) * nz + d] / 3.0;
                        c += ex[(6 + i) * nz + d] / 3.0;
                    }
                    assertEquals(c + a - b, s.resultZ()[d], 1e-4);
                }
            }
            java.awt.image.BufferedImage sheet = ArithmeticEval.sheet(m, seen.shown(), 1);
            int size = m.spec().imageSize();
            int cell = size + 2;
            assertEquals(10 * cell + 2, sheet.getWidth(), "3 exemplars of A, B and C, then the result");
            assertEquals(8 * cell + 2, sheet.getHeight(), "a trial to a row");
            dev.latentlab.model.Generated g = m.generate(seen.shown().get(5).resultZ(), 1);
            int[] want = dev.latentlab.render.Pixels.argb(g, 0);
            int x0 = 2 + 9 * cell;
            int y0 = 2 + 5 * cell;
            int same = 0;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    same += (sheet.getRGB(x0 + x, y0 + y) & 0xffffff) == (want[y * size + x] & 0xffffff) ? 1 : 0;
                }
            }
            assertTrue(same > size * size * 0.95, "row 6's last cell is G(result): " + same + " of " + size * size);
            for (int r = 0; r < 8; r++) {
                int frame = sheet.getRGB(x0 - 1, 2 + r * cell + size / 2);
                assertEquals(seen.shown().get(r).outcome().argb & 0xffffff, frame & 0xffffff,
                        "row " + r + "'s result is framed by its verdict " + seen.shown().get(r).outcome());
            }
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

        // a model whose samples vary enough for the faces reader to find members of every concept
        Path vivid = TinyModels.vividFaces(tmp.resolve("vividfaces"), 3);
        Path grid = tmp.resolve("trials.png");
        EvalCommandTest.Run g = EvalCommandTest.cli("eval", "arithmetic", "--model", vivid.toString(), "--pool", "300",
                "--trials", "10", "--confidence", "0.5", "--quiet", "--grid", grid.toString(), "--grid-trials", "3");
        assertEquals(0, g.code(), g.out());
        assertEquals(EvalCommandTest.cli("eval", "arithmetic", "--model", vivid.toString(), "--pool", "300", "--trials",
                "10", "--confidence", "0.5", "--quiet").figures(), g.figures(), "--grid changes no figure");
        java.awt.image.BufferedImage sheet = javax.imageio.ImageIO.read(grid.toFile());
        assertEquals(10 * 66 + 2, sheet.getWidth(), "a row: 3 exemplars of A, B, C and the result");
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream errBuf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(errBuf, true, java.nio.charset.StandardCharsets.UTF_8));
        EvalCommandTest.Run huge;
        try {
            huge = EvalCommandTest.cli("eval", "arithmetic", "--model", vivid.toString(), "--trials", "100000",
                    "--quiet", "--grid", tmp.resolve("huge.png").toString(), "--grid-trials", "100000");
        } finally {
            System.setErr(oldErr);
        }
        String said = errBuf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(huge.code() != 0 && said.contains("million pixels") && huge.out().isBlank(),
                "a sheet too large is refused before any work, in words\n" + said + huge.out());
        long ran = java.util.stream.Stream.of("smiling_man.centre", "woman_with_glasses.centre")
                .filter(n -> !Double.isNaN(g.figures().get(n))).count();
        assertTrue(ran >= 1, g.out());
        assertEquals(3 * ran * 66 + 2, sheet.getHeight(), "3 trials of each expression that ran\n" + g.out());

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
