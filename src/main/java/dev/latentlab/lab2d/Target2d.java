package dev.latentlab.lab2d;

import java.util.Locale;
import java.util.Random;

/**
 * GAN Lab's 2-D targets: a ring of 8 Gaussians (radius 2, σ 0.05·2), a 5 × 5 grid of Gaussians
 * (spacing 1, σ 0.05), and two moons (scikit-learn's shape, noise 0.05). A mixture knows its modes,
 * so a generator's coverage can be counted.
 */
public enum Target2d implements Distribution2d {
    RING8, GRID25, MOONS;

    /** The mixture's mode centres (none for the moons). */
    @Override
    public double[][] modes() {
        return switch (this) {
            case RING8 -> {
                double[][] m = new double[8][];
                for (int k = 0; k < 8; k++) {
                    m[k] = new double[] {2 * Math.cos(2 * Math.PI * k / 8), 2 * Math.sin(2 * Math.PI * k / 8)};
                }
                yield m;
            }
            case GRID25 -> {
                double[][] m = new double[25][];
                for (int k = 0; k < 25; k++) {
                    m[k] = new double[] {k % 5 - 2, k / 5 - 2};
                }
                yield m;
            }
            case MOONS -> new double[0][];
        };
    }

    /** The mixture components' σ (the moons' noise). */
    @Override
    public double sigma() {
        return this == RING8 ? 0.1 : 0.05;
    }

    /** One sample into out[0], out[1]. */
    @Override
    public void sample(Random r, double[] out) {
        if (this == MOONS) {
            double t = Math.PI * r.nextDouble();
            if (r.nextBoolean()) {
                out[0] = Math.cos(t);
                out[1] = Math.sin(t);
            } else {
                out[0] = 1 - Math.cos(t);
                out[1] = 0.5 - Math.sin(t);
            }
            out[0] += 0.05 * r.nextGaussian() - 0.5;
            out[1] += 0.05 * r.nextGaussian() - 0.25;
            return;
        }
        double[][] m = modes();
        double[] c = m[r.nextInt(m.length)];
        out[0] = c[0] + sigma() * r.nextGaussian();
        out[1] = c[1] + sigma() * r.nextGaussian();
    }

    @Override
    public String describe() {
        return switch (this) {
            case RING8 -> "ring of 8";
            case GRID25 -> "grid of 25";
            case MOONS -> "two moons";
        };
    }

    public static Target2d parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ring8", "ring" -> RING8;
            case "grid25", "grid" -> GRID25;
            case "moons" -> MOONS;
            default -> throw new IllegalArgumentException("unknown target '" + s + "' (ring8, grid25 or moons)");
        };
    }
}
