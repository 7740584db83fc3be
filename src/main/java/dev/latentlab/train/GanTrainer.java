package dev.latentlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.TorchRuntime;
import java.util.Random;

/**
 * The classic GAN training step, one iteration at a time (Goodfellow et al. 2014, Algorithm 1,
 * with the DCGAN recipe). Not thread-safe: one thread drives it, and since DJL allows one
 * gradient collector per process, only one trainer may step at a time.
 */
public final class GanTrainer implements AutoCloseable {
    /** Supplies real batches, NCHW floats in [-1, 1]. */
    public interface RealBatches {
        float[] next();
    }

    private final TrainConfig config;
    private final GeneratorNet g;
    private final DiscriminatorNet d;
    private final Adam adamG;
    private final Adam adamD;
    private final NDManager manager;
    private final Random noiseRng;
    /** Draws DiffAugment's transforms and the instance noise; its own stream, so the z noise stays as it was. */
    private final Random augmentRng;
    private final DiffAugment.Policy augment;
    /** Where DiffAugment's draws come from: the trainer's own stream, or given ones (tests against PyTorch). */
    private java.util.function.Supplier<DiffAugment.Draw> draws;
    /** D(G(z)) per image in the last G update (what G's loss saw), or null before one. */
    private volatile float[] lastFakeOutputs;
    /** σ of the instance noise added to D's inputs now (annealed by the run; 0 = none). */
    private double instanceNoise;

    public GanTrainer(TrainConfig config, GeneratorNet g, DiscriminatorNet d, NDManager manager, long noiseSeed) {
        this.config = config;
        this.g = g;
        this.d = d;
        this.manager = manager;
        this.adamG = new Adam(g.params(), config.lrG, config.beta1, config.beta2);
        this.adamD = new Adam(d.params(), config.lrD, config.beta1, config.beta2);
        this.noiseRng = new Random(noiseSeed);
        this.augmentRng = new Random(noiseSeed ^ 0xa09e667f3bcc908bL);
        this.augment = DiffAugment.Policy.parse(config.diffAugment);
        this.instanceNoise = config.instanceNoise;
        this.draws = () -> null;
    }

    /** Uses the given DiffAugment draws, one per batch D sees (D real, D fake, G fake, …), in that order. */
    void augmentDraws(java.util.function.Supplier<DiffAugment.Draw> given) {
        this.draws = given;
    }

    /** Scales both learning rates (warm-up, decay) relative to the config's. */
    public void scaleLearningRates(double factor) {
        adamG.setLearningRate(config.lrG * factor);
        adamD.setLearningRate(config.lrD * factor);
    }

    /** Sets the σ of the instance noise for the next steps (Sønderby et al. 2016; annealed to 0 by the run). */
    public void instanceNoise(double sigma) {
        this.instanceNoise = sigma;
    }

    /**
     * What D sees of a batch: DiffAugment's transforms (fresh per call, as the reference draws them)
     * and instance noise N(0, σ²), both differentiable in x, so G's gradient passes through them.
     */
    private NDArray toD(NDArray x, NDManager m) {
        if (augment.any()) {
            DiffAugment.Draw d = draws.get();
            x = DiffAugment.apply(x, augment, d != null ? d
                    : DiffAugment.draw(augmentRng, (int) x.getShape().get(0), config.imageSize), m);
        }
        if (instanceNoise > 0) {
            float[] e = new float[(int) x.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = (float) (augmentRng.nextGaussian() * instanceNoise);
            }
            x = x.add(m.create(e, x.getShape()));
        }
        return x;
    }

    public Adam adamG() {
        return adamG;
    }

    public Adam adamD() {
        return adamD;
    }

    public Random noiseRng() {
        return noiseRng;
    }

    /** D(G(z)) of every image of the last G update, or null before the first. */
    public float[] lastFakeOutputs() {
        return lastFakeOutputs;
    }

    /** z ~ N(0, I), or U(−1, 1) as in the DCGAN paper. */
    public float[] sampleNoise(int count) {
        return Noise.sample(config.noise, noiseRng, count * config.nz);
    }

    /** The values of one iteration, before throughput is known. */
    public record Step(double lossDReal, double lossDFake, double lossG, double dReal, double dFakeBefore,
            double dFakeAfter) {}

    /**
     * One iteration: {@code dSteps} updates of D, then {@code gSteps} updates of G.
     * D step: maximise log D(x) + log(1 − D(G(z))), i.e. minimise BCE(D(x), 1) + BCE(D(G(z)), 0)
     * with G(z) detached. G step: minimise BCE(D(G(z)), 1) = −log D(G(z)) (non-saturating), or
     * log(1 − D(G(z))) (minimax). With the hinge loss, D minimises E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]
     * and G minimises −E[D(G(z))] on D's logits. DiffAugment and instance noise, when set, act on
     * every batch D sees, real or fake, in both steps. Each step zeroes the gradients of the network it updates first
     * (as pytorch/examples does), so what the G step leaves in D never reaches D's next update.
     */
    public Step step(RealBatches real) {
        return TorchRuntime.withCollectorLock(() -> stepLocked(real, null, null, config.dSteps, config.gSteps));
    }

    /** A single D update (for stepping through training by hand); the Step's G values are NaN. */
    public Step stepD(RealBatches real) {
        return TorchRuntime.withCollectorLock(() -> stepLocked(real, null, null, 1, 0));
    }

