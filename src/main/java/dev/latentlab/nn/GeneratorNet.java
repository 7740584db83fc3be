package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A generator G: z [N, nz] → images [N, C, H, W] in [-1, 1]. */
public interface GeneratorNet extends AutoCloseable {
    NetSpec spec();

    ParamSet params();

    /** Hidden layers that masks and captures refer to by index. */
    List<LayerInfo> layers();

    /**
     * One forward pass. Every intermediate is attached to z's manager, so a caller that puts z in
     * a per-call sub-manager frees the whole pass by closing it.
     */
    NDArray forward(NDArray z, boolean training, Hooks hooks);

    /**
     * Inference G(z) without masks or captures, in {@code precision} where this network can run
     * it (a DCGAN, through {@link ScriptedInference}), else in float32.
     */
    default NDArray infer(NDArray z, Precision precision) {
        return forward(z, false, Hooks.none());
    }

    /**
     * The output before the final tanh, a with forward = tanh(a): a VAE's Bernoulli decoder reads
     * its logits from it, since (tanh(a) + 1) / 2 = σ(2a). Networks LatentLab builds have it; an
     * opaque one (TorchScript) does not.
     */
    default NDArray preTanh(NDArray z, boolean training, Hooks hooks) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not expose its output before tanh");
    }

    @Override
    default void close() {
        params().close();
    }
}
