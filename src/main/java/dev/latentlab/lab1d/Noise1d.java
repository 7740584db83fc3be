package dev.latentlab.lab1d;

import java.util.Random;

/**
 * The 1-D lab's generator noise z, each coordinate independent: N(0, 1), U(−1, 1), or Student's t
 * with ν = 3 (a heavy-tailed prior: P(|z| &gt; t) ~ t^(−3), so a generator that is Lipschitz but not
 * bounded can pass heavy tails on to x). Lab-local: the image GAN keeps its own
 * {@link dev.latentlab.train.TrainConfig.Noise}.
 */
public enum Noise1d {
    NORMAL("Normal N(0, 1)", "normal"),
    UNIFORM("Uniform U(−1, 1)", "uniform"),
    STUDENT_T("Student-t (ν = 3)", "student-t");

    /** The degrees of freedom of {@link #STUDENT_T}. */
    public static final double STUDENT_NU = 3;

    private final String label;
    private final String cliName;

    Noise1d(String label, String cliName) {
        this.label = label;
        this.cliName = cliName;
    }

    /** One coordinate of z. */
    public double sample(Random rng) {
        return switch (this) {
            case NORMAL -> rng.nextGaussian();
            case UNIFORM -> rng.nextDouble() * 2 - 1;
            case STUDENT_T -> rng.nextGaussian() / Math.sqrt(Target.gamma(STUDENT_NU / 2, rng) * 2 / STUDENT_NU);
        };
    }

    /** How the command line spells it: normal, uniform, student-t. */
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return label;
    }
}
