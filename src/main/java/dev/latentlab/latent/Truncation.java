package dev.latentlab.latent;

/**
 * The truncation trick (BigGAN; StyleGAN's ψ): pull z towards the prior's mean,
 * z ← mean + ψ·(z − mean). ψ = 1 leaves z alone; smaller ψ trades variety for typical,
 * cleaner samples; ψ = 0 gives G(mean) for every z. The prior N(0, I) has mean 0.
 */
public final class Truncation {
    public static final double MIN = 0;
    public static final double MAX = 2;

    private Truncation() {}

    /** z ← ψ·z (the mean of N(0, I) is 0); a new array. */
    public static float[] apply(float[] z, double psi) {
        check(psi);
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (psi * z[i]);
        }
        return out;
    }

    /** Checks that ψ is a number in [0, 2]. */
    public static void check(double psi) {
        if (!(psi >= MIN && psi <= MAX)) {
            throw new IllegalArgumentException("truncation ψ must be between " + (int) MIN + " and " + (int) MAX
                    + " (1 = none), not " + psi);
        }
    }
}
