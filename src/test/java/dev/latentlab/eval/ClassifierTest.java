package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latentlab.data.BuiltinDatasets;
import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageFolder;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped classifiers against the committed held-out samples (src/test/resources/eval: the
 * first 200 held-out images of each, written by train-classifier --export-held-out), and the
 * Fréchet distance on their features.
 */
class ClassifierTest {
    static final Path SAMPLES = Path.of("src/test/resources/eval");

    @TempDir
    Path tmp;

    /** Accuracy on n images may differ from the recorded one (on 2,000) by sampling: allow 4 σ, at least 3 points. */
    static double tolerance(double p, int n) {
        return Math.max(0.03, 4 * Math.sqrt(Math.max(p * (1 - p), 0.005) / n));
    }

    static ImageSet digitSample(int size) {
        return DatasetSource.open(SAMPLES.resolve("digits/digits-images-idx3-ubyte.gz").toString(), ImageSpec.gray(size),
                null);
    }

    static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void digitClassifierReproducesItsHeldOutAccuracy() {
        try (Classifier c = Classifier.open(Classifiers.locate(ClassifierInfo.Kind.DIGITS))) {
            ImageSet set = digitSample(28);
            assertEquals(200, set.size());
            Accuracy a = Accuracy.measure(c, set, all(set.size()), Labels.digits(set), 100, null);
            double recorded = c.info().heldOut.overall;
            assertTrue(recorded >= 0.97, "recorded held-out accuracy " + recorded);
            assertEquals(recorded, a.overall(), tolerance(recorded, set.size()),
                    "accuracy on the committed sample vs recorded");
        }
    }

    @Test
    void digitClassifierReadsThirtyTwoPixelDigitsByCropping() {
        try (Classifier c = Classifier.open(Classifiers.locate(ClassifierInfo.Kind.DIGITS))) {
            ImageSet s28 = digitSample(28).limit(20);
            ImageSet s32 = digitSample(32).limit(20);
            float[] x28 = new float[20 * 28 * 28];
            float[] x32 = new float[20 * 32 * 32];
            for (int i = 0; i < 20; i++) {
                s28.copyImage(i, x28, i * 28 * 28, false);
                s32.copyImage(i, x32, i * 32 * 32, false);
            }
            Classifier.Outputs a = c.run(x28, 20, 28, 1);
            Classifier.Outputs b = c.run(x32, 20, 32, 1);
            for (int i = 0; i < a.probabilities().length; i++) {
                assertEquals(a.probabilities()[i], b.probabilities()[i], 1e-5f);
            }
        }
    }

    @Test
    void faceClassifierReproducesItsHeldOutAccuracyPerAttribute() {
        try (Classifier c = Classifier.open(Classifiers.locate(ClassifierInfo.Kind.FACES))) {
            ImageSet set = ImageFolder.load(SAMPLES.resolve("faces"), ImageSpec.rgb(64), null);
            assertEquals(200, set.size());
            Accuracy a = Accuracy.measure(c, set, all(set.size()), Labels.attributes(set, c.info().outputs), 100, null);
            for (String attr : new String[] {"Male", "Smiling", "Eyeglasses", "Wearing_Hat", "Beard"}) {
                assertTrue(c.info().heldOut.accuracy.get(attr) >= 0.97, attr + " recorded "
                        + c.info().heldOut.accuracy.get(attr));
            }
            for (Map.Entry<String, Double> e : c.info().heldOut.accuracy.entrySet()) {
                double recorded = e.getValue();
                assertEquals(recorded, a.perOutput().get(e.getKey()), tolerance(recorded, set.size()),
                        e.getKey() + " on the committed sample vs recorded");
            }
        }
    }

