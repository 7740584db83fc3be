package dev.latentlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.latentlab.io.Npy;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import java.util.Map;

/**
 * An exponential moving average of the generator's weights (and BatchNorm statistics), the
 * averaged generator that Karras et al. (2018) and Yazıcı et al. (2019, "The Unusual Effectiveness
 * of Averaging in GAN Training") sample from: after each G update,
 * avg ← β·avg + (1 − β)·G, with β warming up as min(β, (1 + t) / (10 + t)) so that the average
 * does not remember the random initialisation for long. GAN training oscillates; the average
 * follows its centre, so its samples and its latent geometry change slowly.
 */
public final class GeneratorAverage implements AutoCloseable {
    private final GeneratorNet avg;
    private final double beta;
    private long updates;

    /** Starts as a copy of {@code g}. */
    public GeneratorAverage(GeneratorNet g, double beta, NDManager manager) {
        if (!(beta > 0 && beta < 1)) {
            throw new IllegalArgumentException("the average's decay must be in (0, 1), got " + beta);
        }
        this.beta = beta;
        this.avg = Networks.generator(g.spec(), manager);
        restartFrom(g);
    }

    /** Starts over as a copy of {@code g} (a run resumed without a saved average). */
    public void restartFrom(GeneratorNet g) {
        avg.params().copyFrom(g.params());
        updates = 0;
        avg.params().touch();
    }

    /** The averaged generator (read it, do not train it). */
    public GeneratorNet net() {
        return avg;
    }

    public long updates() {
        return updates;
    }

    /** The decay used at the next update. */
    public double decay() {
        return Math.min(beta, (1.0 + updates) / (10.0 + updates));
    }

    /** avg ← d·avg + (1 − d)·g for every parameter and buffer, d = {@link #decay()}. */
    public void update(GeneratorNet g) {
        double d = decay();
        boolean grad = TorchRuntime.disableGrad();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, NDArray> to = avg.params().all();
            for (Map.Entry<String, NDArray> e : g.params().all().entrySet()) {
                to.get(e.getKey()).muli(d).addi(e.getValue().mul(1 - d));
            }
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
        updates++;
        avg.params().touch();
    }

    /** Continues from a saved average (its arrays and how many updates it has had). */
    public void restore(Map<String, Npy.Array> arrays, long updates, String source) {
        avg.params().load(arrays, source);
        this.updates = updates;
        avg.params().touch();
    }

    @Override
    public void close() {
        avg.close();
    }
}
