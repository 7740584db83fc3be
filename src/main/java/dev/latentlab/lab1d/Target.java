package dev.latentlab.lab1d;

import java.util.Random;

/**
 * A 1-D data distribution with an exact density: normal, a mixture of two Gaussians, Student's t
 * (heavy tails for small ν) or uniform.
 */
public record Target(Kind kind, double location, double scale, double nu) {
    public enum Kind {
        NORMAL("Normal"), BIMODAL("Bimodal"), STUDENT_T("Student-t"), UNIFORM("Uniform");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** N(mean, std²). */
    public static Target normal(double mean, double std) {
        return new Target(Kind.NORMAL, mean, std, 0);
    }

    /** ½·N(−separation, std²) + ½·N(+separation, std²). */
    public static Target bimodal(double separation, double std) {
        return new Target(Kind.BIMODAL, separation, std, 0);
    }

    /** location + scale·T with T ~ Student's t with ν degrees of freedom. */
    public static Target studentT(double nu, double location, double scale) {
        if (!(nu > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive");
        }
        return new Target(Kind.STUDENT_T, location, scale, nu);
    }

    /** U(lo, hi). */
    public static Target uniform(double lo, double hi) {
        return new Target(Kind.UNIFORM, (lo + hi) / 2, (hi - lo) / 2, 0);
    }

    /** The lab's default for each kind (ν only matters for Student-t). */
    public static Target preset(Kind kind, double nu) {
        return switch (kind) {
            case NORMAL -> normal(1.0, 0.7);
            case BIMODAL -> bimodal(2.0, 0.45);
            case STUDENT_T -> studentT(nu, 0, 0.7);
            case UNIFORM -> uniform(-1.5, 2.0);
        };
    }

    public double sample(Random rng) {
        return switch (kind) {
            case NORMAL -> location + scale * rng.nextGaussian();
            case BIMODAL -> (rng.nextBoolean() ? location : -location) + scale * rng.nextGaussian();
            case STUDENT_T -> location + scale * rng.nextGaussian() / Math.sqrt(gamma(nu / 2, rng) * 2 / nu);
            case UNIFORM -> location + scale * (rng.nextDouble() * 2 - 1);
        };
    }

    public double pdf(double x) {
        return switch (kind) {
            case NORMAL -> normalPdf(x, location, scale);
            case BIMODAL -> 0.5 * normalPdf(x, -location, scale) + 0.5 * normalPdf(x, location, scale);
            case STUDENT_T -> {
                double t = (x - location) / scale;
                double logC = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
                yield Math.exp(logC - (nu + 1) / 2 * Math.log1p(t * t / nu)) / scale;
            }
            case UNIFORM -> Math.abs(x - location) <= scale ? 1 / (2 * scale) : 0;
        };
    }

    /** The x range the lab plots for this target. */
    public double[] plotRange() {
        return switch (kind) {
            case NORMAL -> new double[] {location - 5 * scale, location + 5 * scale};
            case BIMODAL -> new double[] {-location - 4 * scale - 1, location + 4 * scale + 1};
            case STUDENT_T -> new double[] {location - 8 * scale, location + 8 * scale};
            case UNIFORM -> new double[] {location - 2.5 * scale, location + 2.5 * scale};
        };
    }

    public String describe() {
        return switch (kind) {
            case NORMAL -> String.format("N(%.2g, %.2g²)", location, scale);
            case BIMODAL -> String.format("½N(−%.2g, %.2g²) + ½N(%.2g, %.2g²)", location, scale, location, scale);
            case STUDENT_T -> String.format("Student-t, ν = %.2g", nu);
            case UNIFORM -> String.format("U(%.2g, %.2g)", location - scale, location + scale);
        };
    }

    public static double normalPdf(double x, double mean, double std) {
        double u = (x - mean) / std;
        return Math.exp(-0.5 * u * u) / (std * Math.sqrt(2 * Math.PI));
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape &lt; 1 through the boost U^(1/shape). */
    static double gamma(double shape, Random rng) {
        if (shape < 1) {
            return gamma(shape + 1, rng) * Math.pow(rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** log Γ(x) for x &gt; 0 (Lanczos, g = 7; about 15 correct digits). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
