package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;

/** A discriminator D: images [N, C, H, W] → logits [N]; D(x) = sigmoid(logit). */
public interface DiscriminatorNet extends AutoCloseable {
    NetSpec spec();

    ParamSet params();

    NDArray logits(NDArray x, boolean training);

    /**
     * The same, capturing the activations of the hidden stages that {@code hooks} asks for (the
     * features a perceptual loss compares). A network without such stages captures nothing.
     */
    default NDArray logits(NDArray x, boolean training, Hooks hooks) {
        return logits(x, training);
    }

    /**
     * Only the hidden stages up to and including {@code last}, capturing what {@code hooks} asks
     * for (a stage after {@code last} is not computed): for reading features without paying for
     * the stages after them. Returns stage {@code last}'s activation; a network without such
     * stages runs whole and returns its logits.
     */
    default NDArray stages(NDArray x, Hooks hooks, int last) {
        return logits(x, false, hooks);
    }

    /** Number of hidden stages whose activations {@link #logits(NDArray, boolean, Hooks)} can capture. */
    default int featureStages() {
        return 0;
    }

    @Override
    default void close() {
        params().close();
    }
}
