package dev.latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.ParamSet;
import dev.latentlab.nn.TorchRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GAN iteration taken apart into the note's five steps, one call of {@link #next()} each, on
 * the networks and optimisers of a live run:
 * <ol>
 *   <li>z sampled (a batch of noise vectors);</li>
 *   <li>G(z) (training mode, as the step computes it);</li>
 *   <li>D(x) and D(G(z)) per image;</li>
 *   <li>the losses: BCE(D(x), 1), BCE(D(G(z)), 0) and, for G, BCE(D(G(z)), 1);</li>
 *   <li>backward from loss_G: the gradient norm of every parameter of G and of D — D's are computed
 *       (the path to G runs through D) and then zeroed, never applied, and only G is stepped (D's
 *       weights measured unchanged); then loss_D backward on the detached G(z) and D's step.</li>
 * </ol>
 * Steps 2–4 run the forward passes without autograd and put back every buffer they touched
 * (BatchNorm's running statistics, spectral norm's power-iteration vector), so step 5's passes
 * see the networks exactly as step 1 found them: the figures are those of one ordinary iteration.
 * Step 5 runs under {@link TorchRuntime#COLLECTOR_LOCK}. Not thread-safe: the run's thread drives it.
 */
public final class StepThrough {
    /** The five steps, in order. */
    public enum Stage {
        Z("1. z sampled"), G_OF_Z("2. G(z)"), D_OUTPUTS("3. D(x) and D(G(z))"), LOSSES("4. The losses"),
        BACKWARD("5. Backward and the updates");

        private final String title;

        Stage(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /**
     * What the steps so far have shown; later fields are null until their step has run.
     *
     * @param z the noise, count × nz
     * @param fakes G(z), NCHW in [-1, 1]
     * @param real the real batch x, NCHW in [-1, 1]
     * @param dReal D(x) per image
     * @param dFake D(G(z)) per image
     * @param bceReal BCE(D(x), 1), NaN before step 4
     * @param bceFake BCE(D(G(z)), 0)
     * @param bceG BCE(D(G(z)), 1), G's (non-saturating) loss
     * @param gFromLossG ‖∂loss_G/∂θ‖ per parameter of G (applied)
     * @param dFromLossG ‖∂loss_G/∂φ‖ per parameter of D (computed, discarded)
     * @param dChangeAtGStep largest change of any weight of D across G's step (0: D untouched)
     * @param gChangeAtGStep largest change of any weight of G across G's step
     * @param dFromLossD ‖∂loss_D/∂φ‖ per parameter of D (applied)
     * @param dChangeAtDStep largest change of any weight of D across D's step
     */
    public record Report(Stage stage, int count, int nz, float[] z, float[] fakes, float[] real, double[] dReal,
            double[] dFake, double bceReal, double bceFake, double bceG, Map<String, Double> gFromLossG,
            Map<String, Double> dFromLossG, double dChangeAtGStep, double gChangeAtGStep,
            Map<String, Double> dFromLossD, double dChangeAtDStep) {
        public boolean finished() {
            return stage == Stage.BACKWARD;
        }
    }

    private final TrainConfig config;
    private final GeneratorNet g;
    private final DiscriminatorNet d;
    private final Adam adamG;
    private final Adam adamD;
    private final NDManager manager;
    private final float[] x;
    private final float[] z;
    private final int n;
    private Report report;

    /**
     * An iteration on real batch {@code x} (NCHW floats) and noise {@code z} (n × nz), with the
     * run's own networks and optimisers.
     */
    public StepThrough(TrainConfig config, GeneratorNet g, DiscriminatorNet d, Adam adamG, Adam adamD,
            NDManager manager, float[] x, float[] z) {
        if (config.loss == TrainConfig.Loss.HINGE) {
            throw new IllegalArgumentException("step through shows the note's cross-entropy losses; this run uses the hinge loss");
        }
        if (DiffAugment.Policy.parse(config.diffAugment).any() || config.instanceNoise > 0) {
            throw new IllegalArgumentException("step through shows the plain step; this run augments what D sees "
                    + "(DiffAugment or instance noise)");
        }
        this.config = config;
        this.g = g;
        this.d = d;
        this.adamG = adamG;
        this.adamD = adamD;
        this.manager = manager;
        this.x = x;
        this.z = z;
        this.n = z.length / config.nz;
        if (x.length != n * config.spec().pixels()) {
            throw new IllegalArgumentException("x holds " + x.length / config.spec().pixels() + " images, z " + n);
        }
    }

    /** What has been shown so far (null before the first step). */
    public Report report() {
        return report;
    }

    /** Runs the next step and returns everything shown so far. */
    public Report next() {
        Stage s = report == null ? Stage.Z : report.stage();
        if (report != null && report.finished()) {
            throw new IllegalStateException("all five steps are done");
        }
        Stage nextStage = report == null ? Stage.Z : Stage.values()[s.ordinal() + 1];
        report = switch (nextStage) {
            case Z -> new Report(Stage.Z, n, config.nz, z.clone(), null, x, null, null, Double.NaN, Double.NaN,
                    Double.NaN, null, null, Double.NaN, Double.NaN, null, Double.NaN);
            case G_OF_Z -> with(Stage.G_OF_Z, forwardWithoutSideEffects(false).fakes, null, null);
            case D_OUTPUTS -> {
                Forward f = forwardWithoutSideEffects(true);
                yield with(Stage.D_OUTPUTS, f.fakes, sigmoid(f.realLogits), sigmoid(f.fakeLogits));
            }
            case LOSSES -> losses();
            case BACKWARD -> TorchRuntime.withCollectorLock(this::backward);
        };
        return report;
    }

    private Report with(Stage st, float[] fakes, double[] dReal, double[] dFake) {
        Report r = report;
        return new Report(st, n, config.nz, r.z(), fakes, x, dReal != null ? dReal : r.dReal(),
                dFake != null ? dFake : r.dFake(), Double.NaN, Double.NaN, Double.NaN, null, null, Double.NaN,
                Double.NaN, null, Double.NaN);
    }

    private Report losses() {
        Report r = report;
        double real = 0;
        double fake = 0;
        double gl = 0;
        double y = config.realLabel; // 1, or less with one-sided label smoothing
        for (double p : r.dReal()) {
            real += -(y * Math.log(Math.max(p, 1e-12)) + (1 - y) * Math.log(Math.max(1 - p, 1e-12))) / n;
        }
        for (double p : r.dFake()) {
            fake += -Math.log(Math.max(1 - p, 1e-12)) / n;
            gl += -Math.log(Math.max(p, 1e-12)) / n;
        }
        return new Report(Stage.LOSSES, n, config.nz, r.z(), r.fakes(), x, r.dReal(), r.dFake(), real, fake, gl, null,
                null, Double.NaN, Double.NaN, null, Double.NaN);
    }

    private record Forward(float[] fakes, float[] realLogits, float[] fakeLogits) {}

    /** G(z) (and D on x and on G(z)) in training mode, autograd off, every buffer restored afterwards. */
    private Forward forwardWithoutSideEffects(boolean withD) {
        Map<String, float[]> gBuffers = buffers(g.params());
        Map<String, float[]> dBuffers = buffers(d.params());
        boolean grad = TorchRuntime.disableGrad();
        try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray fake = g.forward(m.create(z, new Shape(n, config.nz)), true, Hooks.none());
            float[] fakes = fake.toFloatArray();
            if (!withD) {
                return new Forward(fakes, null, null);
            }
            float[] rl = d.logits(images(m, x), true).toFloatArray();
            float[] fl = d.logits(fake, true).toFloatArray();
            return new Forward(fakes, rl, fl);
        } finally {
            TorchRuntime.restoreGrad(grad);
            restore(g.params(), gBuffers);
            restore(d.params(), dBuffers);
        }
    }

    private Report backward() {
        Report r = report;
        try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            adamG.zeroGradients();
            adamD.zeroGradients();
            NDArray fake;
            try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                // (2) of pytorch/examples: G's loss through D; the gradient reaches D's parameters too
                fake = g.forward(m.create(z, new Shape(n, config.nz)), true, Hooks.none());
                NDArray logits = d.logits(fake, true);
                NDArray errG = config.loss == TrainConfig.Loss.MINIMAX
                        ? Activation.softPlus(logits).neg().mean() // log(1 − D(G(z))) = −softplus(l)
                        : GanTrainer.bce(logits, 1);
                gc.backward(errG);
            }
            Map<String, Double> gNorms = gradientNorms(g.params());
            Map<String, Double> dNorms = gradientNorms(d.params());
            Map<String, float[]> dBefore = weights(d.params());
            Map<String, float[]> gBefore = weights(g.params());
            boolean grad = TorchRuntime.disableGrad();
            adamG.step();
            TorchRuntime.restoreGrad(grad);
            // D's gradients from loss_G are thrown away here: they were never meant for D
            adamD.zeroGradients();
            double dChangeG = largestChange(d.params(), dBefore);
            double gChangeG = largestChange(g.params(), gBefore);
            // (1) of pytorch/examples: D on x and on the same G(z), detached
            try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                NDArray realLogits = d.logits(images(m, x), true);
                NDArray fakeLogits = d.logits(fake.stopGradient(), true);
                gc.backward(GanTrainer.bce(realLogits, config.realLabel).add(GanTrainer.bce(fakeLogits, 0)));
            }
            Map<String, Double> dNormsD = gradientNorms(d.params());
            grad = TorchRuntime.disableGrad();
            adamD.step();
            TorchRuntime.restoreGrad(grad);
            double dChangeD = largestChange(d.params(), dBefore);
            return new Report(Stage.BACKWARD, n, config.nz, r.z(), r.fakes(), x, r.dReal(), r.dFake(), r.bceReal(),
                    r.bceFake(), r.bceG(), gNorms, dNorms, dChangeG, gChangeG, dNormsD, dChangeD);
        }
    }

    private NDArray images(NDManager m, float[] data) {
        return m.create(data, new Shape(n, config.channels, config.imageSize, config.imageSize));
    }

    /** ‖gradient‖₂ of every trainable parameter, by its PyTorch name. */
    public static Map<String, Double> gradientNorms(ParamSet p) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : p.trainableNames()) {
            NDArray a = p.get(name);
            double s = 0;
            if (a.hasGradient()) {
                try (NDArray gr = a.getGradient()) {
                    for (float v : gr.toFloatArray()) {
                        s += (double) v * v;
                    }
                }
            }
            out.put(name, Math.sqrt(s));
        }
        return out;
    }

    private static Map<String, float[]> weights(ParamSet p) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : p.trainableNames()) {
            out.put(name, p.get(name).toFloatArray());
        }
        return out;
    }

    private static double largestChange(ParamSet p, Map<String, float[]> before) {
        double worst = 0;
        for (Map.Entry<String, float[]> e : before.entrySet()) {
            float[] now = p.get(e.getKey()).toFloatArray();
            for (int i = 0; i < now.length; i++) {
                worst = Math.max(worst, Math.abs(now[i] - e.getValue()[i]));
            }
        }
        return worst;
    }

    private static Map<String, float[]> buffers(ParamSet p) {
        List<String> trainable = p.trainableNames();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : p.all().entrySet()) {
            if (!trainable.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue().toFloatArray());
            }
        }
        return out;
    }

    private static void restore(ParamSet p, Map<String, float[]> saved) {
        for (Map.Entry<String, float[]> e : saved.entrySet()) {
            p.get(e.getKey()).set(e.getValue());
        }
    }

    private static double[] sigmoid(float[] logits) {
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) {
            double l = logits[i];
            out[i] = l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
        }
        return out;
    }
}
