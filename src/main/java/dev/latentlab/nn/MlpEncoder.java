package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * A VAE's encoder for the MLP models: the MLP discriminator's layers (C·H·W → 512 → 256, LeakyReLU
 * 0.2, same names main.{3k}.weight / .bias) with a head of {@code outputs} units (2·nz: μ then
 * log σ²) and no dropout, so that q(z|x) is a function of x alone.
 */
public final class MlpEncoder implements EncoderNet {
    private final MlpDiscriminator body;
    private final int outputs;

    public MlpEncoder(NetSpec spec, NDManager manager, int outputs) {
        if (spec.arch() != NetSpec.Arch.MLP) {
            throw new ModelShapeException("an MLP encoder needs an MLP spec; this one is " + spec.arch().id());
        }
        this.outputs = outputs;
        this.body = new MlpDiscriminator(spec, manager, outputs, false);
    }

    @Override
    public NetSpec spec() {
        return body.spec();
    }

    @Override
    public ParamSet params() {
        return body.params();
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /** PyTorch's default Linear initialisation, U(−1/√in, 1/√in), seeded. */
    @Override
    public void initialize(Random rng) {
        body.initialize(rng);
    }

    /** x [N, C, H, W] → [N, outputs]. */
    @Override
    public NDArray forward(NDArray x, boolean training) {
        return body.head(x, training);
    }
}
