package dev.latentlab.lab2d;

import dev.latentlab.lab1d.FlatAdam;
import dev.latentlab.lab1d.Mlp;
import dev.latentlab.train.TrainConfig;
import java.util.Random;

/**
 * The 2-D lab's GAN, hand-written like the 1-D lab's (no gradient collector): G maps z ~ N(0, I₂)
 * through 2 → h → h → 2 (LeakyReLU), D maps a point through 2 → h → h → 1 (tanh) to a logit. The
 * classic loop with BCE on logits for D, and the non-saturating −log D(G(z)) or the minimax
 * log(1 − D(G(z))) for G, k D updates and m G updates per iteration (1 and 1 by default), Adam 1e-3 / β1 0.5 for both (GAN Lab's scale).
 */
public final class Gan2d {
    public record Settings(Distribution2d target, TrainConfig.Loss loss, int dSteps, int gSteps, int hidden, int batch,
            double lr, long seed) {
        public static Settings of(Distribution2d t) {
            return new Settings(t, TrainConfig.Loss.NON_SATURATING, 1, 1, 64, 128, 1e-3, 1);
        }

        public Settings withGSteps(int k) {
            return new Settings(target, loss, dSteps, k, hidden, batch, lr, seed);
        }

        public Settings withTarget(Distribution2d t) {
            return new Settings(t, loss, dSteps, gSteps, hidden, batch, lr, seed);
        }

        public Settings withLoss(TrainConfig.Loss l) {
            return new Settings(target, l, dSteps, gSteps, hidden, batch, lr, seed);
        }

        public Settings withDSteps(int k) {
            return new Settings(target, loss, k, gSteps, hidden, batch, lr, seed);
        }

        public Settings withSeed(long sd) {
            return new Settings(target, loss, dSteps, gSteps, hidden, batch, lr, sd);
        }
    }

    private Settings s;
    private final Mlp g;
    private final Mlp d;
    private final FlatAdam adamG;
    private final FlatAdam adamD;
    private final double[] gradG;
    private final double[] gradD;
    private final Random rng;
    private final double[] z = new double[2];
    private final double[] x = new double[2];
    private final double[] dx = new double[2];
    private final double[] dOut = new double[2];
    private long iteration;

    public Gan2d(Settings s) {
        if (s.loss() == TrainConfig.Loss.HINGE) {
            throw new IllegalArgumentException("the 2-D lab has the note's two losses: non-saturating or minimax");
        }
        this.s = s;
        this.rng = new Random(s.seed());
        this.g = new Mlp(Mlp.Activation.LEAKY_RELU, 2, s.hidden(), s.hidden(), 2);
        this.d = new Mlp(Mlp.Activation.TANH, 2, s.hidden(), s.hidden(), 1);
        g.initialize(rng);
        d.initialize(rng);
        adamG = new FlatAdam(g.params(), s.lr(), 0.5, 0.999);
        adamD = new FlatAdam(d.params(), s.lr(), 0.5, 0.999);
        gradG = new double[g.parameterCount()];
        gradD = new double[d.parameterCount()];
    }

    public long iteration() {
        return iteration;
    }

    public Settings settings() {
        return s;
    }

    /** Changes the loss and the D:G ratio in place (the networks and optimisers carry on). */
    public void update(TrainConfig.Loss loss, int dSteps) {
        if (loss == TrainConfig.Loss.HINGE || dSteps < 1) {
            throw new IllegalArgumentException("the 2-D lab has the note's two losses and at least one D step");
        }
        s = s.withLoss(loss).withDSteps(dSteps);
    }

    /** One iteration: the D updates, then the G updates (one of each by default). */
    public void step() {
        for (int k = 0; k < s.dSteps(); k++) {
            stepD();
        }
        for (int k = 0; k < s.gSteps(); k++) {
            stepG();
        }
        iteration++;
    }

    /** D: mean softplus(−D(x)) + mean softplus(D(G(z))), G(z) held fixed. */
    public void stepD() {
        java.util.Arrays.fill(gradD, 0);
        int n = s.batch();
        for (int i = 0; i < n; i++) {
            s.target().sample(rng, x);
            double l = d.forward(x);
            d.backward(new double[] {(sigmoid(l) - 1) / n}, gradD, null);
            gen(x);
            l = d.forward(x);
            d.backward(new double[] {sigmoid(l) / n}, gradD, null);
        }
        adamD.step(gradD);
    }

    /** G: through D, whose own gradient is not kept. */
    public void stepG() {
        java.util.Arrays.fill(gradG, 0);
        int n = s.batch();
        boolean ns = s.loss() == TrainConfig.Loss.NON_SATURATING;
        for (int i = 0; i < n; i++) {
            z[0] = rng.nextGaussian();
            z[1] = rng.nextGaussian();
            g.forward(z, x);
            double l = d.forward(x);
            double sl = sigmoid(l);
            d.backward(new double[] {(ns ? sl - 1 : -sl) / n}, null, dx);
            g.backward(dx, gradG, null);
        }
        adamG.step(gradG);
    }

    private void gen(double[] out) {
        z[0] = rng.nextGaussian();
        z[1] = rng.nextGaussian();
        g.forward(z, out);
    }

    /** {@code n} points of G(z) drawn with {@code r}, as x0, y0, x1, y1, … */
    public double[] generate(int n, Random r) {
        double[] out = new double[2 * n];
        double[] zz = new double[2];
        double[] p = new double[2];
        for (int i = 0; i < n; i++) {
            zz[0] = r.nextGaussian();
            zz[1] = r.nextGaussian();
            g.forward(zz, p);
            out[2 * i] = p[0];
            out[2 * i + 1] = p[1];
        }
        return out;
    }

    /** G(z) of one noise point (the manifold: a grid of z warped by G). */
    public void map(double zx, double zy, double[] out) {
        g.forward(new double[] {zx, zy}, out);
    }

    /**
     * {@code n} fake points drawn with {@code r} and where G's loss pushes each: x, y, vx, vy per
     * point, with v = −∂loss_G/∂x for that one sample (GAN Lab's gradient arrows). D's and G's
     * weights and gradients are untouched.
     */
    public double[] fakeArrows(int n, Random r) {
        double[] out = new double[4 * n];
        double[] zz = new double[2];
        double[] p = new double[2];
        double[] grad = new double[2];
        boolean ns = s.loss() == TrainConfig.Loss.NON_SATURATING;
        for (int i = 0; i < n; i++) {
            zz[0] = r.nextGaussian();
            zz[1] = r.nextGaussian();
            g.forward(zz, p);
            double sl = sigmoid(d.forward(p));
            d.backward(new double[] {ns ? sl - 1 : -sl}, null, grad);
            out[4 * i] = p[0];
            out[4 * i + 1] = p[1];
            out[4 * i + 2] = -grad[0];
            out[4 * i + 3] = -grad[1];
        }
        return out;
    }

    /** D(p), a probability (the heatmap). */
    public double discriminate(double px, double py) {
        return sigmoid(d.forward(new double[] {px, py}));
    }

    static double sigmoid(double l) {
        return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
    }
}
