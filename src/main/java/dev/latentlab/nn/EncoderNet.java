package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import java.util.Random;

/**
 * An encoder: images [N, C, H, W] in [-1, 1] → [N, outputs]. With nz outputs it is an image
 * encoder E: x → z (for inverting a GAN); with 2·nz it is a VAE's q(z|x), μ then log σ².
 */
public interface EncoderNet extends AutoCloseable {
    NetSpec spec();

    ParamSet params();

    int outputs();

    /** {@code training} selects batch statistics in BatchNorm. */
    NDArray forward(NDArray x, boolean training);

    void initialize(Random rng);

    @Override
    default void close() {
        params().close();
    }
}