    @Test
    void frechetDistanceOfFeaturesIsZeroForTheSameImagesAndGrowsWithBlurAndNoise() {
        ImageSet digits = BuiltinDatasets.digits(ImageSpec.gray(28));
        int[] pick = SampleQuality.pick(digits.size(), 2000, 5); // sorted, and the digits are sorted by class:
        // the two sets take alternate picks so that both hold every class
        int n = 1000;
        float[] a = new float[n * 784];
        float[] b = new float[n * 784];
        for (int i = 0; i < n; i++) {
            digits.copyImage(pick[2 * i], a, i * 784, false);
            digits.copyImage(pick[2 * i + 1], b, i * 784, false);
        }
        try (Classifier c = Classifier.open(Classifiers.locate(ClassifierInfo.Kind.DIGITS))) {
            int d = c.featureDim();
            float[] fa = c.run(a, n, 28, 1).features();
            float[] fb = c.run(b, n, 28, 1).features();
            double self = FrechetDistance.between(fa, n, fa, n, d);
            double other = FrechetDistance.between(fa, n, fb, n, d);
            double blurred = FrechetDistance.between(fa, n, c.run(blur(b, n, 28), n, 28, 1).features(), n, d);
            double blurred2 = FrechetDistance.between(fa, n, c.run(blur(blur(b, n, 28), n, 28), n, 28, 1).features(), n, d);
            double noise1 = FrechetDistance.between(fa, n, c.run(noise(b, 0.3, 1), n, 28, 1).features(), n, d);
            double noise2 = FrechetDistance.between(fa, n, c.run(noise(b, 0.8, 2), n, 28, 1).features(), n, d);
            String all = String.format(Locale.ROOT, "self %.3g, other real %.3g, blurred %.3g, blurred twice %.3g, "
                    + "noise 0.3 %.3g, noise 0.8 %.3g", self, other, blurred, blurred2, noise1, noise2);
            assertTrue(self < 1e-6 * Math.max(1, other), all);
            assertTrue(other > self, all);
            assertTrue(blurred > 3 * other, all);
            assertTrue(blurred2 > blurred, all);
            assertTrue(noise1 > 3 * other, all);
            assertTrue(noise2 > noise1, all);
        }
    }

