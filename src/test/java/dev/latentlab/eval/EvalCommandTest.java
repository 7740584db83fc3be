package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.cli.Cli;
import dev.latentlab.nn.NetSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `eval` end to end on tiny randomly initialised models. */
class EvalCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out) {
        /** The figure lines, name → value. */
        Map<String, Double> figures() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] p = line.trim().split("\\s+");
                    assertEquals(2, p.length, "one figure per line: '" + line + "'");
                    m.put(p[0], Double.parseDouble(p[1]));
                }
            }
            return m;
        }
    }

    /** Runs {@code latentlab eval ARGS}, capturing standard output. */
    static Run eval(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "eval";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli(all);
    }

    /** Runs {@code latentlab ARGS}, capturing standard output. */
    static Run cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.run(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void digitModelGivesEveryFigureAndTheSameOnesForTheSameSeed() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tinydigits"), NetSpec.dcgan(28, 1, 16, 8, 8), 1);
        Run a = eval("--model", model.toString(), "--samples", "300", "--seed", "4", "--quiet",
                "--json", tmp.resolve("figs.json").toString());
        assertEquals(0, a.code(), a.out());
        Map<String, Double> f = a.figures();
        for (String name : new String[] {"fd", "precision", "recall", "confident.real", "confident.generated",
            "class.0.real", "class.9.generated"}) {
            assertTrue(f.containsKey(name), name + " missing from\n" + a.out());
        }
        assertTrue(f.get("fd") > 1, "random weights are far from real digits: " + f.get("fd"));
        double sum = 0;
        for (int c = 0; c < 10; c++) {
            sum += f.get("class." + c + ".generated");
        }
        assertEquals(1.0, sum, 1e-6, "the histogram sums to 1");
        assertTrue(f.get("confident.real") > 0.9, "real digits are classified confidently");
        assertTrue(Files.readString(tmp.resolve("figs.json")).contains("\"fd\""));
        Run b = eval("--model", model.toString(), "--samples", "300", "--seed", "4", "--quiet");
        assertEquals(a.figures(), b.figures(), "deterministic for a seed");
        Run c = eval("--model", model.toString(), "--samples", "300", "--seed", "5", "--quiet");
        assertFalse(a.figures().equals(c.figures()), "another seed, other samples");
    }

    @Test
    void thirtyTwoPixelDigitModelIsReadByTheDigitClassifier() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tiny32"), NetSpec.dcgan(32, 1, 16, 8, 8), 2);
        Run r = eval("--model", model.toString(), "--samples", "100", "--quiet");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.figures().containsKey("fd"));
    }

    @Test
    void faceModelAgainstTheCommittedFacesGivesAttributeRates() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tinyfaces"), NetSpec.dcgan(64, 3, 16, 8, 8), 3);
        Run r = eval("--model", model.toString(), "--samples", "150", "--real",
                ClassifierTest.SAMPLES.resolve("faces").toString(), "--quiet");
        assertEquals(0, r.code(), r.out());
        Map<String, Double> f = r.figures();
        for (String name : new String[] {"fd", "precision", "recall", "rate.Male.real", "rate.Male.generated",
            "rate.Smiling.real", "rate.Eyeglasses.generated", "rate.Wearing_Hat.real", "rate.Beard.generated"}) {
            assertTrue(f.containsKey(name), name + " missing from\n" + r.out());
        }
        assertEquals(0.5, f.get("rate.Male.real"), 0.2, "about half the real faces are male");
        assertTrue(r.out().contains("150 real images"), r.out());
    }

    @Test
    void withoutRealFacesItSaysSoAndGivesGeneratedFiguresOnly() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tinyfaces"), NetSpec.dcgan(64, 3, 16, 8, 8), 3);
        Run r = eval("--model", model.toString(), "--samples", "50", "--quiet");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("real images UNAVAILABLE"), r.out());
        Map<String, Double> f = r.figures();
        assertFalse(f.containsKey("fd"));
        assertFalse(f.containsKey("rate.Male.real"));
        assertTrue(f.containsKey("rate.Male.generated"));
    }

    @Test
    void aShapeNoClassifierReadsIsRefused() throws Exception {
        Path model = TinyModels.write(tmp.resolve("rgb32"), NetSpec.dcgan(32, 3, 16, 8, 8), 1);
        assertEquals(2, eval("--model", model.toString(), "--samples", "50", "--quiet").code());
        assertEquals(2, eval("--samples", "50").code(), "--model is needed");
    }
}
