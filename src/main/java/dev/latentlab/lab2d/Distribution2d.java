package dev.latentlab.lab2d;

import java.util.Random;

/** A 2-D data distribution the lab's GAN learns: one of GAN Lab's {@link Target2d}s or a {@link DrawnTarget}. */
public interface Distribution2d {
    /** One sample into out[0], out[1]. */
    void sample(Random r, double[] out);

    /** The mixture's mode centres, so that coverage can be counted; none when it has no countable modes. */
    double[][] modes();

    /** The σ of each mode (the radius of a hit is 3σ). */
    double sigma();

    /** Its name for people and reports. */
    String describe();
}
