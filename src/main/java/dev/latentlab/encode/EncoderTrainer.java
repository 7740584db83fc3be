package dev.latentlab.encode;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentlab.model.GanModel;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.train.Adam;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains an image encoder on the generator's own samples: each iteration draws z ~ N(0, I),
 * renders x = G(z) with G frozen (autograd off), and takes one Adam step on
 * mean (E(x) − z)² for E alone. Pairs cost nothing to make, so no sample is seen twice.
 */
public final class EncoderTrainer {
    /** What to train: iterations of {@code batchSize} fresh pairs, Adam at {@code learningRate}, cosine decay. */
    public record Settings(int iterations, int batchSize, double learningRate, long seed) {
        public Settings {
            if (iterations < 1 || batchSize < 2) {
                throw new IllegalArgumentException("iterations must be ≥ 1 and the batch ≥ 2, got " + iterations
                        + " and " + batchSize);
            }
        }
    }

    private EncoderTrainer() {}

    /** Returns the trained encoder (the caller owns it); stops early, keeping what it has, when cancelled. */
    public static ImageEncoder train(GanModel model, Settings s, String command, Consumer<String> log,
            BooleanSupplier cancelled) {
        return train(model, s, null, command, log, cancelled);
    }

    /**
     * As {@link #train(GanModel, Settings, String, Consumer, BooleanSupplier)}, starting from the
     * encoder in the model folder {@code init} (one trained for an earlier checkpoint of the same
     * generator, say) instead of a random initialisation; null starts from scratch.
     */
    public static ImageEncoder train(GanModel model, Settings s, Path init, String command,
            Consumer<String> log, BooleanSupplier cancelled) {
        NetSpec spec = model.spec();
        ImageEncoder.Info info = new ImageEncoder.Info();
        info.model = model.name();
        info.imageSize = spec.imageSize();
        info.channels = spec.channels();
        info.nz = spec.nz();
        info.widths = spec.dWidths();
        info.batchSize = s.batchSize();
        info.learningRate = s.learningRate();
        info.command = command;
        ImageEncoder enc;
        if (init == null) {
            enc = ImageEncoder.create(spec, info);
        } else {
            ImageEncoder from = ImageEncoder.load(init, spec);
            if (from == null) {
                throw new IllegalArgumentException(init + " holds no image encoder (" + ImageEncoder.WEIGHTS
                        + ") to start from");
            }
            info.initialisedFrom = init + " (" + from.info().iterations + " iterations, z error "
                    + String.format(Locale.ROOT, "%.4f", from.info().finalZError) + ")";
            enc = from.withInfo(info);
        }
        try {
            if (init == null) {
                enc.net().initialize(new Random(s.seed()));
            }
            run(model, enc, s, log, cancelled);
            return enc;
        } catch (RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    private static void run(GanModel model, ImageEncoder enc, Settings s, Consumer<String> log,
            BooleanSupplier cancelled) {
        NetSpec spec = model.spec();
        Engine engine = TorchRuntime.engine();
        Random rng = new Random(s.seed() + 1);
        int n = s.batchSize();
        int nz = spec.nz();
        long t0 = System.nanoTime();
        double recent = Double.NaN;
        int every = Math.max(1, s.iterations() / 10);
        long it = 0;
        // one pass outside any NDScope, so the generator's lazily folded weights outlive the first step
        model.generate(new float[nz], 1);
        try (Adam adam = new Adam(enc.net().params(), s.learningRate(), 0.9, 0.999);
                NDManager base = enc.net().params().manager().newSubManager()) {
            for (; it < s.iterations(); it++) {
                if (cancelled != null && cancelled.getAsBoolean()) {
                    log.accept("cancelled after " + it + " iterations");
                    break;
                }
                float[] z = new float[n * nz];
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) rng.nextGaussian();
                }
                double loss;
                try (NDScope scope = new NDScope(); NDManager step = base.newSubManager()) {
                    scope.suppressNotUsedWarning();
                    NDArray zs = step.create(z, new Shape(n, nz));
                    NDArray x;
                    boolean g = TorchRuntime.disableGrad();
                    try {
                        x = model.generator().forward(zs, false, Hooks.none()); // [n, C, H, W], no graph
                    } finally {
                        TorchRuntime.restoreGrad(g);
                    }
                    TorchRuntime.COLLECTOR_LOCK.lock();
                    try {
                        adam.zeroGradients();
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray l = enc.net().forward(x, true).sub(zs).square().mean();
                            gc.backward(l);
                            loss = l.getFloat();
                        }
                    } finally {
                        TorchRuntime.COLLECTOR_LOCK.unlock();
                    }
                }
                double c = 0.5 * (1 + Math.cos(Math.PI * it / s.iterations()));
                adam.setLearningRate(s.learningRate() * c);
                boolean g = TorchRuntime.disableGrad();
                adam.step();
                TorchRuntime.restoreGrad(g);
                recent = Double.isNaN(recent) ? loss : 0.9 * recent + 0.1 * loss;
                if ((it + 1) % every == 0 || it + 1 == s.iterations()) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    log.accept(String.format(Locale.ROOT, "iteration %d/%d  z error %.4f  %.1f pairs/s", it + 1,
                            s.iterations(), recent, (it + 1) * n / secs));
                }
            }
        }
        ImageEncoder.Info info = enc.info();
        info.iterations = it;
        info.finalZError = recent;
        info.wallSeconds = Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
        info.threads = TorchRuntime.threads();
        info.created = Instant.now().toString();
    }
}
