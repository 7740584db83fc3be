package dev.latentlab.train;

import ai.djl.ndarray.NDManager;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Networks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

/**
 * A VAE's side of a run: the decoder (the GAN's generator class, so every view takes it), the
 * encoder (the discriminator's body with a 2·nz head) and their {@link VaeTrainer}. Diverged
 * means a NaN or infinite loss; there is no D to win.
 */
final class VaeLearner implements Learner {
    private final TrainConfig config;
    private final GeneratorNet decoder;
    private final EncoderNet encoder;
    private final VaeTrainer trainer;

    /** Initialises the decoder then the encoder from {@code init} (seeded by the config), and seeds ε from it. */
    VaeLearner(TrainConfig config, NDManager manager, Random init, Checkpoint.State st) {
        this.config = config;
        this.decoder = Networks.generator(config.spec(), manager);
        this.encoder = Networks.encoder(config.spec(), manager, 2 * config.nz);
        Networks.initialize(decoder, init);
        encoder.initialize(init);
        st.noiseSeed = init.nextLong();
        this.trainer = new VaeTrainer(config, encoder, decoder, manager, st.noiseSeed);
    }

    @Override
    public GeneratorNet shown() {
        return decoder;
    }

    @Override
    public GeneratorNet trained() {
        return decoder;
    }

    @Override
    public Random noiseRng() {
        return trainer.noiseRng();
    }

    @Override
    public boolean hasParts() {
        return false;
    }

    @Override
    public void resume(Path ckpt, Checkpoint.State saved) {
        load(ckpt);
        Checkpoint.loadOptimizers(ckpt, Checkpoint.ordered("G/", trainer.adamG(), "E/", trainer.adamE()));
    }

    @Override
    public void continueFrom(GanModel m, Path folder) {
        if (!m.isVae()) {
            throw new ModelException(folder + " holds a GAN: a VAE cannot continue from it");
        }
        copyFrom(m);
    }

    private void load(Path dir) {
        try (GanModel m = ModelStore.open(dir)) {
            if (!m.isVae()) {
                throw new ModelException(dir + " holds a GAN's checkpoint: resume it with --arch dcgan or mlp");
            }
            copyFrom(m);
        }
    }

    private void copyFrom(GanModel m) {
        decoder.params().copyFrom(m.generator().params());
        encoder.params().copyFrom(m.encoder().params());
    }

    @Override
    public IterationRecord step(TrainingRun.Part part, GanTrainer.RealBatches real) {
        VaeTrainer.Step s = trainer.step(real);
        double bpd = Elbo.bitsPerDim(s.negElbo(), config.spec().pixels(), trainer.objective().likelihood());
        return IterationRecord.vae(0, 0, s.loss(), s.recon(), s.kl(), bpd, 0, 0);
    }

    @Override
    public int imagesPerStep(TrainingRun.Part part) {
        return config.batchSize;
    }

    @Override
    public DivergenceGuard.Verdict check(IterationRecord r) {
        return r.isFinite() ? DivergenceGuard.Verdict.OK : DivergenceGuard.Verdict.NOT_FINITE;
    }

    @Override
    public String explain(DivergenceGuard.Verdict v, long iteration) {
        return v == DivergenceGuard.Verdict.OK ? ""
                : "training diverged at iteration " + iteration + ": the negative ELBO is NaN or infinite";
    }

    @Override
    public void describe(ModelInfo info) {
        info.kind = ModelInfo.VAE;
        info.vae = new ModelInfo.Vae();
        Elbo.Settings o = trainer.objective();
        info.vae.likelihood = o.likelihood().id();
        info.vae.sigma = o.likelihood() == Elbo.Likelihood.GAUSSIAN ? o.sigma() : null;
        info.vae.beta = o.beta();
    }

    @Override
    public void checkpoint(Path out, ModelInfo info, Checkpoint.State st) throws IOException {
        Checkpoint.saveVae(out, info, decoder, encoder, trainer.adamG(), trainer.adamE(), st);
    }

    @Override
    public void saveModel(ModelInfo info, Path dir) throws IOException {
        ModelStore.saveVae(info, decoder, encoder, dir);
    }

    /** G(μ(x)): the decoder's mean image at the posterior mean, both networks in eval mode. */
    @Override
    public Generated reconstruct(float[] x, int count) {
        float[] mu = GanModel.posterior(encoder, x, count)[0];
        return GanModel.generate(decoder, mu, count, ChannelMask.none(), Set.of());
    }

    @Override
    public void close() {
        trainer.close();
    }
}
