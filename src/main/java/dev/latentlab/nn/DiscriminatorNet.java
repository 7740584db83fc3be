package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;

/** A discriminator D: images [N, C, H, W] → logits [N]; D(x) = sigmoid(logit). */
public interface DiscriminatorNet extends AutoCloseable {
    NetSpec spec();

    ParamSet params();

    NDArray logits(NDArray x, boolean training);

    @Override
    default void close() {
        params().close();
    }
}
