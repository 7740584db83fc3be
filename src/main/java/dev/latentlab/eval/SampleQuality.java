package dev.latentlab.eval;

import dev.latentlab.data.ImageSet;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The sample-quality figures of a GAN, measured with a classifier: generated images from seeded
 * z ~ N(0, I), real images from the training set, both through the classifier; then the Fréchet
 * distance between Gaussian fits of its penultimate-layer features (the FID recipe with our own
 * feature extractor), precision and recall in that space (k nearest neighbours), and what the
 * classifier says: each attribute's rate (faces), or the class histogram and the share of
 * confident answers (digits), among real and generated images.
 */
public final class SampleQuality {
    /** Confidence above which a digit counts as clearly one class. */
    public static final double CONFIDENT = 0.9;

    private SampleQuality() {}

    public static final class Options {
        public int samples = 10_000;
        public long seed = 1;
        public int batch = 100;
        public int k = 3;
    }

    /** One named number, printed on its own line. */
    public record Figure(String name, double value, String format, String meaning) {
        public String formatted() {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
        }
    }

    /** The figures, with notes on how they were made (what was measured against what). */
    public record Report(List<String> notes, List<Figure> figures) {
        public Figure figure(String name) {
            for (Figure f : figures) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("no figure named " + name);
        }

        public boolean has(String name) {
            return figures.stream().anyMatch(f -> f.name().equals(name));
        }
    }

    /** Classifier outputs for a set of images. */
    public record Measured(int count, float[] features, float[] probabilities) {}

    /**
     * @param real     real images at the model's size, or null when there are none: then only the
     *                 figures of generated images are given
     */
    public static Report evaluate(GanModel model, Classifier classifier, ImageSet real, Options o, ProgressBar bar) {
        List<String> notes = new ArrayList<>();
        Measured fake = measureGenerated(model, classifier, o, bar);
        Measured truth = null;
        if (real != null) {
            truth = measureReal(real, classifier, o, bar);
        }
        ClassifierInfo ci = classifier.info();
        int dim = classifier.featureDim();
        List<Figure> f = new ArrayList<>();
        if (truth != null) {
            f.add(new Figure("fd", FrechetDistance.between(truth.features(), truth.count(), fake.features(),
                    fake.count(), dim), "%.4f", "Fréchet distance between Gaussian fits of the classifier's "
                    + dim + " penultimate features, real vs generated (lower is better)"));
            bar.start("precision/recall", PrecisionRecall.work(truth.count(), fake.count()));
            PrecisionRecall.Result pr = PrecisionRecall.compute(truth.features(), truth.count(), fake.features(),
                    fake.count(), dim, o.k, bar::advance);
            bar.finish();
            f.add(new Figure("precision", pr.precision(), "%.4f", "share of generated samples inside the real "
                    + "manifold (k = " + o.k + ")"));
            f.add(new Figure("recall", pr.recall(), "%.4f", "share of real images inside the generated manifold (k = "
                    + o.k + ")"));
        }
        int outs = classifier.outputs();
        if (ci.multiLabel()) {
            for (int a = 0; a < outs; a++) {
                String name = ci.outputs.get(a);
                if (truth != null) {
                    f.add(new Figure("rate." + name + ".real", rate(truth, outs, a), "%.4f",
                            "share of real images the classifier calls " + name));
                }
                f.add(new Figure("rate." + name + ".generated", rate(fake, outs, a), "%.4f",
                        "share of generated samples the classifier calls " + name));
            }
        } else {
            if (truth != null) {
                f.add(new Figure("confident.real", confident(truth, outs), "%.4f",
                        "share of real images classified with probability ≥ " + CONFIDENT));
            }
            f.add(new Figure("confident.generated", confident(fake, outs), "%.4f",
                    "share of generated samples classified with probability ≥ " + CONFIDENT));
            double[] hr = truth == null ? null : histogram(truth, outs);
            double[] hg = histogram(fake, outs);
            for (int c = 0; c < outs; c++) {
                String name = ci.outputs.get(c);
                if (hr != null) {
                    f.add(new Figure("class." + name + ".real", hr[c], "%.4f", "share of real images classified " + name));
                }
                f.add(new Figure("class." + name + ".generated", hg[c], "%.4f",
                        "share of generated samples classified " + name));
            }
        }
        notes.add(String.format(Locale.ROOT, "%d generated samples, z ~ N(0, I) from seed %d", fake.count(), o.seed));
        if (truth != null) {
            notes.add(truth.count() + " real images from " + real.name());
        }
        return new Report(notes, f);
    }

