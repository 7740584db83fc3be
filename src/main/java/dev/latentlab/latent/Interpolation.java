package dev.latentlab.latent;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths between latent vectors: linear (lerp) and spherical (slerp, Shoemake 1985; the path the
 * DCGAN and "Sampling generative networks" (White 2016) recommend for Gaussian priors, since a
 * straight line between two samples passes through the improbable low-norm centre).
 */
public final class Interpolation {
    /** How to move between two keyframes. */
    public enum Mode {
        LINEAR("Linear (lerp)"), SPHERICAL("Spherical (slerp)");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Interpolation() {}

    /** (1 − t)·a + t·b. */
    public static float[] lerp(float[] a, float[] b, double t) {
        check(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) ((1 - t) * a[i] + t * b[i]);
        }
        return out;
    }

    /**
     * Spherical interpolation: with θ the angle between a and b,
     * slerp(a, b, t) = sin((1 − t)θ)/sin θ · a + sin(tθ)/sin θ · b. It returns a at t = 0, b at t = 1,
     * and keeps the norm constant along the way when |a| = |b|. Nearly parallel vectors fall back
     * to lerp; exactly opposite ones (θ = π, no unique great circle) do too.
     */
    public static float[] slerp(float[] a, float[] b, double t) {
        check(a, b);
        double na = norm(a);
        double nb = norm(b);
        if (na == 0 || nb == 0) {
            return lerp(a, b, t);
        }
        double cos = dot(a, b) / (na * nb);
        cos = Math.max(-1, Math.min(1, cos));
        double theta = Math.acos(cos);
        double sin = Math.sin(theta);
        if (sin < 1e-6) {
            return lerp(a, b, t);
        }
        double wa = Math.sin((1 - t) * theta) / sin;
        double wb = Math.sin(t * theta) / sin;
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    public static float[] between(Mode mode, float[] a, float[] b, double t) {
        return mode == Mode.SPHERICAL ? slerp(a, b, t) : lerp(a, b, t);
    }

    /**
     * A path through keyframes: {@code steps} frames per segment (the segment's start included, its
     * end being the next segment's start), plus the last keyframe, so (k − 1)·steps + 1 frames.
     */
    public static List<float[]> path(List<float[]> keyframes, int steps, Mode mode) {
        if (keyframes.size() < 2) {
            throw new IllegalArgumentException("a path needs at least two keyframes, got " + keyframes.size());
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps per segment must be at least 1, got " + steps);
        }
        List<float[]> out = new ArrayList<>();
        for (int k = 0; k + 1 < keyframes.size(); k++) {
            for (int s = 0; s < steps; s++) {
                out.add(between(mode, keyframes.get(k), keyframes.get(k + 1), (double) s / steps));
            }
        }
        out.add(keyframes.get(keyframes.size() - 1).clone());
        return out;
    }

    /**
     * Exactly {@code frames} frames spread evenly along the path through the keyframes (each
     * segment the same share of the frames, the first and last keyframes included): for a video
     * of a given length rather than a number of steps per segment.
     */
    public static List<float[]> evenly(List<float[]> keyframes, int frames, Mode mode) {
        if (keyframes.size() < 2) {
            throw new IllegalArgumentException("a path needs at least two keyframes, got " + keyframes.size());
        }
        if (frames < 2) {
            throw new IllegalArgumentException("a path needs at least 2 frames, got " + frames);
        }
        int segments = keyframes.size() - 1;
        List<float[]> out = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            double u = (double) i * segments / (frames - 1); // position along the path, 0 … segments
            int k = Math.min(segments - 1, (int) Math.floor(u));
            out.add(between(mode, keyframes.get(k), keyframes.get(k + 1), u - k));
        }
        return out;
    }

    public static int frameCount(int keyframes, int steps) {
        return (keyframes - 1) * steps + 1;
    }

    /** Frames of a path laid out row by row, as the generator takes them. */
    public static float[] flatten(List<float[]> frames) {
        int n = frames.get(0).length;
        float[] out = new float[frames.size() * n];
        for (int i = 0; i < frames.size(); i++) {
            System.arraycopy(frames.get(i), 0, out, i * n, n);
        }
        return out;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    public static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void check(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
    }
}
