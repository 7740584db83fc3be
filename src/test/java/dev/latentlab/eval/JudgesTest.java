package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.eval.Judges.Verdict;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers that judge: unsure readings never count, and a figure holds only where every reader agrees. */
class JudgesTest {
    @TempDir
    Path tmp;

    static final List<String> ATTRS = List.of("Male", "Smiling", "Eyeglasses");

    /** Reads the same probability for every attribute of every image. */
    record Constant(float p) implements ArithmeticEval.AttributeReader {
        @Override
        public List<String> attributes() {
            return ATTRS;
        }

        @Override
        public float[] probabilities(float[] images, int count, int size, int channels) {
            float[] out = new float[count * ATTRS.size()];
            java.util.Arrays.fill(out, p);
            return out;
        }
    }

    /** The opposite of another reader: 1 − p everywhere. */
    record Opposite(ArithmeticEval.AttributeReader of) implements ArithmeticEval.AttributeReader {
        @Override
        public List<String> attributes() {
            return of.attributes();
        }

        @Override
        public float[] probabilities(float[] images, int count, int size, int channels) {
            float[] p = of.probabilities(images, count, size, channels);
            for (int i = 0; i < p.length; i++) {
                p[i] = 1 - p[i];
            }
            return p;
        }
    }

    @Test
    void aReadingBetweenTheThresholdsIsUnsureNotASuccess() {
        Map<String, Boolean> smilingMan = Map.of("Male", true, "Smiling", true);
        Map<String, Boolean> woman = Map.of("Male", false);
        assertEquals(Verdict.YES, Judges.verdict(new float[] {0.9f, 0.85f, 0}, 0, ATTRS, smilingMan, 0.8));
        assertEquals(Verdict.UNSURE, Judges.verdict(new float[] {0.9f, 0.65f, 0}, 0, ATTRS, smilingMan, 0.8),
                "0.65 would pass a 0.5 threshold but is not sure");
        assertEquals(Verdict.NO, Judges.verdict(new float[] {0.1f, 0.65f, 0}, 0, ATTRS, smilingMan, 0.8),
                "surely not male: no, whatever the smile");
        assertEquals(Verdict.YES, Judges.verdict(new float[] {0.1f, 0, 0}, 0, ATTRS, woman, 0.8));
        assertEquals(Verdict.UNSURE, Judges.verdict(new float[] {0.3f, 0, 0}, 0, ATTRS, woman, 0.8));
        assertThrows(IllegalArgumentException.class, () -> Judges.of(0.4, new Judges.Judge("a", new Constant(0.5f))));
        assertThrows(IllegalArgumentException.class, () -> new Judges(List.of(), 0.8));
    }

