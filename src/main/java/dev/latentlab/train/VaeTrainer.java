package dev.latentlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.TorchRuntime;
import java.util.Random;

/**
 * The VAE training step (Kingma and Welling 2014, Algorithm 1 with one sample of ε per image):
 * minimise recon + β·KL of {@link Elbo} over a batch with Adam on the encoder's and the decoder's
 * parameters together (two Adams with the same settings are one Adam over both sets). Not
 * thread-safe; steps under the process's one gradient collector, like {@link GanTrainer}.
 */
public final class VaeTrainer implements AutoCloseable {
    private final TrainConfig config;
    private final Elbo.Settings objective;
    private final EncoderNet encoder;
    private final GeneratorNet decoder;
    private final Adam adamE;
    private final Adam adamG;
    private final NDManager manager;
    private final Random noiseRng;

    public VaeTrainer(TrainConfig config, EncoderNet encoder, GeneratorNet decoder, NDManager manager,
            long noiseSeed) {
        this.config = config;
        this.objective = config.elbo();
        this.encoder = encoder;
        this.decoder = decoder;
        this.manager = manager;
        // the encoder learns at lrD (it has the discriminator's body), the decoder at lrG
        this.adamE = new Adam(encoder.params(), config.lrD, config.beta1, config.beta2);
        this.adamG = new Adam(decoder.params(), config.lrG, config.beta1, config.beta2);
        this.noiseRng = new Random(noiseSeed);
    }

    public Adam adamE() {
        return adamE;
    }

    public Adam adamG() {
        return adamG;
    }

    public Random noiseRng() {
        return noiseRng;
    }

    public Elbo.Settings objective() {
        return objective;
    }

    /** One update's values, per image: reconstruction (−log p(x|z)), KL, loss = recon + β·KL, −ELBO = recon + KL. */
    public record Step(double recon, double kl, double loss) {
        public double negElbo() {
            return recon + kl;
        }
    }

    /** One update on the next real batch, with fresh ε ~ N(0, I). */
    public Step step(GanTrainer.RealBatches real) {
        return TorchRuntime.withCollectorLock(() -> stepLocked(real.next(), null));
    }

    /** The same with a given batch and ε (tests compare with PyTorch on identical inputs). */
    public Step step(float[] x, float[] eps) {
        return TorchRuntime.withCollectorLock(() -> stepLocked(x, eps));
    }

    private Step stepLocked(float[] x, float[] fixedEps) {
        Engine engine = TorchRuntime.engine();
        int n = x.length / config.spec().pixels();
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray xs = step.create(x, new Shape(n, config.channels, config.imageSize, config.imageSize));
            NDArray eps = step.create(fixedEps != null ? fixedEps
                    : Noise.sample(TrainConfig.Noise.NORMAL, noiseRng, n * config.nz), new Shape(n, config.nz));
            adamE.zeroGradients();
            adamG.zeroGradients();
            double recon;
            double kl;
            double loss;
            try (GradientCollector gc = engine.newGradientCollector()) {
                Elbo.Terms t = Elbo.terms(encoder, decoder, xs, eps, objective, true);
                NDArray l = t.loss(objective.beta());
                gc.backward(l);
                loss = l.getFloat();
                recon = t.recon().mean().getFloat();
                kl = t.kl().mean().getFloat();
            }
            boolean grad = TorchRuntime.disableGrad();
            adamE.step();
            adamG.step();
            TorchRuntime.restoreGrad(grad);
            return new Step(recon, kl, loss);
        }
    }

    @Override
    public void close() {
        adamE.close();
        adamG.close();
    }
}
