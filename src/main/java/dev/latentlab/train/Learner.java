package dev.latentlab.train;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.nn.GeneratorNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * What a {@link TrainingRun} trains, and everything that differs between a GAN (G against D) and
 * a VAE (encoder and decoder on the ELBO): the networks, one step, what a checkpoint and a model
 * folder hold, what counts as diverged. The run owns the thread, the pausing, the files and the
 * timing; a learner owns its networks and optimisers (closed with it).
 */
interface Learner extends AutoCloseable {
    /** What the run samples, snapshots and saves as the model's generator (a GAN's average when kept). */
    GeneratorNet shown();

    /** The generator being trained (a VAE's decoder). */
    GeneratorNet trained();

    /** The noise generator, re-seeded at every checkpoint so a resumed run draws the same values. */
    Random noiseRng();

    /** Whether single D and G updates exist (a GAN's). */
    boolean hasParts();

    /** Restores weights and optimiser state from a checkpoint folder. */
    void resume(Path checkpoint, Checkpoint.State saved);

    /** Continues from a model folder's weights with fresh optimiser state. */
    void continueFrom(GanModel model, Path folder);

    /** One iteration or one part of it; the record's iteration, epoch and timing are filled in by the run. */
    IterationRecord step(TrainingRun.Part part, GanTrainer.RealBatches real);

    /** Real images an iteration (or a part) consumes. */
    int imagesPerStep(TrainingRun.Part part);

    DivergenceGuard.Verdict check(IterationRecord r);

    String explain(DivergenceGuard.Verdict v, long iteration);

    /** Fills in the kind-specific parts of model.json (kind, the VAE's objective). */
    void describe(ModelInfo info);

    void checkpoint(Path out, ModelInfo info, Checkpoint.State state) throws IOException;

    void saveModel(ModelInfo info, Path dir) throws IOException;

    /**
     * Sets what changes over a run: the learning-rate factor (warm-up, decay) and the run's progress in
     * [0, 1] (the instance noise anneals with it). A VAE's learning rate stays as configured.
     */
    default void schedule(double lrFactor, double progress) {}

    /** D(G(z)) per image of the last G update (a GAN's), or null. */
    default float[] fakeOutputs() {
        return null;
    }

    /**
     * The next of the five steps of one iteration taken apart ({@link StepThrough}), a new iteration
     * after the fifth. A run that cannot show them throws IllegalArgumentException saying why.
     */
    default StepThrough.Report stepThrough(GanTrainer.RealBatches real) {
        throw new IllegalArgumentException("a VAE's step has no discriminator: step through shows a GAN's iteration");
    }

    /** A VAE's reconstructions G(μ(x)) of {@code count} images (eval mode); null for a GAN. */
    default Generated reconstruct(float[] x, int count) {
        return null;
    }

    @Override
    void close();
}
