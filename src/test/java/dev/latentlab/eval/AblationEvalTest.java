package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.TinyModels;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel removal on a real generator, and `eval ablation` end to end on a tiny face-sized model. */
class AblationEvalTest {
    @TempDir
    Path tmp;

    @Test
    void removingAChannelZeroesExactlyThatChannelAndRestoringGivesIdenticalOutput() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid"), "vivid", 1);
        try (GanModel m = ModelStore.open(dir)) {
            float[] z = TinyModels.gaussian(3 * m.nz(), 5);
            for (LayerInfo l : m.layers()) {
                int c = l.channels() / 2;
                Generated plain = m.generate(z, 3, ChannelMask.none(), Set.of(l.index()));
                ChannelMask removed = ChannelMask.none().with(l.index(), c, true);
                Generated cut = m.generate(z, 3, removed, Set.of(l.index()));
                float[] a = plain.activations().get(l.index()).values();
                float[] b = cut.activations().get(l.index()).values();
                int plane = l.height() * l.width();
                boolean active = false;
                for (int n = 0; n < 3; n++) {
                    for (int ch = 0; ch < l.channels(); ch++) {
                        for (int p = 0; p < plane; p++) {
                            int i = (n * l.channels() + ch) * plane + p;
                            if (ch == c) {
                                assertEquals(0f, b[i], "removed channel " + c + " of " + l.name());
                                active |= a[i] != 0;
                            } else {
                                assertEquals(a[i], b[i], "channel " + ch + " is untouched");
                            }
                        }
                    }
                }
                assertTrue(active, "the channel was active before");
                assertFalse(java.util.Arrays.equals(plain.images(), cut.images()), "the image changes");
                ChannelMask restored = removed.with(l.index(), c, false);
                assertEquals(ChannelMask.none(), restored);
                assertArrayEquals(plain.images(), m.generate(z, 3, restored, Set.of()).images(),
                        "restoring gives identical output");
            }
        }
    }

    @Test
    void theViewsMapsAreComputedWithoutTheLayersOwnMask() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid"), "vivid", 2);
        try (GanModel m = ModelStore.open(dir)) {
            int layer = AblationEval.defaultLayer(m.layers());
            assertEquals(1, layer, "the second of three hidden layers");
            float[] z = TinyModels.gaussian(m.nz(), 1);
            float[] batch = TinyModels.gaussian(20 * m.nz(), 2);
            AblationEval.LayerMaps plain = AblationEval.maps(z, batch, 20, layer, ChannelMask.none()).apply(m);
            AblationEval.LayerMaps masked = AblationEval.maps(z, batch, 20, layer,
                    ChannelMask.none().with(layer, 0, true)).apply(m);
            assertArrayEquals(plain.current(), masked.current());
            assertArrayEquals(plain.batchMean(), masked.batchMean(), 1e-6f);
            LayerInfo l = plain.layer();
            assertEquals(l.channels() * l.height() * l.width(), plain.current().length);
            assertEquals(l.channels(), plain.channelMean().length);
        }
    }

    @Test
    void evalAblationRunsEndToEndAndIsDeterministic() throws Exception {
        Path model = TinyModels.vividFaces(tmp.resolve("vividfaces"), 4);
        // pick an attribute the classifier sees on some but not all of these samples
        EvalCommandTest.Run plain = EvalCommandTest.eval("--model", model.toString(), "--samples", "100", "--quiet");
        assertEquals(0, plain.code(), plain.out());
        String attribute = null;
        double best = 1;
        for (Map.Entry<String, Double> e : plain.figures().entrySet()) {
            double d = Math.abs(e.getValue() - 0.5);
            if (e.getKey().endsWith(".generated") && e.getKey().startsWith("rate.") && d < best) {
                best = d;
                attribute = e.getKey().substring(5, e.getKey().length() - ".generated".length());
            }
        }
        assertNotNull(attribute);
        assertTrue(best < 0.48, "some attribute is mixed: " + plain.out());
        String[] args = {"ablation", "--model", model.toString(), "--attribute", attribute, "--k", "2",
            "--samples", "120", "--batch", "40", "--quiet"};
        EvalCommandTest.Run a = EvalCommandTest.eval(args);
        assertEquals(0, a.code(), a.out());
        Map<String, Double> f = a.figures();
        for (String name : new String[] {"rate." + attribute + ".before", "rate." + attribute + ".after",
            "drop." + attribute + ".relative"}) {
            assertTrue(f.containsKey(name), name + " missing from\n" + a.out());
        }
        assertTrue(f.keySet().stream().filter(k -> k.startsWith("moved.")).count() >= 4, a.out());
        assertTrue(a.out().contains("# layer       1:"), "the default layer is the second: " + a.out());
        assertTrue(a.out().contains("removed 2 of 32 channels"), a.out());
        assertEquals(f, EvalCommandTest.eval(args).figures(), "deterministic for a seed");
        assertEquals(2, EvalCommandTest.eval("ablation", "--model", model.toString(), "--attribute", "Nope", "--k", "2",
                "--quiet").code(), "an unknown attribute is refused");
        assertEquals(2, EvalCommandTest.eval("ablation", "--model", model.toString(), "--attribute", attribute,
                "--k", "999", "--samples", "20", "--quiet").code(), "k beyond the layer's channels is refused");
        EvalCommandTest.Run s = EvalCommandTest.eval("ablation", "--model", model.toString(), "--attribute", attribute,
                "--k", "2", "--samples", "40", "--batch", "20", "--ranking", "search", "--search-samples", "20",
                "--grid", tmp.resolve("grid.png").toString(), "--quiet");
        assertEquals(0, s.code(), s.out());
        java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(tmp.resolve("grid.png").toFile());
        assertEquals(12 * 64 * 2 + 13 * 2, grid.getWidth(), "six pairs before | after to a row, at scale 2");
        // 2 picks: the automatic shortlist, 100 / 2, is every one of the layer's 32 channels
        assertTrue(s.out().contains("channels by ablation search, estimated (20 samples, 32 exact trials per pick"),
                s.out());
        assertTrue(s.figures().containsKey("drop." + attribute + ".relative"), s.out());
        EvalCommandTest.Run x = EvalCommandTest.eval("ablation", "--model", model.toString(), "--attribute", attribute,
                "--k", "2", "--samples", "40", "--batch", "20", "--ranking", "search", "--search-samples", "20",
                "--exhaustive", "--quiet");
        assertEquals(0, x.code(), x.out());
        assertTrue(x.out().contains("channels by ablation search (20 samples, 8 candidates"), x.out());
        // a removal found earlier, measured again: exactly the channels given
        EvalCommandTest.Run g = EvalCommandTest.eval("ablation", "--model", model.toString(), "--attribute", attribute,
                "--k", "3", "--channels", "5,0,17", "--samples", "40", "--batch", "20", "--quiet");
        assertEquals(0, g.code(), g.out());
        assertTrue(g.out().contains("# removed     5,0,17\n"), g.out());
        assertEquals(2, EvalCommandTest.eval("ablation", "--model", model.toString(), "--attribute", attribute,
                "--k", "2", "--channels", "5,0,17", "--samples", "40", "--quiet").code(), "--k must count the channels");
        assertEquals(2, EvalCommandTest.eval("ablation", "--model", model.toString(), "--attribute", attribute,
                "--k", "2", "--ranking", "nope", "--quiet").code(), "an unknown ranking is refused");
    }

    /**
     * A reader whose attribute is the image's projection on d*, the mean image change from removing
     * channel c* (the channel that changes images most), measured on the very samples the search
     * draws. Removing any channel c moves that projection by d_c · d* / |d*| ≤ |d_c| ≤ |d*|, so the
     * search must pick c* first — unless a kept attribute that reads the same direction forbids it.
     */
    @Test
    void theSearchPicksThePlantedChannelAndRespectsTheKeptAttribute() {
        Path dir = TinyModels.vivid(tmp.resolve("vivid"), "vivid", 3);
        try (GanModel m = ModelStore.open(dir)) {
            int layer = 1;
            int n = 24;
            long seed = 7;
            float[] z = AblationEval.gaussian(new Random(seed), n * m.nz());
            float[] plain = m.generate(z, n).images();
            int channels = m.layers().get(layer).channels();
            float[][] d = new float[channels][];
            int planted = -1;
            double bestNorm = -1;
            for (int c = 0; c < channels; c++) {
                float[] cut = m.generate(z, n, ChannelMask.none().with(layer, c, true), Set.of()).images();
                int per = plain.length / n;
                d[c] = new float[per];
                for (int i = 0; i < plain.length; i++) {
                    d[c][i % per] += (plain[i] - cut[i]) / n;
                }
                double norm = 0;
                for (float v : d[c]) {
                    norm += v * v;
                }
                if (norm > bestNorm) {
                    bestNorm = norm;
                    planted = c;
                }
            }
            float[] w = d[planted].clone();
            double len = Math.sqrt(bestNorm);
            for (int i = 0; i < w.length; i++) {
                w[i] /= len;
            }
            // attribute 0: the projection (nearly linear probability); attribute 1: the same, to keep
            ArithmeticEval.AttributeReader reader = new ArithmeticEval.AttributeReader() {
                @Override
                public java.util.List<String> attributes() {
                    return java.util.List.of("Planted", "Kept");
                }

                @Override
                public float[] probabilities(float[] images, int count, int size, int ch) {
                    float[] p = new float[2 * count];
                    int per = images.length / count;
                    for (int k = 0; k < count; k++) {
                        double s = 0;
                        for (int i = 0; i < per; i++) {
                            s += w[i] * images[k * per + i];
                        }
                        p[2 * k] = (float) (0.5 + 1e-3 * s);
                        p[2 * k + 1] = p[2 * k];
                    }
                    return p;
                }

                /** The same projection natively, so that the estimated search's gradients flow through it. */
                @Override
                public ai.djl.ndarray.NDArray probabilities(ai.djl.ndarray.NDArray images) {
                    long count = images.getShape().get(0);
                    ai.djl.ndarray.NDArray wv = images.getManager().create(w, new ai.djl.ndarray.types.Shape(w.length, 1));
                    ai.djl.ndarray.NDArray p = images.reshape(count, -1).matMul(wv).mul(1e-3).add(0.5);
                    return p.concat(p, 1);
                }

                @Override
                public boolean differentiable(int size, int ch) {
                    return true;
                }
            };
            for (int shortlist : new int[] {0, 2}) { // exhaustive, estimated
            RemovalSearch.Request free = RemovalSearch.Request.of(layer, "Planted", 2).withSeed(seed)
                    .withSettings(new RemovalSearch.Settings(n, channels, 0.03, shortlist));
            for (RemovalSearch.Strategy how : RemovalSearch.Strategy.values()) {
                ChannelRanking r = RemovalSearch.run(m, reader, free, ProgressBar.silent(), f -> {}, () -> false, how);
                assertEquals(planted, r.order()[0], "the planted channel comes first: " + r.method());
                assertEquals(planted, r.top(1)[0]);
                assertTrue(r.score(planted) > 0, "its single removal lowers the attribute");
                RemovalSearch.Request kept = free.withKeep(java.util.List.of("Kept"))
                        .withSettings(free.settings().withBudget(0));
                ChannelRanking k = RemovalSearch.run(m, reader, kept, ProgressBar.silent(), f -> {}, () -> false, how);
                assertFalse(k.top(2)[0] == planted, "with the same direction kept at budget 0 the planted channel "
                        + "is not the first pick");
                java.util.concurrent.CancellationException e = assertThrows(
                        java.util.concurrent.CancellationException.class, () -> RemovalSearch.run(m, reader, free,
                        ProgressBar.silent(), f -> {}, () -> true, how));
                assertTrue(e.getMessage().matches("search cancelled at [0-9]+% \\(0 of 2 channels picked\\); "
                        + "nothing was removed"), e.getMessage());
            }
            }
        }
    }

    /** One test's face-sized tiny model (seed 4) and the shipped face classifier. */
    private interface WithFaces {
        void run(GanModel m, Classifier c) throws Exception;
    }

    private void withVividFaces(WithFaces body) throws Exception {
        Path dir = TinyModels.vividFaces(tmp.resolve("vividfaces"), 4);
        try (GanModel m = ModelStore.open(dir);
                Classifier c = Classifier.open(Classifiers.locate(ClassifierInfo.Kind.FACES))) {
            body.run(m, c);
        }
    }

    /** The automatic shortlist spends about 100 trial removals whatever k is; an explicit one is kept. */
    @Test
    void theAutomaticShortlistTriesMoreChannelsPerPickWhenThereAreFewPicks() {
        RemovalSearch.Settings auto = RemovalSearch.Settings.DEFAULT;
        assertEquals(4, auto.shortlist(25, 256), "faces64's hats: 25 picks of 4");
        assertEquals(8, auto.shortlist(12, 128), "glasses: 12 picks of 8");
        assertEquals(32, auto.shortlist(2, 32), "2 picks: every channel of a 32-channel layer");
        assertEquals(4, auto.shortlist(100, 512), "never fewer than 4");
        assertEquals(4, auto.withShortlist(4).shortlist(2, 32), "an explicit shortlist is kept");
        assertTrue(auto.withShortlist(0).exhaustive());
        assertFalse(auto.exhaustive());
    }

    /**
     * The estimated search (a gradient pass per pick, the best few by gradient × activation tried
     * exactly) against the exhaustive one (every channel removed alone, then 2·k candidates per
     * pick), on a face-sized model read by the shipped classifier: on samples neither search saw,
     * its removal lowers the attribute as much (within 3 points of relative drop) while it classifies
     * fewer images (on a layer this small the saving is modest; it grows with the channels and k).
     */
    @Test
    void theEstimatedSearchRemovesAsMuchAsTheExhaustiveOneReadingAFractionOfTheImages() throws Exception {
        withVividFaces((m, c) -> {
            ArithmeticEval.AttributeReader inner = ArithmeticEval.outputsReader(c);
            long[] read = {0};
            ArithmeticEval.AttributeReader reader = new ArithmeticEval.AttributeReader() {
                @Override
                public java.util.List<String> attributes() {
                    return inner.attributes();
                }

                @Override
                public float[] probabilities(float[] images, int count, int size, int ch) {
                    read[0] += count;
                    return inner.probabilities(images, count, size, ch);
                }

                @Override
                public ai.djl.ndarray.NDArray probabilities(ai.djl.ndarray.NDArray images) {
                    read[0] += images.getShape().get(0);
                    return inner.probabilities(images);
                }

                @Override
                public ai.djl.ndarray.NDArray probabilities(ai.djl.ndarray.NDArray images,
                        dev.latentlab.nn.Precision precision) {
                    read[0] += images.getShape().get(0);
                    return inner.probabilities(images, precision);
                }

                @Override
                public boolean differentiable(int size, int ch) {
                    return inner.differentiable(size, ch);
                }
            };
            int n = 400;
            float[] z = AblationEval.gaussian(new Random(11), n * m.nz());
            float[] plain = inner.probabilities(m.generate(z, n).images(), n, 64, 3);
            int outs = inner.attributes().size();
            int attribute = -1;
            double closest = 1;
            for (int a = 0; a < outs; a++) {
                double rate = rate(plain, n, outs, a);
                if (java.util.List.of("Male", "Smiling").contains(inner.attributes().get(a))) {
                    continue; // kept by the search below: not a target
                }
                if (Math.abs(rate - 0.5) < closest) {
                    closest = Math.abs(rate - 0.5);
                    attribute = a;
                }
            }
            String name = inner.attributes().get(attribute);
            double before = rate(plain, n, outs, attribute);
            int layer = 1;
            int k = 6;
            RemovalSearch.Request request = RemovalSearch.Request.of(layer, name, k)
                    .withKeep(java.util.List.of("Male", "Smiling")).withSeed(5)
                    .withSettings(RemovalSearch.Settings.DEFAULT.withSamples(60).withBudget(0.05));
            long[] images = new long[3];
            double[] drop = new double[3];
            ChannelRanking[] found = new ChannelRanking[3];
            dev.latentlab.nn.Precision was = dev.latentlab.nn.Precision.current();
            for (int i = 0; i < 3; i++) { // exhaustive, estimated, estimated with bfloat16 trials
                read[0] = 0;
                RemovalSearch.Request r = request.withSettings(request.settings().withShortlist(i == 0 ? 0 : 4));
                dev.latentlab.nn.Precision.set(i == 2 ? dev.latentlab.nn.Precision.BFLOAT16
                        : dev.latentlab.nn.Precision.FLOAT32);
                try {
                    found[i] = RemovalSearch.run(m, reader, r, ProgressBar.silent(), () -> false);
                } finally {
                    dev.latentlab.nn.Precision.set(was);
                }
                images[i] = read[0];
                ChannelMask mask = ChannelMask.none().withLayer(layer, found[i].topSet(k));
                float[] cut = inner.probabilities(m.generate(z, n, mask, Set.of()).images(), n, 64, 3);
                drop[i] = (before - rate(cut, n, outs, attribute)) / before;
            }
            assertTrue(found[1].method().contains("estimated"), found[1].method());
            assertTrue(drop[0] > 0.05, "the exhaustive search lowers " + name + ": " + drop[0]);
            assertTrue(drop[1] >= drop[0] - 0.03, name + ": estimated " + drop[1] + " against exhaustive " + drop[0]);
            assertTrue(found[2].method().contains("trials per pick in bfloat16"), found[2].method());
            assertTrue(drop[2] >= drop[0] - 0.03, name + ": estimated with bfloat16 trials " + drop[2]
                    + " against exhaustive " + drop[0]);
            // 32 channels and 6 picks, every other pick's shortlist over budget: 2,760 against 4,680 when written
            assertTrue(images[1] < images[0], "the estimated search reads " + images[1] + " images, the exhaustive "
                    + images[0]);
        });
    }

    /**
     * The search as it ships (the generator split at the layer: the trunk once, each trial only the
     * later stages, images straight into the classifier) against the search as first written
     * (every trial generated in full with a mask), on a face-sized model read by the shipped
     * classifier: the same single-removal effects, the same picks, and so the same relative drop
     * of the attribute on samples neither search saw.
     */
    @Test
    void theSplitSearchRemovesTheAttributeAsWellAsTheFullOne() throws Exception {
        withVividFaces((m, c) -> {
            ArithmeticEval.AttributeReader reader = ArithmeticEval.outputsReader(c);
            int n = 400;
            float[] z = AblationEval.gaussian(new Random(11), n * m.nz());
            float[] plain = reader.probabilities(m.generate(z, n).images(), n, 64, 3);
            // the attribute the classifier sees on the share of samples closest to half
            int outs = reader.attributes().size();
            int attribute = -1;
            double closest = 1;
            for (int a = 0; a < outs; a++) {
                double rate = rate(plain, n, outs, a);
                if (Math.abs(rate - 0.5) < closest) {
                    closest = Math.abs(rate - 0.5);
                    attribute = a;
                }
            }
            assertTrue(closest < 0.4, "some attribute is mixed");
            String name = reader.attributes().get(attribute);
            double before = rate(plain, n, outs, attribute);
            for (int layer : new int[] {1, 0}) {
                RemovalSearch.Request request = RemovalSearch.Request.of(layer, name, 4)
                        .withKeep(java.util.List.of("Male", "Smiling")).withSeed(5)
                        .withSettings(RemovalSearch.Settings.DEFAULT.withSamples(60).withShortlist(0));
                ChannelRanking reference = RemovalSearch.run(m, reader, request, ProgressBar.silent(), f -> {},
                        () -> false, RemovalSearch.Strategy.MASKED);
                ChannelRanking split = RemovalSearch.run(m, reader, request, ProgressBar.silent(), () -> false);
                assertArrayEquals(reference.scores(), split.scores(), 1e-4, "the split pass measures the same removals");
                assertArrayEquals(reference.top(4), split.top(4), "and picks the same channels");
                double[] drop = new double[2];
                ChannelRanking[] both = {reference, split};
                for (int i = 0; i < 2; i++) {
                    ChannelMask mask = ChannelMask.none().withLayer(layer, both[i].topSet(4));
                    float[] cut = reader.probabilities(m.generate(z, n, mask, Set.of()).images(), n, 64, 3);
                    drop[i] = (before - rate(cut, n, outs, attribute)) / before;
                }
                assertTrue(drop[0] > 0.05, "the reference search lowers " + name + " on layer " + layer + ": "
                        + drop[0]);
                assertEquals(drop[0], drop[1], 0.03, name + " on layer " + layer + ": relative drop");
            }
        });
    }

    /**
     * The search's samples go through the later stages in chunks small enough that no array is a fresh
     * mapping ({@link RemovalSearch#chunk}); how they are cut must not change what it measures or picks:
     * in one pass, in chunks of 7 (60 samples: 9 uneven chunks), estimated and exhaustive alike.
     */
    @Test
    void cuttingTheSamplesIntoChunksChangesNeitherTheScoresNorThePicks() throws Exception {
        withVividFaces((m, c) -> {
            ArithmeticEval.AttributeReader reader = ArithmeticEval.outputsReader(c);
            for (int shortlist : new int[] {0, 2}) {
                RemovalSearch.Request request = RemovalSearch.Request.of(1, "Male", 3)
                        .withKeep(java.util.List.of("Smiling", "Black_Hair")).withSeed(5)
                        .withSettings(RemovalSearch.Settings.DEFAULT.withSamples(60).withShortlist(shortlist));
                ChannelRanking whole = RemovalSearch.run(m, reader, request, ProgressBar.silent(), f -> {},
                        () -> false, RemovalSearch.Strategy.SPLIT, 1000);
                ChannelRanking cut = RemovalSearch.run(m, reader, request, ProgressBar.silent(), f -> {},
                        () -> false, RemovalSearch.Strategy.SPLIT, 7);
                assertArrayEquals(whole.scores(), cut.scores(), 1e-5, whole.method());
                assertArrayEquals(whole.top(3), cut.top(3), whole.method());
                assertEquals(whole.method(), cut.method());
            }
        });
        // faces64's shape: after layer 1 stage 3's phase layout (64 × 34 × 34 floats a sample) sets the chunk
        java.util.List<LayerInfo> faces = java.util.List.of(new LayerInfo(0, "stage 1", 512, 4, 4),
                new LayerInfo(1, "stage 2", 256, 8, 8), new LayerInfo(2, "stage 3", 128, 16, 16),
                new LayerInfo(3, "stage 4", 64, 32, 32));
        int chunk = RemovalSearch.chunk(faces, 1, 3, 64);
        assertEquals(106, chunk);
        assertTrue((long) chunk * 64 * 34 * 34 * Float.BYTES < 32L << 20, "under glibc's largest mmap threshold");
        assertEquals(RemovalSearch.chunk(faces, 1, 3, 64), RemovalSearch.chunk(faces, 2, 3, 64),
                "layer 2's later stages hold the same largest array");
    }

    private static double rate(float[] p, int n, int outs, int a) {
        int with = 0;
        for (int i = 0; i < n; i++) {
            with += p[i * outs + a] >= 0.5f ? 1 : 0;
        }
        return (double) with / n;
    }
}
