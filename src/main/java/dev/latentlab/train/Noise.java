package dev.latentlab.train;

import java.util.Random;

/** Latent noise: the prior p(z). */
public final class Noise {
    private Noise() {}

    public static float[] sample(TrainConfig.Noise kind, Random rng, int count) {
        float[] z = new float[count];
        for (int i = 0; i < count; i++) {
            z[i] = kind == TrainConfig.Noise.UNIFORM ? (float) (rng.nextDouble() * 2 - 1) : (float) rng.nextGaussian();
        }
        return z;
    }
}