    @Test
    void arithmeticCountsOnlyWhatEveryReaderSurelyReads() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid"), "vivid", 3);
        try (GanModel m = ModelStore.open(dir)) {
            ArithmeticEval.Options o = ArithmeticEvalTest.small();
            o.baseSamples = 200;
            ArithmeticEvalTest.PixelReader pixels = new ArithmeticEvalTest.PixelReader();

            // a judge that reads every attribute at 0.65: present at 0.5, never sure at 0.8
            ArithmeticEval.Report vague = ArithmeticEval.run(m, pixels,
                    Judges.of(0.8, new Judges.Judge("vague", new Constant(0.65f))), o, ProgressBar.silent());
            assertEquals(0.0, vague.value("smiling_man.centre"), "unsure is never a success");
            assertEquals(1.0, vague.value("smiling_man.unsure"));
            assertEquals(0.0, vague.value("smiling_man.base_rate"));
            o.sure = 0.6;
            ArithmeticEval.Report lenient = ArithmeticEval.run(m, pixels,
                    Judges.of(0.6, new Judges.Judge("vague", new Constant(0.65f))), o, ProgressBar.silent());
            assertEquals(1.0, lenient.value("smiling_man.centre"), "sure at 0.6, it reads every face as a smiling man");
            o.sure = 0.8;

            // two readers that never agree: each alone succeeds sometimes, together never
            Judges opposed = Judges.of(0.55, new Judges.Judge("pixels", pixels),
                    new Judges.Judge("opposite", new Opposite(pixels)));
            ArithmeticEval.Report r = ArithmeticEval.run(m, pixels, opposed, o, ProgressBar.silent());
            double alone = r.value("smiling_man.reader.pixels");
            assertTrue(alone > 0.3, "the selecting reader likes its own results: " + alone + "\n" + r.figures());
            assertEquals(0.0, r.value("smiling_man.centre"), "no result is read as the target by both");
            assertEquals(0.0, r.value("smiling_man.majority"));
            assertTrue(r.value("smiling_man.contested") >= alone - 1e-9, "every success of one is contested");
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("pixels (also selects the members)")), r.notes().toString());
        }
    }

    @Test
    void readersThatAgreeOnlyByChanceShowTheirDisagreement() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid2"), "vivid", 3);
        try (GanModel m = ModelStore.open(dir)) {
            ArithmeticEvalTest.PixelReader pixels = new ArithmeticEvalTest.PixelReader();
            List<ReaderAgreement.Row> same = ReaderAgreement.measure(m, Judges.of(0.8,
                    new Judges.Judge("a", pixels), new Judges.Judge("b", pixels)), 300, 1, 100, ProgressBar.silent());
            List<ReaderAgreement.Row> opposite = ReaderAgreement.measure(m, Judges.of(0.8,
                    new Judges.Judge("a", pixels), new Judges.Judge("b", new Opposite(pixels))), 300, 1, 100,
                    ProgressBar.silent());
            assertEquals(ATTRS.size(), same.size());
            for (int a = 0; a < ATTRS.size(); a++) {
                ReaderAgreement.Row s = same.get(a);
                ReaderAgreement.Row o = opposite.get(a);
                assertEquals(0.0, s.disagree(), "a reader agrees with itself");
                assertEquals(1.0, s.agreed() + s.unsure(), 1e-9);
                assertTrue(o.disagree() > 0.9, ATTRS.get(a) + ": opposite readers disagree on " + o.disagree());
                assertEquals(0.0, o.agreed(), 1e-9, "a sure yes and a sure no never agree");
                assertEquals(1.0, o.rates()[0] + o.rates()[1], 0.02);
            }
        }
    }

    /**
     * Issue 27: the shipped readers read a generated face's shape the same once its colours are gone
     * or R and B are swapped (the readers before the colour augmentation read 44–66% of hats, beards
     * and glasses the same on swapped copies; docs/readers.md).
     */
    @Test
    void theShippedReadersReadAGrayOrSwappedFaces64SampleAsTheyReadIt() throws Exception {
        List<Path> dirs = Classifiers.shipped(ClassifierInfo.Kind.FACES);
        List<Classifier> open = new java.util.ArrayList<>();
        try (GanModel m = ModelStore.open(Path.of("models/faces64"))) {
            Judges.Judge[] js = new Judges.Judge[dirs.size()];
            for (int i = 0; i < js.length; i++) {
                Classifier c = Classifier.open(dirs.get(i));
                open.add(c);
                js[i] = new Judges.Judge(dirs.get(i).getFileName().toString(), ArithmeticEval.reader(c));
            }
            List<ReaderAgreement.SelfRow> rows = ReaderAgreement.recoloured(m, Judges.of(Judges.DEFAULT_SURE, js), 300,
                    1, 100, ProgressBar.silent());
            assertEquals(dirs.size() * 2 * 6, rows.size(), "six shape attributes, gray and swapped, per reader");
            assertTrue(rows.stream().anyMatch(r -> r.same() < 1), "the copies are recoloured: some answer changes");
            for (ReaderAgreement.SelfRow r : rows) {
                assertTrue(r.same() >= 0.95, r.reader() + " reads " + r.attribute() + " the same on only " + r.same()
                        + " of " + r.recolour() + " copies");
            }
        } finally {
            for (Classifier c : open) {
                c.close();
            }
        }
    }

    @Test
    void theReadersCommandReportsAgreementPerAttribute() throws Exception {
        Path model = TinyModels.write(tmp.resolve("tinyfaces"), NetSpec.dcgan(64, 3, 16, 8, 8), 3);
        Path shipped = Classifiers.locate(ClassifierInfo.Kind.FACES);
        EvalCommandTest.Run r = EvalCommandTest.cli("eval", "readers", "--model", model.toString(), "--samples", "120",
                "--reader", shipped.toString(), "--quiet");
        assertEquals(0, r.code(), r.out());
        Map<String, Double> f = r.figures();
        assertEquals(0.0, f.get("Smiling.disagree"), "the same classifier twice agrees with itself\n" + r.out());
        assertTrue(f.containsKey("Eyeglasses.rate.classifier-faces"), r.out());
        assertEquals(2, EvalCommandTest.cli("eval", "readers", "--model", model.toString(), "--sure", "1.2", "--quiet")
                .code(), "a threshold outside [0.5, 1) is refused");
        EvalCommandTest.Run self = EvalCommandTest.cli("eval", "readers", "--model", model.toString(), "--samples", "40",
                "--reader", shipped.toString(), "--recolour", "--quiet");
        assertEquals(0, self.code(), self.out());
        Map<String, Double> g = self.figures();
        assertTrue(g.containsKey("Wearing_Hat.gray.classifier-faces") && g.containsKey("Beard.swapped.classifier-faces"),
                self.out());
        assertFalse(g.containsKey("Brown_Hair.gray.classifier-faces"), "a gray face's hair colour is unknowable");
    }

    @Test
    void aRemovalIsReadByEveryReaderOnTheSameSamples() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid3"), "vivid", 3);
        try (GanModel m = ModelStore.open(dir)) {
            ArithmeticEvalTest.PixelReader pixels = new ArithmeticEvalTest.PixelReader();
            Judges judges = Judges.of(0.7, new Judges.Judge("pixels", pixels),
                    new Judges.Judge("opposite", new Opposite(pixels)));
            int layer = m.layers().get(0).index();
            java.util.List<RemovalCheck.Row> none = RemovalCheck.measure(m, judges, layer, new java.util.BitSet(), 200, 4,
                    100, ProgressBar.silent());
            java.util.BitSet half = new java.util.BitSet();
            half.set(0, m.layers().get(0).channels() / 2);
            java.util.List<RemovalCheck.Row> removed = RemovalCheck.measure(m, judges, layer, half, 200, 4, 100,
                    ProgressBar.silent());
            boolean moved = false;
            for (int a = 0; a < ATTRS.size(); a++) {
                RemovalCheck.Row n = none.get(a);
                RemovalCheck.Row r = removed.get(a);
                assertArrayEquals(n.before(), n.after(), "nothing removed, nothing changes");
                assertArrayEquals(n.before(), r.before(), "the same samples before the removal");
                assertEquals(1.0, r.after()[0] + r.after()[1], 0.02, "the opposite reader reads the rest");
                assertEquals(0.0, r.agreedAfter(), "a sure yes and its opposite never agree");
                moved |= Math.abs(r.after()[0] - r.before()[0]) > 0.02;
            }
            assertTrue(moved, "removing half the first layer changes what is drawn");
        }
    }
}
