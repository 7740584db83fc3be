package dev.latentlab.lab1d;

import java.util.Random;

/**
 * The tails of a GAN and a VAE trained side by side on one target, measured without a window:
 * both train for a number of iterations (one GAN iteration and one VAE update each), then
 * target, GAN and VAE each give {@code samples} samples, and each row reports the quantiles at
 * {@link Tails#TABLE}, the ratio of its 99.9% quantile to the target's, and Hill's tail index
 * from its top 1% (see {@link Quantiles#hillIndex}).
 */
public record TailReport(Gan1d.Settings settings, long iterations, int samples, Row target, Row gan, Row vae,
        double vaeNegativeElbo, double seconds) {
    /** One distribution's figures; {@code problem} is null, or why there are none (NaN figures then). */
    public record Row(String name, double[] quantiles, double ratio999, double hillIndex, String problem) {}

    public static TailReport measure(Gan1d.Settings settings, long iterations, int samples) {
        if (samples < 1000) {
            throw new IllegalArgumentException("at least 1000 samples are needed for a 99.9% quantile, not " + samples);
        }
        long t0 = System.nanoTime();
        Gan1d gan = new Gan1d(settings);
        Vae1d vae = new Vae1d(Vae1d.Settings.besides(settings));
        for (long i = 0; i < iterations; i++) {
            gan.step();
            vae.step();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Target t = settings.target();
        Random r = new Random(settings.seed() + 1000);
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = t.sample(r);
        }
        Row target = row("target", x, Double.NaN);
        double q999 = target.quantiles()[Tails.TABLE.length - 1];
        Row g = row("GAN", gan.generate(samples, new Random(settings.seed() + 2000)), q999);
        Row v = row("VAE", vae.generate(samples, new Random(settings.seed() + 3000)), q999);
        double elbo = vae.negativeElbo(Math.min(samples, 20_000), new Random(settings.seed() + 4000));
        return new TailReport(settings, iterations, samples, withRatio(target, q999), g, v, elbo, seconds);
    }

    private static Row row(String name, double[] samples, double targetQ999) {
        double[] sorted;
        try {
            sorted = Quantiles.sorted(samples, name);
        } catch (IllegalArgumentException diverged) {
            double[] nan = new double[Tails.TABLE.length];
            java.util.Arrays.fill(nan, Double.NaN);
            return new Row(name, nan, Double.NaN, Double.NaN, diverged.getMessage());
        }
        double[] q = new double[Tails.TABLE.length];
        for (int k = 0; k < q.length; k++) {
            q[k] = Quantiles.ofSorted(sorted, Tails.TABLE[k]);
        }
        double hill = Quantiles.hillIndex(sorted, Math.max(1, sorted.length / 100));
        return new Row(name, q, q[q.length - 1] / targetQ999, hill, null);
    }

    private static Row withRatio(Row r, double q999) {
        return new Row(r.name(), r.quantiles(), r.quantiles()[r.quantiles().length - 1] / q999, r.hillIndex(),
                r.problem());
    }

    /** Whether a model's samples were not finite. */
    public boolean diverged() {
        return gan.problem() != null || vae.problem() != null;
    }
}
