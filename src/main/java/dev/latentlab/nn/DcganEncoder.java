package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * An image encoder E: x → z, the DCGAN discriminator's convolutional body with a head of nz
 * outputs instead of one logit (names as the discriminator's state_dict). For 64x64, ndf = 64:
 * <pre>
 *   x              C x 64 x 64
 *   main.0-1       Conv(C, 64, 4, 2, 1) LeakyReLU(0.2)        → 64 x 32 x 32
 *   main.2-4       Conv(64, 128, 4, 2, 1) BN LeakyReLU(0.2)   → 128 x 16 x 16
 *   main.5-7       Conv(128, 256, 4, 2, 1) BN LeakyReLU(0.2)  → 256 x 8 x 8
 *   main.8-10      Conv(256, 512, 4, 2, 1) BN LeakyReLU(0.2)  → 512 x 4 x 4
 *   main.11        Conv(512, nz, 4, 1, 0) + bias              → nz x 1 x 1 → z [nz]
 * </pre>
 * A VAE's encoder has 2·nz head channels: μ [nz] then log σ² [nz].
 */
public final class DcganEncoder implements EncoderNet {
    private final DcganDiscriminator body;
    private final int outputs;

    public DcganEncoder(NetSpec spec, NDManager manager) {
        this(spec, manager, spec.nz());
    }

    /** The same body with {@code outputs} head channels (2·nz for a VAE: μ and log σ²). */
    public DcganEncoder(NetSpec spec, NDManager manager, int outputs) {
        if (spec.arch() != NetSpec.Arch.DCGAN) {
            throw new ModelShapeException("a convolutional encoder needs a DCGAN spec; this one is "
                    + spec.arch().id());
        }
        this.outputs = outputs;
        this.body = new DcganDiscriminator(spec, manager, outputs, true);
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public NetSpec spec() {
        return body.spec();
    }

    @Override
    public ParamSet params() {
        return body.params();
    }

    /** DCGAN initialisation: conv weights N(0, 0.02), BN gamma N(1, 0.02), biases 0. */
    @Override
    public void initialize(Random rng) {
        body.initialize(rng);
    }

    /** x [N, C, H, W] in [-1, 1] → [N, outputs]; {@code training} selects batch statistics in BatchNorm. */
    @Override
    public NDArray forward(NDArray x, boolean training) {
        return body.head(x, training, Hooks.none()).reshape(x.getShape().get(0), outputs);
    }

    @Override
    public void close() {
        body.close();
    }
}
