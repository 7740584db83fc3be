package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.data.ImageSet;
import dev.latentlab.encode.Inversion;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.train.Elbo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Models side by side (a GAN and a VAE of the same decoder, or any two), each figure measured the
 * same way for every model and for the real images: the Fréchet distance, precision and recall
 * against the real images; sharpness (variance of the Laplacian, and the share of energy above
 * half the Nyquist frequency); what the classifier reads (attribute rates against the real rates,
 * or a digit model's class histogram); and, for a VAE only, its negative ELBO and reconstruction
 * PSNR on held-out images. The same z (seeded) feeds every model of the same nz.
 */
public final class ModelComparison {
    private ModelComparison() {}

    public static final class Options {
        public int samples = 2_000;
        public long seed = 1;
        public int batch = 100;
        public int k = 3;
        /** Held-out images a VAE's ELBO is measured on (at most). */
        public int heldOut = 2_000;
    }

    /** One figure: its value for each model (NaN where it does not apply) and for the real images (NaN: none). */
    public record Row(String name, double[] values, double real, String format, String meaning) {
        public String formatted(double v) {
            return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, format, v);
        }
    }

    /** The figures for the models in order, with notes on what was measured. */
    public record Table(List<String> models, List<Row> rows, List<String> notes) {
        public Row row(String name) {
            return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no figure " + name));
        }

        public boolean has(String name) {
            return rows.stream().anyMatch(r -> r.name().equals(name));
        }

        /** This table with {@code note} first among its notes. */
        public Table withNote(String note) {
            List<String> n = new ArrayList<>();
            n.add(note);
            n.addAll(notes);
            return new Table(models, rows, List.copyOf(n));
        }

        /** A plain-text table: one line per figure, one column per model, then the real images'. */
        public String render() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-26s", "figure"));
            for (String m : models) {
                b.append(String.format(Locale.ROOT, " %14s", m.length() > 14 ? m.substring(0, 14) : m));
            }
            b.append(String.format(Locale.ROOT, " %14s%n", "real"));
            for (Row r : rows) {
                b.append(String.format(Locale.ROOT, "%-26s", r.name()));
                for (double v : r.values()) {
                    b.append(String.format(Locale.ROOT, " %14s", r.formatted(v)));
                }
                b.append(String.format(Locale.ROOT, " %14s%n", r.formatted(r.real())));
            }
            return b.toString();
        }
    }

    /**
     * @param real    real images at the models' size (required: every figure is relative to them)
     * @param heldOut images no model trained on, for a VAE's ELBO (null: the ELBO rows are left out)
     */
    public static Table compare(List<GanModel> models, Classifier classifier, ImageSet real, ImageSet heldOut,
            Options o, ProgressBar bar) {
        int m = models.size();
        List<String> names = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (GanModel g : models) {
            names.add(g.name());
            if (g.spec().imageSize() != real.spec().size() || g.spec().channels() != real.spec().channels()) {
                throw new IllegalArgumentException(g.name() + " makes " + g.spec().imageSize() + "x"
                        + g.spec().imageSize() + "x" + g.spec().channels() + " images, the real images are "
                        + real.spec().describe());
            }
        }
        SampleQuality.Options so = new SampleQuality.Options();
        so.samples = o.samples;
        so.seed = o.seed;
        so.batch = o.batch;
        so.k = o.k;
        SharpnessSum realSum = new SharpnessSum();
        SampleQuality.Measured truth = SampleQuality.measureReal(real, classifier, so, bar,
                (x, b) -> realSum.add(x, b, real.spec().channels(), real.spec().size()));
        SampleQuality.Measured[] fakes = new SampleQuality.Measured[m];
        Sharpness[] sharp = new Sharpness[m];
        for (int i = 0; i < m; i++) {
            bar.status(names.get(i));
            SharpnessSum sum = new SharpnessSum();
            fakes[i] = SampleQuality.measureGenerated(models.get(i), classifier, so, bar,
                    g -> sum.add(g.images(), g.count(), g.channels(), g.height()));
            sharp[i] = sum.mean();
        }
        Sharpness realSharp = realSum.mean();
        int dim = classifier.featureDim();
        List<Row> rows = new ArrayList<>();
        double[] fd = new double[m];
        double[] precision = new double[m];
        double[] recall = new double[m];
        for (int i = 0; i < m; i++) {
            fd[i] = FrechetDistance.between(truth.features(), truth.count(), fakes[i].features(), fakes[i].count(), dim);
            bar.start("precision/recall " + names.get(i), PrecisionRecall.work(truth.count(), fakes[i].count()));
            PrecisionRecall.Result pr = PrecisionRecall.compute(truth.features(), truth.count(), fakes[i].features(),
                    fakes[i].count(), dim, o.k, bar::advance);
            bar.finish();
            precision[i] = pr.precision();
            recall[i] = pr.recall();
        }
        rows.add(new Row("fd", fd, Double.NaN, "%.2f", "Fréchet distance of the classifier's " + dim
                + " penultimate features to the real images' (lower is better)"));
        rows.add(new Row("precision", precision, Double.NaN, "%.3f",
                "share of samples inside the real images' manifold (k = " + o.k + "): fidelity"));
        rows.add(new Row("recall", recall, Double.NaN, "%.3f",
                "share of real images inside the samples' manifold (k = " + o.k + "): coverage"));
        rows.add(new Row("laplacian_var", collect(sharp, s -> s.laplacianVariance), realSharp.laplacianVariance,
                "%.5f", "variance of the 4-neighbour Laplacian of the luminance in [0, 1], mean over images"));
        rows.add(new Row("laplacian_var.rel", collect(sharp, s -> s.laplacianVariance / realSharp.laplacianVariance),
                1, "%.3f", "the same relative to the real images (1 = as sharp as the data; below: blurrier)"));
        rows.add(new Row("hf_share", collect(sharp, s -> s.highFrequencyShare), realSharp.highFrequencyShare,
                "%.4f", "share of the luminance's energy (about its mean) not in its 2×2 block means: detail "
                        + "above half the Nyquist frequency"));
        rows.add(new Row("hf_share.rel", collect(sharp, s -> s.highFrequencyShare / realSharp.highFrequencyShare), 1,
                "%.3f", "the same relative to the real images"));
        classifierRows(rows, classifier, truth, fakes);
        if (models.stream().anyMatch(GanModel::isVae)) {
            // without held-out images the ELBO is read on the real images, and says so
            elboRows(rows, models, heldOut != null ? heldOut : real, heldOut != null, o, bar, notes);
        }
        notes.add(String.format(Locale.ROOT, "%d samples per model, z ~ N(0, I) from seed %d (the same z for every "
                + "model of the same nz); %d real images from %s", o.samples, o.seed, truth.count(), real.name()));
        return new Table(names, rows, notes);
    }

    private interface Field {
        double of(Sharpness s);
    }

    private static double[] collect(Sharpness[] s, Field f) {
        double[] v = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            v[i] = f.of(s[i]);
        }
        return v;
    }

    private static void classifierRows(List<Row> rows, Classifier c, SampleQuality.Measured truth,
            SampleQuality.Measured[] fakes) {
        ClassifierInfo ci = c.info();
        int outs = c.outputs();
        int m = fakes.length;
        if (ci.multiLabel()) {
            double[] err = new double[m];
            for (int a = 0; a < outs; a++) {
                String name = ci.outputs.get(a);
                double[] v = new double[m];
                double r = SampleQuality.rate(truth, outs, a);
                for (int i = 0; i < m; i++) {
                    v[i] = SampleQuality.rate(fakes[i], outs, a);
                    err[i] += Math.abs(v[i] - r) / outs;
                }
                rows.add(new Row("rate." + name, v, r, "%.3f", "share the classifier calls " + name));
            }
            rows.add(new Row("rate.mean_abs_error", err, 0, "%.3f",
                    "mean over attributes of |rate − the real images' rate|"));
        } else {
            double[] conf = new double[m];
            double[] tv = new double[m];
            double[] hr = SampleQuality.histogram(truth, outs);
            for (int i = 0; i < m; i++) {
                conf[i] = SampleQuality.confident(fakes[i], outs);
                double[] h = SampleQuality.histogram(fakes[i], outs);
                for (int k = 0; k < outs; k++) {
                    tv[i] += 0.5 * Math.abs(h[k] - hr[k]);
                }
            }
            rows.add(new Row("confident", conf, SampleQuality.confident(truth, outs), "%.3f",
                    "share classified with probability ≥ " + SampleQuality.CONFIDENT + " (a legible digit)"));
            rows.add(new Row("class_tv", tv, 0, "%.3f",
                    "total variation distance of the class histogram to the real images' (0 = every class as often)"));
        }
    }

    /** A VAE's negative ELBO (one ε per image, seeded), its bits per dimension and the PSNR of G(μ(x)). */
    private static void elboRows(List<Row> rows, List<GanModel> models, ImageSet heldOut, boolean isHeldOut,
            Options o, ProgressBar bar, List<String> notes) {
        int m = models.size();
        double[] nats = new double[m];
        double[] bpd = new double[m];
        double[] psnr = new double[m];
        double[] kl = new double[m];
        java.util.Arrays.fill(nats, Double.NaN);
        java.util.Arrays.fill(bpd, Double.NaN);
        java.util.Arrays.fill(psnr, Double.NaN);
        java.util.Arrays.fill(kl, Double.NaN);
        int[] idx = SampleQuality.pick(heldOut.size(), o.heldOut, o.seed);
        String objective = null;
        for (int i = 0; i < m; i++) {
            GanModel g = models.get(i);
            if (!g.isVae()) {
                continue;
            }
            HeldOutElbo e = heldOutElbo(g, heldOut, idx, o, bar);
            nats[i] = e.negElbo;
            kl[i] = e.kl;
            bpd[i] = Elbo.bitsPerDim(e.negElbo, g.spec().pixels(), settings(g.info()).likelihood());
            psnr[i] = e.psnr;
            objective = (objective == null ? "" : objective + "; ") + g.name() + ": " + settings(g.info()).describe();
        }
        String on = isHeldOut ? "held-out" : "training-set (no held-out images given: optimistic)";
        rows.add(new Row("neg_elbo.nats", nats, Double.NaN, "%.1f",
                on + " negative ELBO, nats per image (an upper bound on −log p(x); a GAN has none)"));
        rows.add(new Row("neg_elbo.kl", kl, Double.NaN, "%.1f", "its KL(q(z|x) ‖ N(0, I)) part, nats per image"));
        rows.add(new Row("neg_elbo.bits_per_dim", bpd, Double.NaN, "%.4f",
                "the same in bits per dimension (Gaussian: on the 0…255 scale; Bernoulli: per gray level)"));
        rows.add(new Row("reconstruction.psnr", psnr, Double.NaN, "%.2f",
                "PSNR (dB) of G(μ(x)) against " + on + " x, on [0, 1]"));
        notes.add(idx.length + (isHeldOut ? " held-out" : " training (not held-out)") + " images from "
                + heldOut.name() + " for the ELBO (one ε per image, seed "
                + o.seed + "); " + objective);
    }

    /**
     * The images none of the VAEs among {@code models} trained on, when one was trained on part of
     * {@code whole} (train --limit N takes {@code whole.spread(N)}); null when there are none.
     */
    public static ImageSet heldOutOf(List<GanModel> models, ImageSet whole) {
        int limit = 0;
        for (GanModel m : models) {
            Object v = m.info().provenance.config.get("limit");
            if (m.isVae() && v instanceof Number n) {
                limit = Math.max(limit, n.intValue());
            }
        }
        return limit > 0 && limit < whole.size() ? whole.spreadComplement(limit) : null;
    }

    static Elbo.Settings settings(ModelInfo info) {
        ModelInfo.Vae v = info.vae;
        return new Elbo.Settings(Elbo.Likelihood.resolve(v.likelihood, info.architecture.channels),
                v.sigma == null ? 0.1 : v.sigma, v.beta == null ? 1 : v.beta);
    }

    private record HeldOutElbo(double negElbo, double kl, double psnr) {}

    private static HeldOutElbo heldOutElbo(GanModel g, ImageSet data, int[] idx, Options o, ProgressBar bar) {
        Elbo.Settings s = settings(g.info());
        int per = data.spec().valuesPerImage();
        int nz = g.nz();
        Random rng = new Random(o.seed ^ 0xE1B0);
        double sumElbo = 0;
        double sumKl = 0;
        double sumPsnr = 0;
        bar.start("held-out ELBO " + g.name(), idx.length);
        boolean grad = TorchRuntime.disableGrad();
        try {
            for (int start = 0; start < idx.length; start += o.batch) {
                int b = Math.min(o.batch, idx.length - start);
                float[] x = new float[b * per];
                for (int i = 0; i < b; i++) {
                    data.copyImage(idx[start + i], x, i * per, false);
                }
                float[] eps = new float[b * nz];
                for (int i = 0; i < eps.length; i++) {
                    eps[i] = (float) rng.nextGaussian();
                }
                float[] mu;
                try (NDManager call = g.generator().params().manager().newSubManager()) {
                    NDArray xs = call.create(x, new Shape(b, data.spec().channels(), data.spec().size(),
                            data.spec().size()));
                    Elbo.Terms t = Elbo.terms(g.encoder(), g.generator(), xs, call.create(eps, new Shape(b, nz)), s,
                            false);
                    sumElbo += t.recon().add(t.kl()).sum().getFloat();
                    sumKl += t.kl().sum().getFloat();
                    mu = t.mu().toFloatArray(); // the pass's own μ(x): no second encoder pass
                }
                Generated rec = g.generate(mu, b);
                for (int i = 0; i < b; i++) {
                    sumPsnr += Inversion.psnr(rec.images(), x, i * per, per);
                }
                bar.advance(b);
            }
        } finally {
            TorchRuntime.restoreGrad(grad);
            bar.finish();
        }
        return new HeldOutElbo(sumElbo / idx.length, sumKl / idx.length, sumPsnr / idx.length);
    }

    /** Mean sharpness figures of a set of images. */
    public record Sharpness(double laplacianVariance, double highFrequencyShare) {}

    /** Sharpness over batches, read as they pass through the classifier (no second pass, no copy of them all). */
    private static final class SharpnessSum {
        private double laplacian;
        private double highFrequency;
        private long images;

        void add(float[] x, int count, int channels, int size) {
            Sharpness s = sharpness(x, count, channels, size);
            laplacian += s.laplacianVariance() * count;
            highFrequency += s.highFrequencyShare() * count;
            images += count;
        }

        Sharpness mean() {
            return new Sharpness(laplacian / images, highFrequency / images);
        }
    }

    /**
     * For n images [C, S, S] in [−1, 1]: the luminance y in [0, 1] (Rec. 601 weights for colour),
     * then per image Var(4·y − the four neighbours) over interior pixels, and
     * Σ (y − its 2×2 block mean)² / Σ (y − mean y)²; each averaged over the images.
     */
    public static Sharpness sharpness(float[] images, int n, int channels, int size) {
        int plane = size * size;
        double lapSum = 0;
        double hfSum = 0;
        double[] y = new double[plane];
        for (int i = 0; i < n; i++) {
            int o = i * channels * plane;
            double mean = 0;
            for (int p = 0; p < plane; p++) {
                double v = channels == 3
                        ? 0.299 * images[o + p] + 0.587 * images[o + plane + p] + 0.114 * images[o + 2 * plane + p]
                        : images[o + p];
                y[p] = (v + 1) / 2;
                mean += y[p];
            }
            mean /= plane;
            double s1 = 0;
            double s2 = 0;
            int count = 0;
            for (int r = 1; r < size - 1; r++) {
                for (int c = 1; c < size - 1; c++) {
                    double l = 4 * y[r * size + c] - y[(r - 1) * size + c] - y[(r + 1) * size + c]
                            - y[r * size + c - 1] - y[r * size + c + 1];
                    s1 += l;
                    s2 += l * l;
                    count++;
                }
            }
            lapSum += s2 / count - (s1 / count) * (s1 / count);
            double total = 0;
            double detail = 0;
            for (int r = 0; r + 1 < size; r += 2) {
                for (int c = 0; c + 1 < size; c += 2) {
                    double bm = (y[r * size + c] + y[r * size + c + 1] + y[(r + 1) * size + c]
                            + y[(r + 1) * size + c + 1]) / 4;
                    for (int dr = 0; dr < 2; dr++) {
                        for (int dc = 0; dc < 2; dc++) {
                            double v = y[(r + dr) * size + c + dc];
                            detail += (v - bm) * (v - bm);
                            total += (v - mean) * (v - mean);
                        }
                    }
                }
            }
            hfSum += total > 0 ? detail / total : 0;
        }
        return new Sharpness(lapSum / n, hfSum / n);
    }
}
