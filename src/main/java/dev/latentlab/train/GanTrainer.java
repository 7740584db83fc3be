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

    public GanTrainer(TrainConfig config, GeneratorNet g, DiscriminatorNet d, NDManager manager, long noiseSeed) {
        this.config = config;
        this.g = g;
        this.d = d;
        this.manager = manager;
        this.adamG = new Adam(g.params(), config.lrG, config.beta1, config.beta2);
        this.adamD = new Adam(d.params(), config.lrD, config.beta1, config.beta2);
        this.noiseRng = new Random(noiseSeed);
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
     * log(1 − D(G(z))) (minimax). Each step zeroes the gradients of the network it updates first
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
                    NDArray realLogits = d.logits(xs, true);
                    NDArray errReal = bce(realLogits, config.realLabel);
                    NDArray fakeLogits = d.logits(fake.stopGradient(), true);
                    NDArray errFake = bce(fakeLogits, 0);
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
                    NDArray logits = d.logits(fake, true);
                    NDArray errG = config.loss == TrainConfig.Loss.NON_SATURATING
                            ? bce(logits, 1)
                            : Activation.softPlus(logits).neg().mean(); // log(1 − sigmoid(l)) = −softplus(l)
                    gc.backward(errG);
                    lossG = config.loss == TrainConfig.Loss.NON_SATURATING ? errG.getFloat()
                            : bce(logits.stopGradient(), 1).getFloat();
                    dFakeAfter = Activation.sigmoid(logits).mean().getFloat();
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