    /** The classifier's outputs for {@code o.samples} generated images (z drawn in order from the seed). */
    public static Measured measureGenerated(GanModel model, Classifier c, Options o, ProgressBar bar) {
        return measureGenerated(model, c, o, bar, g -> {});
    }

    /** The same, handing every generated batch to {@code each} too (so another figure needs no second pass). */
    public static Measured measureGenerated(GanModel model, Classifier c, Options o, ProgressBar bar,
            java.util.function.Consumer<Generated> each) {
        int n = o.samples;
        int nz = model.nz();
        Random r = new Random(o.seed);
        float[] feats = new float[n * c.featureDim()];
        float[] probs = new float[n * c.outputs()];
        bar.start("generated samples", n);
        for (int start = 0; start < n; start += o.batch) {
            int b = Math.min(o.batch, n - start);
            float[] z = new float[b * nz];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            Generated g = model.generate(z, b);
            each.accept(g);
            Classifier.Outputs out = c.run(g.images(), b, g.height(), g.channels());
            System.arraycopy(out.features(), 0, feats, start * c.featureDim(), out.features().length);
            System.arraycopy(out.probabilities(), 0, probs, start * c.outputs(), out.probabilities().length);
            bar.advance(b);
        }
        bar.finish();
        return new Measured(n, feats, probs);
    }

    /** The classifier's outputs for at most {@code o.samples} real images (a seeded pick when there are more). */
    public static Measured measureReal(ImageSet real, Classifier c, Options o, ProgressBar bar) {
        return measureReal(real, c, o, bar, (x, b) -> {});
    }

    /** The same, handing every batch of real images (b × C × H × W floats) to {@code each} too. */
    public static Measured measureReal(ImageSet real, Classifier c, Options o, ProgressBar bar,
            java.util.function.ObjIntConsumer<float[]> each) {
        int[] idx = pick(real.size(), o.samples, o.seed);
        int n = idx.length;
        int per = real.spec().valuesPerImage();
        float[] feats = new float[n * c.featureDim()];
        float[] probs = new float[n * c.outputs()];
        bar.start("real images", n);
        for (int start = 0; start < n; start += o.batch) {
            int b = Math.min(o.batch, n - start);
            float[] x = new float[b * per];
            for (int i = 0; i < b; i++) {
                real.copyImage(idx[start + i], x, i * per, false);
            }
            each.accept(x, b);
            Classifier.Outputs out = c.run(x, b, real.spec().size(), real.spec().channels());
            System.arraycopy(out.features(), 0, feats, start * c.featureDim(), out.features().length);
            System.arraycopy(out.probabilities(), 0, probs, start * c.outputs(), out.probabilities().length);
            bar.advance(b);
        }
        bar.finish();
        return new Measured(n, feats, probs);
    }

    /** All of 0..size−1 in order when size ≤ count, else a seeded sample of count of them, sorted. */
    static int[] pick(int size, int count, long seed) {
        if (size <= count) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] a = new int[size];
        for (int i = 0; i < size; i++) {
            a[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < count; i++) {
            int j = i + r.nextInt(size - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(a, count);
        java.util.Arrays.sort(out);
        return out;
    }

    static double rate(Measured m, int outs, int a) {
        int n = 0;
        for (int i = 0; i < m.count(); i++) {
            n += m.probabilities()[i * outs + a] >= 0.5f ? 1 : 0;
        }
        return (double) n / m.count();
    }

    static double confident(Measured m, int outs) {
        int n = 0;
        for (int i = 0; i < m.count(); i++) {
            float best = 0;
            for (int c = 0; c < outs; c++) {
                best = Math.max(best, m.probabilities()[i * outs + c]);
            }
            n += best >= CONFIDENT ? 1 : 0;
        }
        return (double) n / m.count();
    }

    static double[] histogram(Measured m, int outs) {
        double[] h = new double[outs];
        for (int i = 0; i < m.count(); i++) {
            int best = 0;
            for (int c = 1; c < outs; c++) {
                if (m.probabilities()[i * outs + c] > m.probabilities()[i * outs + best]) {
                    best = c;
                }
            }
            h[best]++;
        }
        for (int c = 0; c < outs; c++) {
            h[c] /= m.count();
        }
        return h;
    }
}
