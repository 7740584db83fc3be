package dev.latentlab.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.latentlab.nn.TorchRuntime;

/**
 * The generator's two losses as functions of D's output on a fake, d = D(G(z)) = σ(l), and their
 * gradients with respect to D's logit l (what reaches G through D):
 * <ul>
 *   <li>minimax: log(1 − d) (G minimises it), ∂/∂l = −σ(l) = −d: it vanishes when D wins (d → 0);</li>
 *   <li>non-saturating: −log d = BCE(d, 1), ∂/∂l = −(1 − σ(l)) = d − 1: near −1 when D wins.</li>
 * </ul>
 * {@link #byAutograd} computes the same gradients with libtorch's autograd ({@code explain losses}
 * prints their means); the closed forms draw the Train view's curves.
 */
public final class GeneratorLosses {
    private GeneratorLosses() {}

    /** log(1 − d). */
    public static double minimax(double d) {
        return Math.log1p(-d);
    }

    /** −log d. */
    public static double nonSaturating(double d) {
        return -Math.log(d);
    }

    /** ∂ log(1 − σ(l)) / ∂l at d = σ(l). */
    public static double minimaxGradient(double d) {
        return -d;
    }

    /** ∂ −log σ(l) / ∂l at d = σ(l). */
    public static double nonSaturatingGradient(double d) {
        return d - 1;
    }

    /** Per-sample gradients of both losses with respect to each logit, by autograd. */
    public record Gradients(float[] minimax, float[] nonSaturating) {}

    /**
     * ∂loss/∂l for every logit, each sample's loss on its own (the losses are summed, so each
     * logit's gradient is its own sample's). Takes {@link TorchRuntime#COLLECTOR_LOCK}.
     */
    public static Gradients byAutograd(float[] logits) {
        float[][] out = new float[2][];
        TorchRuntime.COLLECTOR_LOCK.lock();
        try (NDManager mm = TorchRuntime.engine().newBaseManager()) {
            for (int k = 0; k < 2; k++) {
                NDArray x = mm.create(logits);
                x.setRequiresGradient(true);
                try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                    NDArray loss = k == 0
                            ? Activation.softPlus(x).neg().sum()   // Σ log(1 − σ(l)) = −Σ softplus(l)
                            : Activation.softPlus(x.neg()).sum();  // Σ −log σ(l) = Σ softplus(−l)
                    gc.backward(loss);
                }
                out[k] = x.getGradient().toFloatArray();
            }
        } finally {
            TorchRuntime.COLLECTOR_LOCK.unlock();
        }
        return new Gradients(out[0], out[1]);
    }
}
