package dev.latentlab.ui.train;

import java.util.Arrays;

/**
 * The networks the Train view offers: two GANs, and two VAEs whose decoders are those generators
 * (and whose encoders are the discriminators' bodies). {@link dev.latentlab.train.TrainConfig#arch}
 * keeps the {@link #id()}.
 */
enum Architecture {
    DCGAN("dcgan", "DCGAN"),
    MLP("mlp", "MLP (vanilla GAN)"),
    VAE("vae", "VAE (DCGAN)"),
    MLP_VAE("mlp-vae", "VAE (MLP)");

    private final String id;
    private final String label;

    Architecture(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The configuration's name for it: dcgan, mlp, vae or mlp-vae. */
    String id() {
        return id;
    }

    String label() {
        return label;
    }

    boolean isVae() {
        return this == VAE || this == MLP_VAE;
    }

    /** Convolutional networks, whose widths are ngf and ndf. */
    boolean convolutional() {
        return this == DCGAN || this == VAE;
    }

    static Architecture of(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equalsIgnoreCase(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + id + "'"));
    }
}