    /** 3×3 box blur, edges clamped. */
    static float[] blur(float[] x, int n, int s) {
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            int o = i * s * s;
            for (int y = 0; y < s; y++) {
                for (int xx = 0; xx < s; xx++) {
                    float sum = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.min(s - 1, Math.max(0, y + dy));
                            int xc = Math.min(s - 1, Math.max(0, xx + dx));
                            sum += x[o + yy * s + xc];
                        }
                    }
                    out[o + y * s + xx] = sum / 9;
                }
            }
        }
        return out;
    }

    static float[] noise(float[] x, double sigma, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) Math.max(-1, Math.min(1, x[i] + sigma * r.nextGaussian()));
        }
        return out;
    }

    @Test
    void theSplitIsSeededAndDisjoint() {
        ClassifierTrainer.Split a = ClassifierTrainer.split(1000, 200, 1);
        ClassifierTrainer.Split b = ClassifierTrainer.split(1000, 200, 1);
        assertArrayEquals(a.heldOut(), b.heldOut());
        assertEquals(200, a.heldOut().length);
        assertEquals(800, a.train().length);
        Set<Integer> seen = new HashSet<>();
        Arrays.stream(a.heldOut()).forEach(seen::add);
        Arrays.stream(a.train()).forEach(seen::add);
        assertEquals(1000, seen.size());
        long low = Arrays.stream(a.heldOut()).filter(i -> i < 500).count();
        assertTrue(low > 60 && low < 140, "shuffled, not the first images: " + low);
    }

    @Test
    void trainingWritesAClassifierThatReloadsWithTheSameAccuracy() throws Exception {
        ImageSet set = digitSample(28);
        ClassifierTrainer.Options o = new ClassifierTrainer.Options();
        o.kind = ClassifierInfo.Kind.DIGITS;
        o.heldOut = 50;
        o.epochs = 10;
        o.maxIterations = 25;
        o.batchSize = 16;
        Path out = tmp.resolve("c");
        Labels labels = Labels.digits(set);
        // one intra-op thread: on a busy machine, OpenMP barriers in the backward pass stall for
        // seconds when torch's threads outnumber the free cores (25 s instead of 1 s here)
        int threads = dev.latentlab.nn.TorchRuntime.threads(); // starts the engine
        ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
        ClassifierInfo info;
        try {
            info = ClassifierTrainer.train(set, labels, o, out, s -> { }, ProgressBar.silent());
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        assertTrue(Files.isRegularFile(out.resolve(Classifier.INFO)));
        assertTrue(Files.isRegularFile(out.resolve(Classifier.WEIGHTS)));
        assertEquals(25, info.training.iterations);
        assertTrue(info.heldOut.overall > 0.3, "learned something in 25 steps: " + info.heldOut.overall);
        try (Classifier c = Classifier.open(out)) {
            int[] held = ClassifierTrainer.split(set.size(), 50, o.splitSeed).heldOut();
            assertEquals(info.heldOut.overall, Accuracy.measure(c, set, held, labels, 50, null).overall(), 1e-9);
        }
    }

    @Test
    void theSecondReaderReadsTheFacesItNeverSawAsWellAsItsOwnHeldOutOnes() {
        // the committed sample is facegen seed 2, the first reader's data: the second (seed 3) never saw any of it
        try (Classifier c = Classifier.open(Classifiers.locateSecond(ClassifierInfo.Kind.FACES).orElseThrow())) {
            assertTrue(c.info().globalPool(), "the second reader is of the other design");
            ImageSet set = ImageFolder.load(SAMPLES.resolve("faces"), ImageSpec.rgb(64), null);
            Accuracy a = Accuracy.measure(c, set, all(set.size()), Labels.attributes(set, c.info().outputs), 100, null);
            for (String attr : new String[] {"Male", "Smiling", "Eyeglasses", "Wearing_Hat", "Beard"}) {
                assertTrue(a.perOutput().get(attr) >= 0.97, attr + ": " + a.perOutput().get(attr));
            }
        }
    }

    @Test
    void theSecondReadersDesignPoolsOverPositionsAndSurvivesASaveAndReload() throws Exception {
        java.util.List<String> attrs = java.util.List.of("Male", "Smiling");
        ClassifierInfo gap = ClassifierInfo.design(ClassifierInfo.Kind.FACES, ClassifierInfo.GAP, attrs);
        ClassifierInfo std = ClassifierInfo.design(ClassifierInfo.Kind.FACES, ClassifierInfo.STANDARD, attrs);
        assertTrue(gap.globalPool() && !std.globalPool());
        float[] images = new float[2 * 3 * 64 * 64];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (2 * r.nextDouble() - 1);
        }
        Path out = tmp.resolve("gap");
        try (ai.djl.ndarray.NDManager base = dev.latentlab.nn.TorchRuntime.engine().newBaseManager();
                Classifier c = new Classifier(gap, base)) {
            c.initialize(new java.util.Random(1));
            assertEquals(128 * 192, c.params().get("fc.weight").size(), "fc reads the 192 pooled channels");
            float[] before = c.run(images, 2, 64, 3).probabilities();
            c.save(out);
            assertTrue(Files.readString(out.resolve(Classifier.INFO)).contains("\"head\": \"gap\""));
            try (Classifier back = Classifier.open(out)) {
                assertArrayEquals(before, back.run(images, 2, 64, 3).probabilities(), 0f);
            }
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClassifierInfo.design(ClassifierInfo.Kind.FACES, "resnet", attrs));
        assertTrue(e.getMessage().contains("resnet") && e.getMessage().contains("gap"), e.getMessage());
    }

    @Test
    void artifactAugmentationsAreSeededStayInRangeAndSoftenTheCheckerboard() {
        int side = 16;
        float[] a = new float[3 * side * side];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i * 0.37);
        }
        float[] b = a.clone();
        ArtifactAugment.apply(a, 0, 3, side, new java.util.SplittableRandom(9));
        ArtifactAugment.apply(b, 0, 3, side, new java.util.SplittableRandom(9));
        assertArrayEquals(a, b, 0f, "same seed, same image");
        for (int s = 0; s < 50; s++) {
            float[] c = a.clone();
            ArtifactAugment.apply(c, 0, 3, side, new java.util.SplittableRandom(s));
            for (float v : c) {
                assertTrue(v >= -1f && v <= 1f, "clipped to [-1, 1]: " + v);
            }
        }
        float[] checker = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                checker[y * side + x] = ((x + y) & 1) == 0 ? 0.5f : -0.5f;
            }
        }
        ArtifactAugment.blur(checker, 0, 1, side);
        assertEquals(0f, checker[5 * side + 5], 1e-6f, "the 3x3 binomial blur removes a one-pixel checkerboard");
    }
}
