package dev.latentlab.latent;

import java.util.Random;

/** The latent prior of DCGAN training, z ~ N(0, I), and small moves within it. */
public final class Prior {
    /** Sliders span ±3σ of the prior. */
    public static final double RANGE = 3.0;

    private Prior() {}

    public static float[] sample(int nz, Random rng) {
        return sample(nz, 1, rng);
    }

    /** {@code count} samples, one after the other in one array ({@code count × nz}), drawn in that order. */
    public static float[] sample(int nz, int count, Random rng) {
        float[] z = new float[Math.multiplyExact(nz, count)];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        return z;
    }

    /** z + σ·ε with ε ~ N(0, I): a nearby sample ("variation"). */
    public static float[] jitter(float[] z, double sigma, Random rng) {
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (z[i] + sigma * rng.nextGaussian());
        }
        return out;
    }

    /** z + α·d. */
    public static float[] move(float[] z, float[] direction, double alpha) {
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (z[i] + alpha * direction[i]);
        }
        return out;
    }

    public static float clamp(double v) {
        return (float) Math.max(-RANGE, Math.min(RANGE, v));
    }
}