    /** A single G update on fresh z; the Step's D values are NaN. */
    public Step stepG() {
        return TorchRuntime.withCollectorLock(() -> stepLocked(null, null, null, 0, 1));
    }

    /** The same with given z and real batches (tests compare with PyTorch on identical inputs). */
    public Step step(float[] x, float[] z) {
        return TorchRuntime.withCollectorLock(() -> stepLocked(null, x, z, config.dSteps, config.gSteps));
    }

    private Step stepLocked(RealBatches real, float[] fixedX, float[] fixedZ, int dUpdates, int gUpdates) {
        int n = config.batchSize;
        Engine engine = TorchRuntime.engine();
        double lossDReal = dUpdates > 0 ? 0 : Double.NaN;
        double lossDFake = lossDReal;
        double dReal = lossDReal;
        double dFakeBefore = lossDReal;
        double lossG = gUpdates > 0 ? 0 : Double.NaN;
        double dFakeAfter = lossG;
        // every array of the iteration — including those derived from parameters, such as the
        // phase weights of the transposed convolutions, which attach to the parameters' manager —
        // is closed when the scope ends, so memory stays flat over any number of iterations
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray fake = null;
            for (int k = 0; k < dUpdates; k++) {
                float[] x = fixedX != null ? fixedX : real.next();
                int bn = x.length / config.spec().pixels();
                NDArray xs = step.create(x, new Shape(bn, config.channels, config.imageSize, config.imageSize));
                NDArray zs = step.create(fixedZ != null ? fixedZ : sampleNoise(bn), new Shape(bn, config.nz));
                // G(z) is detached before D sees it, so this backward reaches D only: zeroing D
                // suffices, and it also discards whatever a G step left in D
                adamD.zeroGradients();
                try (GradientCollector gc = engine.newGradientCollector()) {
                    // (1) Update D: maximise log(D(x)) + log(1 − D(G(z)))
                    fake = g.forward(zs, true, Hooks.none());
                    NDArray realLogits = d.logits(toD(xs, step), true);
                    NDArray fakeLogits = d.logits(toD(fake.stopGradient(), step), true);
                    NDArray errReal;
                    NDArray errFake;
                    if (config.loss == TrainConfig.Loss.HINGE) {
                        // hinge (Lim & Ye 2017; Miyato et al. 2018): E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]
                        errReal = Activation.relu(realLogits.neg().add(1)).mean();
                        errFake = Activation.relu(fakeLogits.add(1)).mean();
                    } else {
                        errReal = bce(realLogits, config.realLabel);
                        errFake = bce(fakeLogits, 0);
                    }
                    gc.backward(errReal.add(errFake));
                    lossDReal = errReal.getFloat();
                    lossDFake = errFake.getFloat();
                    dReal = Activation.sigmoid(realLogits).mean().getFloat();
                    dFakeBefore = Activation.sigmoid(fakeLogits).mean().getFloat();
                }
                boolean grad = TorchRuntime.disableGrad();
                adamD.step();
                TorchRuntime.restoreGrad(grad);
                n = bn;
            }
            for (int k = 0; k < gUpdates; k++) {
                if (k > 0) {
                    fake = null;
                }
                // D's gradients from this backward are never applied: the next D step zeroes them
                adamG.zeroGradients();
                try (GradientCollector gc = engine.newGradientCollector()) {
                    // (2) Update G: maximise log(D(G(z))) (non-saturating) or minimise log(1 − D(G(z)))
                    if (fake == null) {
                        fake = g.forward(step.create(sampleNoise(n), new Shape(n, config.nz)), true, Hooks.none());
                    }
                    NDArray logits = d.logits(toD(fake, step), true);
                    NDArray errG = switch (config.loss) {
                        case NON_SATURATING -> bce(logits, 1);
                        case MINIMAX -> Activation.softPlus(logits).neg().mean(); // log(1 − sigmoid(l)) = −softplus(l)
                        case HINGE -> logits.mean().neg(); // −E[D(G(z))]
                    };
                    gc.backward(errG);
                    // the figure shown as loss_G: the loss itself, but −log D(G(z)) under minimax (its own
                    // value, log(1 − D), is negative and reads as a different scale)
                    lossG = config.loss == TrainConfig.Loss.MINIMAX ? bce(logits.stopGradient(), 1).getFloat()
                            : errG.getFloat();
                    NDArray probs = Activation.sigmoid(logits);
                    dFakeAfter = probs.mean().getFloat();
                    lastFakeOutputs = probs.toFloatArray();
                }
                boolean grad = TorchRuntime.disableGrad();
                adamG.step();
                TorchRuntime.restoreGrad(grad);
                fake = null;
            }
        }
        return new Step(lossDReal, lossDFake, lossG, dReal, dFakeBefore, dFakeAfter);
    }

    /** Mean binary cross-entropy of sigmoid(logits) against a constant target y, in its stable form. */
    static NDArray bce(NDArray logits, double y) {
        // −[y·log σ(l) + (1−y)·log(1−σ(l))] = y·softplus(−l) + (1−y)·softplus(l)
        NDArray pos = Activation.softPlus(logits.neg());
        if (y == 1) {
            return pos.mean();
        }
        NDArray neg = Activation.softPlus(logits);
        if (y == 0) {
            return neg.mean();
        }
        return pos.mul(y).add(neg.mul(1 - y)).mean();
    }

    @Override
    public void close() {
        adamG.close();
        adamD.close();
    }
}
