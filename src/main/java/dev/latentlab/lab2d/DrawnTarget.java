package dev.latentlab.lab2d;

import java.util.Random;

/**
 * A distribution the user draws with the mouse: the points of the strokes, each the centre of a
 * small Gaussian (σ {@link #SIGMA}), all equally likely. It has no countable modes (a stroke is
 * one continuous shape), so only KL and JS measure the fit.
 */
public record DrawnTarget(double[] points) implements Distribution2d {
    public static final double SIGMA = 0.06;

    public DrawnTarget {
        if (points.length < 2 || points.length % 2 != 0) {
            throw new IllegalArgumentException("a drawn distribution needs at least one point (x, y)");
        }
        points = points.clone();
    }

    public int size() {
        return points.length / 2;
    }

    @Override
    public void sample(Random r, double[] out) {
        int k = r.nextInt(size());
        out[0] = points[2 * k] + SIGMA * r.nextGaussian();
        out[1] = points[2 * k + 1] + SIGMA * r.nextGaussian();
    }

    @Override
    public double[][] modes() {
        return new double[0][];
    }

    @Override
    public double sigma() {
        return SIGMA;
    }

    @Override
    public String describe() {
        return "drawn (" + size() + " points)";
    }
}
