package dev.latentlab.lab1d;

/**
 * Quantiles of the target, the GAN and the VAE at the same probabilities (the QQ plot's points
 * and the table's rows). A model whose samples were not finite has NaN quantiles.
 */
public record Tails(double[] probabilities, double[] target, double[] gan, double[] vae) {
    /** The rows of the lab's table and of {@code latentlab lab1d}. */
    public static final double[] TABLE = {0.01, 0.99, 0.999};

    /**
     * The QQ plot's probabilities: 41 points evenly spaced in logit(p) from 0.0005 to 0.9995 (so the
     * tails get as many points as the middle), plus the table's.
     */
    public static double[] qqProbabilities() {
        java.util.TreeSet<Double> p = new java.util.TreeSet<>();
        double a = Math.log(0.0005 / 0.9995);
        for (int i = 0; i <= 40; i++) {
            double l = a - 2 * a * i / 40;
            p.add(1 / (1 + Math.exp(-l)));
        }
        for (double t : TABLE) {
            p.add(t);
        }
        return p.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Quantiles at {@code p} of sorted target samples and of the two models' samples. */
    public static Tails measure(double[] p, double[] targetSorted, double[] gan, double[] vae) {
        double[] t = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            t[k] = Quantiles.ofSorted(targetSorted, p[k]);
        }
        return new Tails(p.clone(), t, quantilesOrNaN(gan, p), quantilesOrNaN(vae, p));
    }

    private static double[] quantilesOrNaN(double[] samples, double[] p) {
        try {
            return Quantiles.of(samples, "samples", p);
        } catch (IllegalArgumentException diverged) {
            double[] q = new double[p.length];
            java.util.Arrays.fill(q, Double.NaN);
            return q;
        }
    }

    /** The index of probability {@code p} (one of {@link #TABLE} for {@link #qqProbabilities()}). */
    public int indexOf(double p) {
        for (int k = 0; k < probabilities.length; k++) {
            if (probabilities[k] == p) {
                return k;
            }
        }
        throw new IllegalArgumentException("no quantile at p = " + p);
    }
}
