package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.Prior;
import dev.latentlab.latent.SymmetricEigen;
import dev.latentlab.model.GanModel;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.Precision;
import dev.latentlab.nn.TorchRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A direction from a few dozen picks, read through the model's own features. Fisher's
 * discriminant in z ({@link AttributeDirections#fromPicks}) estimates 100 numbers from 2k points,
 * and at k = 60 its angle is mostly noise (cosine 0.50–0.60 with the classifier-fitted normal on
 * faces64). An attribute such as a smile is nearly linear in a late stage's features of the
 * generator or the discriminator, where it is a few channels in one region. So:
 * <ol>
 *   <li>a linear probe on those features is fitted to the picks: ridge regression of y ∈ {0, 1}
 *       in its dual form, an n × n system for n picks whatever the feature width,
 *       <pre>  α = (K + λI)⁻¹ (y − ȳ),  K = X Xᵀ / d,  score(x) = ȳ + x·Xᵀα / d,</pre>
 *       with X the picks' features standardised by their own mean and deviation, and λ chosen by
 *       leave-one-out error, which ridge gives in closed form: e_i = α_i / (K + λI)⁻¹_ii;</li>
 *   <li>the probe labels {@code pool} fresh samples of the prior (score &gt; ½), and</li>
 *   <li>the boundary in z is fitted to those labels as the classifier-fitted one is
 *       ({@link AttributeDirections#fit}): thousands of labelled samples, so the angle is
 *       estimated well, and its error is the probe's.</li>
 * </ol>
 * The accuracy is {@value AttributeDirections#PICK_FOLDS}-fold cross-validated over the picks, of
 * the whole pipeline: each fold's probe is fitted on the other picks, labels the pool, gives a
 * boundary in z, and that boundary classifies the held-out picks (the pool's features are
 * computed once). The features are a stage's activation average-pooled to at most
 * {@code grid} × {@code grid} positions: by default the discriminator's second-to-last stage,
 * or the generator's where there is no discriminator (see {@link #stagesFor}).
 */
public final class PickProbe {
    /** Where a feature comes from: a hidden stage of G(z), or of D(G(z)). */
    public enum Source { GENERATOR, DISCRIMINATOR }

    /** One stage whose activation is a feature. */
    public record Stage(Source source, int layer) {
        @Override
        public String toString() {
            return (source == Source.GENERATOR ? "G" : "D") + " stage " + layer;
        }
    }

    public static final class Options {
        /** null: {@link #stagesFor} the model. */
        public List<Stage> stages = null;
        public int grid = 4;
        /**
         * Samples the probe labels. 6,000 rather than 3,000: on faces64's smile, 60 picks, pool
         * seeds 3–8, classifier-faces-c's success rose from 0.517 to 0.540 (D + G stages) and
         * 0.551 (D alone); 12,000 gave no more (docs/own-model.md).
         */
        public int pool = 6000;
        public long poolSeed = 11;
        public int batch = 100;
        public double[] lambdas = {1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100};
    }

    /** The boundary (its accuracy cross-validated as above), the stages read, and the share of the pool labelled with. */
    public record Result(Boundary boundary, List<Stage> stages, int pool, double positiveShare) {
        /** How the accuracy was measured, for {@code PickedDirection.accuracyBy}. */
        public String accuracyBy() {
            return String.format(Locale.ROOT, "%d-fold cross-validation over the picks, fitted through %s "
                    + "(%,d samples labelled)", AttributeDirections.PICK_FOLDS, describe(stages), pool);
        }
    }

    /** A direction from picks as the app fits it: the boundary, how its accuracy was measured, and why this fit. */
    public record Fitted(Boundary boundary, String accuracyBy, String note) {}

    private PickProbe() {}

    /**
     * The app's fit from picks: in z ({@link AttributeDirections#fromPicks}) and through the model's
     * features, with the same folds; the features fit unless z's cross-validated accuracy is
     * clearly higher ({@link #preferFeatures}). An attribute the image does not show, or a model whose features cannot be read,
     * falls back to z.
     */
    public static Fitted best(GanModel m, String name, float[] positives, float[] negatives, Options o, long seed,
            BooleanSupplier cancelled) {
        Boundary inZ = AttributeDirections.fromPicks(name, positives, negatives, m.nz(), seed);
        String zBy = AttributeDirections.PICK_FOLDS + "-fold cross-validation over the picks, fitted in z";
        Result r;
        try {
            r = fit(m, name, positives, negatives, o, seed, cancelled);
        } catch (IllegalArgumentException e) {
            return new Fitted(inZ, zBy, "fitted in z: " + e.getMessage());
        }
        String both = String.format(Locale.ROOT, "%.0f%% cross-validated through %s, %.0f%% in z",
                100 * r.boundary().accuracy(), describe(r.stages()), 100 * inZ.accuracy());
        return preferFeatures(r.boundary().accuracy(), inZ.accuracy(), positives.length / m.nz() + negatives.length / m.nz())
                ? new Fitted(r.boundary(), r.accuracyBy(), "fitted through "
                + "features: " + both) : new Fitted(inZ, zBy, "fitted in z: " + both);
    }

    /**
     * The stages read by default: the discriminator's second-to-last hidden stage (256 × 8 × 8 on
     * faces64) when the model has one, else the generator's (128 × 16 × 16 on faces64). On
     * faces64's smile with 6,000 labelled samples, D's stage alone edited as well as D's and G's
     * together (docs/own-model.md) and needs only G's plain pass (on the 2-core AMD 1.5–1.8 s per
     * 3,000 samples against 2.7–3.2 s for the capturing one). Empty when neither can be read (a TorchScript generator cannot capture, and has
     * no discriminator): then picks fit in z alone.
     */
    public static List<Stage> stagesFor(GanModel m) {
        DiscriminatorNet d = m.discriminator();
        if (d != null && d.featureStages() > 0) {
            return List.of(new Stage(Source.DISCRIMINATOR, Math.max(0, d.featureStages() - 2)));
        }
        int hidden = m.layers().size();
        if (m.source() != GanModel.Source.TORCHSCRIPT && hidden > 0) {
            return List.of(new Stage(Source.GENERATOR, Math.max(0, hidden - 2)));
        }
        return List.of();
    }

    public static String describe(List<Stage> stages) {
        return String.join(" + ", stages.stream().map(Stage::toString).toList()) + " features";
    }

    /**
     * Whether to keep the features fit: unless z's cross-validated accuracy beats it by more than
     * one standard error, √(p(1 − p)/n) at their mean p over the n picks. On faces64's smile the
     * features fit edited better on 16 of 18 pool seeds and counts, but at 30 picks per side the
     * two accuracies differ by the noise of a few picks (z 73.3% against 70.0% on a seed where z
     * edited 9 points worse); an attribute the image does not show leaves the features near chance,
     * far below z.
     */
    static boolean preferFeatures(double features, double z, int picks) {
        double p = (features + z) / 2;
        double se = Math.sqrt(Math.max(p * (1 - p), 1e-4) / picks);
        return z - features <= se;
    }

    /**
     * Fits a boundary from picks through the model's features; {@code m} is used on this thread
     * (the caller's copy). {@code cancelled} is polled between batches.
     *
     * @throws IllegalArgumentException when a side has fewer than {@value AttributeDirections#PICK_FOLDS} picks,
     *         no stage can be read, or the probe labels (nearly) every sample alike
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public static Result fit(GanModel m, String name, float[] positives, float[] negatives, Options o, long seed,
            BooleanSupplier cancelled) {
        int nz = m.nz();
        int p = positives.length / nz;
        int n = negatives.length / nz;
        if (p < AttributeDirections.PICK_FOLDS || n < AttributeDirections.PICK_FOLDS) {
            throw new IllegalArgumentException(name + ": " + p + " picks with it and " + n + " without; a direction "
                    + "needs at least " + AttributeDirections.PICK_FOLDS + " on each side");
        }
        List<Stage> stages = o.stages != null ? o.stages : stagesFor(m);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("this model's features cannot be read (a TorchScript generator "
                    + "without a discriminator): fit in z instead");
        }
        int count = p + n;
        float[] z = Arrays.copyOf(positives, count * nz);
        System.arraycopy(negatives, 0, z, p * nz, n * nz);
        boolean[] y = new boolean[count];
        Arrays.fill(y, 0, p, true);
        float[][] picks = features(m, z, count, stages, o.grid);
        float[] pz = Prior.sample(nz, o.pool, new Random(o.poolSeed));
        float[][] pool = new float[o.pool][];
        for (int start = 0; start < o.pool; start += o.batch) {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("the fit was stopped");
            }
            int b = Math.min(o.batch, o.pool - start);
            float[][] fb = features(m, Arrays.copyOfRange(pz, start * nz, (start + b) * nz), b, stages, o.grid);
            System.arraycopy(fb, 0, pool, start, b);
        }
        // the whole pipeline, cross-validated on fromPicks' folds; the pool's covariance is shared by every fit
        int[] fold = AttributeDirections.pickFolds(p, n, seed);
        AttributeDirections.Fitter fitter = new AttributeDirections.Fitter(pz, nz, o.pool, seed);
        int right = 0;
        for (int f = 0; f < AttributeDirections.PICK_FOLDS; f++) {
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (fold[i] != f) {
                    train.add(i);
                }
            }
            Boundary b = throughProbe(name, picks, y, train, pool, fitter, o).boundary();
            float[] row = new float[nz];
            for (int i = 0; i < count; i++) {
                if (fold[i] == f) {
                    System.arraycopy(z, i * nz, row, 0, nz);
                    right += (b.distance(row) > 0) == y[i] ? 1 : 0;
                }
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(i);
        }
        Labelled l = throughProbe(name, picks, y, all, pool, fitter, o);
        Boundary b = l.boundary();
        return new Result(new Boundary(name, b.normal(), b.offset(), (double) right / count, (double) p / count),
                stages, o.pool, l.share());
    }

    private record Labelled(Boundary boundary, double share) {}

    /** The probe fitted on picks {@code train}, the pool labelled by it, and the boundary in z fitted to those labels. */
    private static Labelled throughProbe(String name, float[][] features, boolean[] y, List<Integer> train,
            float[][] pool, AttributeDirections.Fitter fitter, Options o) {
        double[] w = new double[features[0].length];
        double bias = probe(features, y, train, o.lambdas, w);
        boolean[] labels = new boolean[pool.length];
        int positive = 0;
        for (int i = 0; i < pool.length; i++) {
            labels[i] = bias + dot(pool[i], w) > 0.5;
            positive += labels[i] ? 1 : 0;
        }
        int least = Math.max(AttributeDirections.PICK_FOLDS, pool.length / 100);
        if (positive < least || pool.length - positive < least) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the features read %d of %d samples as "
                    + "having it: the picks do not separate there; fit in z instead", name, positive, pool.length));
        }
        return new Labelled(fitter.fit(name, labels), (double) positive / pool.length);
    }

    /** f · w, in four independent sums (one chain of additions would wait on itself). */
    static double dot(float[] f, double[] w) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < f.length; j += 4) {
            s0 += f[j] * w[j];
            s1 += f[j + 1] * w[j + 1];
            s2 += f[j + 2] * w[j + 2];
            s3 += f[j + 3] * w[j + 3];
        }
        for (; j < f.length; j++) {
            s0 += f[j] * w[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Ridge regression of y on the standardised features of picks {@code rows}, λ by leave-one-out
     * error; writes the weights of the raw features into {@code w} and returns the bias, so that
     * score(f) = bias + f·w.
     */
    static double probe(float[][] features, boolean[] y, List<Integer> rows, double[] lambdas, double[] w) {
        int n = rows.size();
        int d = features[0].length;
        double[] mean = new double[d];
        double[] inv = new double[d];
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += features[r][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int r : rows) {
            for (int j = 0; j < d; j++) {
                double c = features[r][j] - mean[j];
                inv[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            inv[j] = 1 / Math.sqrt(inv[j] / n + 1e-6);
        }
        double[][] x = new double[n][d];
        double ybar = 0;
        for (int i = 0; i < n; i++) {
            int r = rows.get(i);
            for (int j = 0; j < d; j++) {
                x[i][j] = (features[r][j] - mean[j]) * inv[j];
            }
            ybar += y[r] ? 1 : 0;
        }
        ybar /= n;
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) {
            yc[i] = (y[rows.get(i)] ? 1 : 0) - ybar;
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l <= i; l++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[i][j] * x[l][j];
                }
                k[i][l] = k[l][i] = s / d;
            }
        }
        double[] best = null;
        int bestRight = -1;
        double bestErr = Double.MAX_VALUE;
        SymmetricEigen eigen = new SymmetricEigen(k); // once for every λ: (K + λI)⁻¹ = V diag(1/(e + λ)) Vᵀ
        for (double lambda : lambdas) {
            Ridge r = ridge(eigen, yc, lambda);
            int right = 0;
            double err = 0;
            for (int i = 0; i < n; i++) {
                double e = r.leaveOneOut()[i];
                err += e * e;
                boolean yi = y[rows.get(i)];
                right += ((yi ? 1 : 0) - e > 0.5) == yi ? 1 : 0;
            }
            if (right > bestRight || (right == bestRight && err < bestErr)) {
                bestRight = right;
                bestErr = err;
                best = r.alpha();
            }
        }
        // w = Xᵀα / d in standardised units, then in raw units: score = ȳ + Σ_j (f_j − mean_j)·inv_j·w_j
        double bias = ybar;
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i][j] * best[i];
            }
            w[j] = s / d * inv[j];
            bias -= mean[j] * w[j];
        }
        return bias;
    }

    /**
     * The features of G(z) for count z's: row i is the stages' activations, average-pooled and
     * concatenated. One float32 pass of G (and of D on its images) in a sub-manager; each stage is
     * pooled where it was computed, so only the pooled values come back to Java.
     */
    static float[][] features(GanModel m, float[] z, int count, List<Stage> stages, int grid) {
        Set<Integer> gLayers = new TreeSet<>();
        Set<Integer> dLayers = new TreeSet<>();
        for (Stage st : stages) {
            (st.source() == Source.GENERATOR ? gLayers : dLayers).add(st.layer());
        }
        DiscriminatorNet d = m.discriminator();
        if (!dLayers.isEmpty() && d == null) {
            throw new IllegalArgumentException("the model has no discriminator");
        }
        Map<Stage, float[]> pooled = new HashMap<>();
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager call = m.generator().params().manager().newSubManager()) {
            Hooks gHooks = new Hooks(ChannelMask.none(), gLayers);
            NDArray zs = call.create(z, new Shape(count, m.nz()));
            // nothing to capture in G: its plain pass, in the process's precision (one scripted call, bfloat16 where auto chose it)
            NDArray images = gLayers.isEmpty() ? m.generator().infer(zs, Precision.current())
                    : m.generator().forward(zs, false, gHooks);
            Map<Integer, NDArray> dCaptured = Map.of();
            if (!dLayers.isEmpty()) {
                Hooks dHooks = new Hooks(ChannelMask.none(), dLayers);
                d.stages(images, dHooks, java.util.Collections.max(dLayers)); // the stages after it are not needed
                dCaptured = dHooks.captured();
            }
            for (Stage st : stages) {
                NDArray h = (st.source() == Source.GENERATOR ? gHooks.captured() : dCaptured).get(st.layer());
                if (h == null) {
                    throw new IllegalArgumentException(st + " cannot be read for this model");
                }
                pooled.put(st, pool(h, grid).toFloatArray());
            }
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
        int width = 0;
        for (Stage st : stages) {
            width += pooled.get(st).length / count;
        }
        float[][] out = new float[count][width];
        int at = 0;
        for (Stage st : stages) {
            float[] v = pooled.get(st);
            int w = v.length / count;
            for (int i = 0; i < count; i++) {
                System.arraycopy(v, i * w, out[i], at, w);
            }
            at += w;
        }
        return out;
    }

    /**
     * A stage's activation [N, C, H, W] average-pooled to at most grid × grid cells, as [N, C·g·g]
     * (cells of (H/g) × (W/g); a side that g does not divide is cut to a multiple of g first); a
     * unit layer [N, C] stays as it is.
     */
    static NDArray pool(NDArray h, int grid) {
        Shape s = h.getShape();
        long n = s.get(0);
        if (s.dimension() < 4) {
            return h.reshape(n, -1);
        }
        long c = s.get(1);
        long gy = Math.min(grid, s.get(2));
        long gx = Math.min(grid, s.get(3));
        long ch = s.get(2) / gy;
        long cw = s.get(3) / gx;
        NDArray cut = h.get(new ai.djl.ndarray.index.NDIndex(":, :, :{}, :{}", gy * ch, gx * cw));
        return cut.reshape(n, c, gy, ch, gx, cw).mean(new int[] {5}).mean(new int[] {3}).reshape(n, c * gy * gx); // one axis at a time: DJL's PyTorch mean takes one
    }

    /** Dual ridge weights α and each pick's leave-one-out residual (its target minus the prediction of the fit without it). */
    record Ridge(double[] alpha, double[] leaveOneOut) {}

    /** α = (K + λI)⁻¹ t; the leave-one-out residual of kernel ridge in closed form, e_i = α_i / (K + λI)⁻¹_ii. */
    static Ridge ridge(double[][] k, double[] t, double lambda) {
        return ridge(new SymmetricEigen(k), t, lambda);
    }

    private static Ridge ridge(SymmetricEigen k, double[] t, double lambda) {
        int n = t.length;
        double[][] ainv = k.apply(e -> 1 / (e + lambda));
        double[] alpha = new double[n];
        double[] loo = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int l = 0; l < n; l++) {
                s += ainv[i][l] * t[l];
            }
            alpha[i] = s;
        }
        for (int i = 0; i < n; i++) {
            loo[i] = alpha[i] / ainv[i][i];
        }
        return new Ridge(alpha, loo);
    }
}
