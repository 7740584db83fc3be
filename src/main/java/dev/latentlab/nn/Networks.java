package dev.latentlab.nn;

import ai.djl.ndarray.NDManager;
import java.util.Random;

/** Builds the generator, discriminator and encoder for a spec. */
public final class Networks {
    private Networks() {}

    public static GeneratorNet generator(NetSpec spec, NDManager manager) {
        return switch (spec.arch()) {
            case DCGAN -> new DcganGenerator(spec, manager);
            case MLP -> new MlpGenerator(spec, manager);
        };
    }

    public static DiscriminatorNet discriminator(NetSpec spec, NDManager manager) {
        return discriminator(spec, manager, false);
    }

    /**
     * The discriminator, spectrally normalised when {@code spectral} (DCGAN only: the MLP
     * discriminator of the vanilla GAN has no such variant, and asking for one is refused).
     */
    public static DiscriminatorNet discriminator(NetSpec spec, NDManager manager, boolean spectral) {
        return switch (spec.arch()) {
            case DCGAN -> new DcganDiscriminator(spec, manager, spectral);
            case MLP -> {
                if (spectral) {
                    throw new IllegalArgumentException("spectral normalisation is for the DCGAN discriminator; "
                            + "the MLP GAN keeps its plain one");
                }
                yield new MlpDiscriminator(spec, manager);
            }
        };
    }

    /**
     * A discriminator of the kind these saved tensors are (plain, or spectrally normalised: the stable
     * recipe's), loaded with them; for copies of a model's D.
     */
    public static DiscriminatorNet discriminator(NetSpec spec, NDManager manager,
            java.util.Map<String, dev.latentlab.io.Npy.Array> weights, String source) {
        DiscriminatorNet d = discriminator(spec, manager, isSpectral(weights.keySet()));
        d.params().load(weights, source);
        return d;
    }

    /** True when a discriminator's saved tensors are a spectrally normalised one's (torch's weight_orig keys). */
    public static boolean isSpectral(java.util.Set<String> keys) {
        return keys.stream().anyMatch(k -> k.endsWith(".weight_orig"));
    }

    /** An encoder of the architecture's discriminator body with {@code outputs} outputs (2·nz for a VAE). */
    public static EncoderNet encoder(NetSpec spec, NDManager manager, int outputs) {
        return switch (spec.arch()) {
            case DCGAN -> new DcganEncoder(spec, manager, outputs);
            case MLP -> new MlpEncoder(spec, manager, outputs);
        };
    }

    /** The architecture's initialisation (DCGAN: N(0, 0.02); MLP: PyTorch's default), seeded. */
    public static void initialize(GeneratorNet g, Random rng) {
        if (g instanceof DcganGenerator d) {
            d.initialize(rng);
        } else if (g instanceof MlpGenerator m) {
            m.initialize(rng);
        }
    }

    public static void initialize(DiscriminatorNet d, Random rng) {
        if (d instanceof DcganDiscriminator c) {
            c.initialize(rng);
        } else if (d instanceof MlpDiscriminator m) {
            m.initialize(rng);
        }
    }
}
