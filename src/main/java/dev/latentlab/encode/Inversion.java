package dev.latentlab.encode;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.TorchScriptGenerator;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.ParamSet;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.train.Adam;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * GAN inversion: the z whose G(z) best reproduces a target image x, found by Adam on z alone
 * (the networks are frozen copies whose parameters take no gradient). For B targets and R
 * restarts, one batch of B·R rows (row b·R + r) runs through G and D per step, minimising per row
 * <pre>
 *   L(z) = mean (G(z) − x)²                                   pixel error, x in [−1, 1]
 *        + λf · (1/S) Σ_s mean (φ_s(G(z)) − φ_s(x))² / mean φ_s(x)²   feature error: D's stages
 *        + λp · (‖z‖ / √nz − 1)²                                  prior: keep z typical
 * </pre>
 * where φ_s is the discriminator's activation after stage s (a perceptual distance the model
 * carries; absent when the model has no discriminator). The starts are E(x) and E(x) + 0.3·ε
 * when an encoder is given (the hybrid of iGAN), else z ~ N(0, I); each target keeps the row and
 * step with the lowest loss. A gradient collector is open only while {@link
 * TorchRuntime#COLLECTOR_LOCK} is held, one step at a time, so training can interleave.
 */
public final class Inversion {
    /** The knobs of a search; {@link #defaults()} are what the CLI and the app use. */
    public record Settings(int steps, int restarts, double learningRate, double featureWeight, double priorWeight,
            long seed) {
        public Settings {
            if (steps < 0 || restarts < 1) {
                throw new IllegalArgumentException("steps must be ≥ 0 and restarts ≥ 1, got " + steps + " and "
                        + restarts);
            }
        }

        /** The thorough search: what the CLI, eval encode and the app's "Thorough" use. */
        public static Settings defaults() {
            return new Settings(150, 4, 0.05, 0.1, 0.05, 1);
        }

        /**
         * The app's first answer when the model has an encoder: a short refinement of E(x), about
         * a second on 2 cores (bench eval --only encode); "Thorough" runs {@link #defaults()}.
         */
        public static Settings quick() {
            return new Settings(40, 2, 0.05, 0.1, 0.05, 1);
        }

        public Settings withSteps(int s) {
            return new Settings(s, restarts, learningRate, featureWeight, priorWeight, seed);
        }

        public Settings withRestarts(int r) {
            return new Settings(steps, r, learningRate, featureWeight, priorWeight, seed);
        }
    }

    /** Which way z was found, for people. */
    public enum Method {
        ENCODER("encoder alone"),
        OPTIMISATION("optimisation from random starts"),
        HYBRID("encoder guess refined by optimisation"),
        /** A VAE's own encoder: z = μ(x) of q(z|x). */
        VAE_ENCODER("the VAE's encoder, z = μ(x)"),
        VAE_HYBRID("the VAE's μ(x) refined by optimisation");

        /** Whether z starts from (or is) an encoder's guess. */
        public boolean usesEncoder() {
            return this != OPTIMISATION;
        }

        /** The encoder alone, no optimisation steps. */
        public boolean encoderOnly() {
            return this == ENCODER || this == VAE_ENCODER;
        }

        private final String text;

        Method(String text) {
            this.text = text;
        }

        public String describe() {
            return text;
        }
    }

    /** After a step: per target the best loss and PSNR so far, and the best z (B × nz). */
    public record Progress(int step, int steps, double[] loss, double[] psnr, float[] z) {}

    /** z (B × nz) per target with its loss, PSNR (dB, on the [0, 1] scale) and how it was found. */
    public record Result(float[] z, int count, int nz, double[] loss, double[] psnr, Method method, int stepsRun,
            int restarts, boolean cancelled, double seconds) {
        public float[] z(int b) {
            float[] o = new float[nz];
            System.arraycopy(z, b * nz, o, 0, nz);
            return o;
        }

        public Npy.Array toNpy() {
            return new Npy.Array(new long[] {count, nz}, z.clone());
        }
    }

    private Inversion() {}

    /**
     * Inverts {@code count} targets (count × C × H × W floats in [−1, 1], the model's layout).
     *
     * @param encoder the model's image encoder, or null (optimisation alone)
     * @param progress called after every step on the calling thread (may be null)
     * @param cancelled polled before every step and while waiting for the collector; when it
     *     turns true the search ends within a step and returns the best found so far
     */
    public static Result invert(GanModel model, ImageEncoder encoder, float[] targets, int count, Settings s,
            Consumer<Progress> progress, BooleanSupplier cancelled) {
        NetSpec spec = model.spec();
        int per = spec.pixels();
        if (count < 1 || targets.length != count * per) {
            throw new IllegalArgumentException("targets hold " + targets.length + " values, expected " + count
                    + " × " + per + " (" + spec.channels() + "×" + spec.imageSize() + "×" + spec.imageSize() + ")");
        }
        if (encoder == null && s.steps() == 0) {
            throw new IllegalArgumentException("without an encoder the search needs at least one step");
        }
        long t0 = System.nanoTime();
        int nz = spec.nz();
        boolean vae = encoder != null && encoder.isVaeEncoder();
        Method method = encoder == null ? Method.OPTIMISATION
                : s.steps() == 0 ? (vae ? Method.VAE_ENCODER : Method.ENCODER) : (vae ? Method.VAE_HYBRID : Method.HYBRID);
        int r = method.encoderOnly() ? 1 : s.restarts(); // the encoder alone is E(x), no jittered starts
        int rows = count * r;
        Engine engine = TorchRuntime.engine();
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager work = engine.newBaseManager(); Frozen nets = Frozen.of(model, work)) {
            Shape imageShape = new Shape(count, spec.channels(), spec.imageSize(), spec.imageSize());
            NDArray x = work.create(targets, imageShape);
            NDArray xRows = x.repeat(0, r); // [B·R, C, H, W], row b·R + k is target b
            // the targets' features and their energies (the feature error is relative to them)
            Set<Integer> stages = nets.stages();
            Map<Integer, NDArray> phiX = new HashMap<>();
            Map<Integer, NDArray> energy = new HashMap<>();
            if (!stages.isEmpty()) {
                Hooks hx = new Hooks(null, stages);
                nets.d.logits(x, false, hx);
                for (int st : stages) {
                    NDArray f = hx.captured().get(st).repeat(0, r);
                    phiX.put(st, f);
                    energy.put(st, rowMean(f.square()).add(1e-8f)); // [B·R]
                }
            }
            float[] z0 = starts(encoder, x, count, r, nz, s.seed());
            ParamSet zp = new ParamSet(work);
            NDArray z = zp.addParameter("z", new Shape(rows, nz));
            z.set(z0);
            double[] bestLoss = new double[count];
            double[] bestPsnr = new double[count];
            float[] bestZ = new float[count * nz];
            java.util.Arrays.fill(bestLoss, Double.POSITIVE_INFINITY);
            int run = 0;
            boolean stopped = false;
            try (Adam adam = new Adam(zp, s.learningRate(), 0.9, 0.999)) {
                // steps + 1 evaluations: the last one scores the final z without updating it
                for (int t = 0; t <= s.steps(); t++) {
                    if (cancelled != null && cancelled.getAsBoolean()) {
                        stopped = true;
                        break;
                    }
                    boolean update = t < s.steps();
                    float[][] lossPix;
                    float[] zNow = z.toFloatArray();
                    if (update) {
                        if (!lock(cancelled)) {
                            stopped = true;
                            break;
                        }
                        try {
                            adam.zeroGradients();
                            try (NDScope scope = new NDScope(); GradientCollector gc = engine.newGradientCollector()) {
                                scope.suppressNotUsedWarning();
                                NDArray[] l = loss(nets, z, xRows, phiX, energy, s, nz);
                                gc.backward(l[0].sum());
                                lossPix = new float[][] {l[0].toFloatArray(), l[1].toFloatArray()};
                            }
                        } finally {
                            TorchRuntime.COLLECTOR_LOCK.unlock();
                        }
                        // cosine decay of the step size to a tenth over the search
                        double c = 0.5 * (1 + Math.cos(Math.PI * t / Math.max(1, s.steps())));
                        adam.setLearningRate(s.learningRate() * (0.1 + 0.9 * c));
                        boolean g = TorchRuntime.disableGrad();
                        adam.step();
                        TorchRuntime.restoreGrad(g);
                        run++;
                    } else {
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            NDArray[] l = loss(nets, z, xRows, phiX, energy, s, nz);
                            lossPix = new float[][] {l[0].toFloatArray(), l[1].toFloatArray()};
                        }
                    }
                    for (int i = 0; i < rows; i++) {
                        int b = i / r;
                        if (Double.isFinite(lossPix[0][i]) && lossPix[0][i] < bestLoss[b]) {
                            bestLoss[b] = lossPix[0][i];
                            bestPsnr[b] = psnr(lossPix[1][i]);
                            System.arraycopy(zNow, i * nz, bestZ, b * nz, nz);
                        }
                    }
                    if (progress != null) {
                        progress.accept(new Progress(t, s.steps(), bestLoss.clone(), bestPsnr.clone(), bestZ.clone()));
                    }
                }
            }
            if (bestLoss[0] == Double.POSITIVE_INFINITY) {
                // cancelled before the first evaluation: the starts are the answer
                for (int b = 0; b < count; b++) {
                    System.arraycopy(z0, b * r * nz, bestZ, b * nz, nz);
                    bestPsnr[b] = Double.NaN;
                    bestLoss[b] = Double.NaN;
                }
            }
            return new Result(bestZ, count, nz, bestLoss, bestPsnr, method, run, r, stopped,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    /** PSNR in dB between image {@code a} and image {@code b}, each {@code length} floats in [−1, 1] from {@code offset}. */
    public static double psnr(float[] a, float[] b, int offset, int length) {
        double se = 0;
        for (int j = offset; j < offset + length; j++) {
            double d = a[j] - b[j];
            se += d * d;
        }
        return psnr(se / length);
    }

    /** PSNR in dB of a mean squared error measured on [−1, 1] (peak-to-peak 2). */
    public static double psnr(double mseOnPlusMinusOne) {
        return 10 * Math.log10(4.0 / Math.max(mseOnPlusMinusOne, 1e-12));
    }

    /** Takes the collector lock, giving up when cancelled; polls every 50 ms. */
    private static boolean lock(BooleanSupplier cancelled) {
        try {
            while (!TorchRuntime.COLLECTOR_LOCK.tryLock(50, TimeUnit.MILLISECONDS)) {
                if (cancelled != null && cancelled.getAsBoolean()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** [N, ...] → the mean of each row, [N]. */
    private static NDArray rowMean(NDArray a) {
        return a.reshape(a.getShape().get(0), -1).mean(new int[] {1});
    }

    /** {total loss [B·R], pixel MSE [B·R]} for the rows of z. */
    private static NDArray[] loss(Frozen nets, NDArray z, NDArray xRows, Map<Integer, NDArray> phiX,
            Map<Integer, NDArray> energy, Settings s, int nz) {
        NDArray img = nets.g.forward(z, false, Hooks.none()); // [B·R, C, H, W]
        NDArray pix = rowMean(img.sub(xRows).square());
        NDArray total = pix;
        if (!phiX.isEmpty() && s.featureWeight() > 0) {
            Hooks h = new Hooks(null, phiX.keySet());
            nets.d.logits(img, false, h);
            List<NDArray> terms = new ArrayList<>();
            for (Map.Entry<Integer, NDArray> e : phiX.entrySet()) {
                NDArray f = h.captured().get(e.getKey());
                terms.add(rowMean(f.sub(e.getValue()).square()).div(energy.get(e.getKey())));
            }
            NDArray feat = NDArrays.stack(new ai.djl.ndarray.NDList(terms)).mean(new int[] {0});
            total = total.add(feat.mul((float) s.featureWeight()));
        }
        if (s.priorWeight() > 0) {
            // (‖z‖/√nz − 1)²
            NDArray dev = z.square().sum(new int[] {1}).sqrt().div((float) Math.sqrt(nz)).sub(1f);
            total = total.add(dev.square().mul((float) s.priorWeight()));
        }
        return new NDArray[] {total, pix};
    }

    /** Row b·R + k: E(x_b) (k = 0) and E(x_b) + 0.3·ε, or N(0, I) without an encoder. */
    private static float[] starts(ImageEncoder encoder, NDArray x, int count, int r, int nz, long seed) {
        Random rng = new Random(seed);
        float[] z0 = new float[count * r * nz];
        float[] guess = encoder != null ? encoder.encode(x) : null;
        for (int b = 0; b < count; b++) {
            for (int k = 0; k < r; k++) {
                int o = (b * r + k) * nz;
                for (int i = 0; i < nz; i++) {
                    double e = rng.nextGaussian();
                    z0[o + i] = guess == null ? (float) e : guess[b * nz + i] + (k == 0 ? 0f : (float) (0.3 * e));
                }
            }
        }
        return z0;
    }

    /**
     * Copies of the model's networks, in the search's manager, with no parameter taking a
     * gradient: backward reaches z only, and nothing the search does can touch the model (or a
     * render thread using it). A TorchScript generator is used as is (its parameters are read-only).
     */
    private record Frozen(GeneratorNet g, DiscriminatorNet d, boolean ownsG) implements AutoCloseable {
        static Frozen of(GanModel model, NDManager work) {
            NetSpec spec = model.spec();
            GeneratorNet g = model.generator();
            boolean own = !(g instanceof TorchScriptGenerator);
            if (own) {
                g = Networks.generator(spec, work);
                g.params().load(model.generator().params().toArrays(), model.name() + " (frozen copy)");
                freeze(g.params());
            }
            // one pass outside any NDScope, so caches built on first use (the generator's folded
            // weights) are not closed with the first step's scope
            try (NDManager warm = work.newSubManager()) {
                g.forward(warm.zeros(new Shape(1, spec.nz())), false, Hooks.none());
            }
            DiscriminatorNet d = null;
            if (model.discriminator() != null) {
                d = Networks.discriminator(spec, work, model.discriminator().params().toArrays(),
                        model.name() + " discriminator (copy)");
                freeze(d.params());
            }
            return new Frozen(g, d, own);
        }

        private static void freeze(ParamSet p) {
            for (NDArray a : p.trainableArrays()) {
                a.setRequiresGradient(false);
            }
        }

        Set<Integer> stages() {
            Set<Integer> s = new LinkedHashSet<>();
            if (d != null) {
                for (int i = 0; i < d.featureStages(); i++) {
                    s.add(i);
                }
            }
            return s;
        }

        @Override
        public void close() {
            if (ownsG) {
                g.close();
            }
            if (d != null) {
                d.close();
            }
        }
    }
}
