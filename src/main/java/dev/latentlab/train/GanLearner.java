package dev.latentlab.train;

import ai.djl.ndarray.NDManager;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Networks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A GAN's side of a run: G and D, their {@link GanTrainer}, the optional average of G, the collapse guard. */
final class GanLearner implements Learner {
    private final TrainConfig config;
    private final GeneratorNet g;
    private final DiscriminatorNet d;
    private final GanTrainer trainer;
    private final GeneratorAverage avg;
    private final DivergenceGuard guard;
    private final NDManager manager;
    private StepThrough stepThrough;

    /** Initialises G then D from {@code init} (seeded by the config), and seeds the noise from it. */
    GanLearner(TrainConfig config, NDManager manager, Random init, DivergenceGuard guard, Checkpoint.State st) {
        this.config = config;
        this.guard = guard;
        this.manager = manager;
        this.g = Networks.generator(config.spec(), manager);
        this.d = Networks.discriminator(config.spec(), manager, config.spectralNorm);
        Networks.initialize(g, init);
        Networks.initialize(d, init);
        st.noiseSeed = init.nextLong();
        this.trainer = new GanTrainer(config, g, d, manager, st.noiseSeed);
        this.avg = config.ema > 0 ? new GeneratorAverage(g, config.ema, manager) : null;
    }

    @Override
    public GeneratorNet shown() {
        return avg != null ? avg.net() : g;
    }

    @Override
    public GeneratorNet trained() {
        return g;
    }

    @Override
    public Random noiseRng() {
        return trainer.noiseRng();
    }

    @Override
    public boolean hasParts() {
        return true;
    }

    @Override
    public void resume(Path ckpt, Checkpoint.State saved) {
        try (GanModel m = ModelStore.open(ckpt)) {
            if (m.isVae()) {
                throw new ModelException(ckpt + " holds a VAE's checkpoint: resume it with --arch vae");
            }
            g.params().copyFrom(m.generator().params());
            d.params().copyFrom(m.discriminator().params());
        }
        Checkpoint.loadOptimizers(ckpt, trainer.adamG(), trainer.adamD());
        if (avg != null) {
            Path emaFile = ckpt.resolve(Checkpoint.EMA);
            if (Files.isRegularFile(emaFile)) {
                try {
                    avg.restore(Npy.readNpz(emaFile), saved.emaUpdates, emaFile.toString());
                } catch (IOException e) {
                    throw new ModelException(emaFile + " cannot be read: " + e.getMessage(), e);
                }
            } else {
                avg.restartFrom(g); // the checkpoint has no average yet
            }
        }
    }

    @Override
    public void continueFrom(GanModel m, Path folder) {
        if (m.discriminator() == null) {
            throw new ModelException(folder + " has no discriminator.npz: training cannot continue from it");
        }
        g.params().copyFrom(m.generator().params());
        d.params().copyFrom(m.discriminator().params());
        if (avg != null) {
            avg.restartFrom(g);
        }
    }

    @Override
    public void schedule(double lrFactor, double progress) {
        trainer.scaleLearningRates(lrFactor);
        trainer.instanceNoise(config.instanceNoise * Math.max(0, 1 - progress));
    }

    @Override
    public IterationRecord step(TrainingRun.Part part, GanTrainer.RealBatches real) {
        GanTrainer.Step s = switch (part) {
            case ITERATION -> trainer.step(real);
            case D -> trainer.stepD(real);
            case G -> trainer.stepG();
        };
        if (part != TrainingRun.Part.D && avg != null) {
            avg.update(g);
        }
        return new IterationRecord(0, 0, s.lossDReal(), s.lossDFake(), s.lossG(), s.dReal(), s.dFakeBefore(),
                s.dFakeAfter(), 0, 0);
    }

    @Override
    public float[] fakeOutputs() {
        return trainer.lastFakeOutputs();
    }

    @Override
    public StepThrough.Report stepThrough(GanTrainer.RealBatches real) {
        if (stepThrough == null || stepThrough.report().finished()) {
            float[] x = real.next().clone(); // the stream reuses its buffers
            float[] z = trainer.sampleNoise(x.length / config.spec().pixels());
            stepThrough = new StepThrough(config, g, d, trainer.adamG(), trainer.adamD(), manager, x, z);
        }
        StepThrough.Report r = stepThrough.next();
        if (r.finished() && avg != null) {
            avg.update(g);
        }
        return r;
    }

    @Override
    public int imagesPerStep(TrainingRun.Part part) {
        return switch (part) {
            case ITERATION -> config.batchSize * config.dSteps;
            case D -> config.batchSize;
            case G -> 0;
        };
    }

    @Override
    public DivergenceGuard.Verdict check(IterationRecord r) {
        return guard.check(r);
    }

    @Override
    public String explain(DivergenceGuard.Verdict v, long iteration) {
        return guard.explain(v, iteration);
    }

    @Override
    public void describe(ModelInfo info) {
        info.kind = ModelInfo.GAN;
    }

    @Override
    public void checkpoint(Path out, ModelInfo info, Checkpoint.State st) throws IOException {
        st.emaUpdates = avg != null ? avg.updates() : 0;
        Checkpoint.save(out, info, g, d, trainer.adamG(), trainer.adamD(), st, avg != null ? avg.net() : null);
    }

    @Override
    public void saveModel(ModelInfo info, Path dir) throws IOException {
        ModelStore.save(info, shown(), d, dir);
    }

    @Override
    public void close() {
        trainer.close();
        if (avg != null) {
            avg.close();
        }
    }
}
