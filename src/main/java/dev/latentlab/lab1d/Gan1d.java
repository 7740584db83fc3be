package dev.latentlab.lab1d;

import dev.latentlab.train.TrainConfig;
import java.util.Random;

/**
 * A GAN on 1-D data with hand-written networks: G maps z (nz values of a {@link Noise1d}) through
 * nz → h → h → 1 (leaky ReLU), D maps x through 1 → h → h → 1 (tanh) to a logit. The step is the
 * one of {@link dev.latentlab.train.GanTrainer}: D minimises BCE(D(x), 1) + BCE(D(G(z)), 0) with
 * G(z) held fixed, then G minimises −log D(G(z)) (non-saturating) or log(1 − D(G(z))) (minimax).
 * Not thread-safe: one thread owns it (see {@link Gan1dRun}).
 */
public final class Gan1d {
    /** Everything that defines a run; learning rates may also change while it trains. */
    public record Settings(Target target, TrainConfig.Loss loss, Noise1d noise, int nz, int hidden,
            int batch, int dSteps, double lrD, double lrG, double beta1, long seed) {
        public static Settings defaults() {
            return new Settings(Target.preset(Target.Kind.NORMAL, 3), TrainConfig.Loss.NON_SATURATING,
                    Noise1d.NORMAL, 1, 16, 64, 1, 1e-3, 1e-3, 0.5, 1);
        }

        public Settings withTarget(Target t) {
            return new Settings(t, loss, noise, nz, hidden, batch, dSteps, lrD, lrG, beta1, seed);
        }

        public Settings withLoss(TrainConfig.Loss l) {
            return new Settings(target, l, noise, nz, hidden, batch, dSteps, lrD, lrG, beta1, seed);
        }

        public Settings withNoise(Noise1d n) {
            return new Settings(target, loss, n, nz, hidden, batch, dSteps, lrD, lrG, beta1, seed);
        }

        public Settings withLearningRates(double d, double g) {
            return new Settings(target, loss, noise, nz, hidden, batch, dSteps, d, g, beta1, seed);
        }

        public Settings withDSteps(int k) {
            return new Settings(target, loss, noise, nz, hidden, batch, k, lrD, lrG, beta1, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(target, loss, noise, nz, hidden, batch, dSteps, lrD, lrG, beta1, s);
        }
    }

    /** The latest values of one D and one G update. */
    public record Stats(long iteration, double lossDReal, double lossDFake, double lossG, double dReal,
            double dFake) {}

    private Settings settings;
    private final Mlp g;
    private final Mlp d;
    private final FlatAdam adamG;
    private final FlatAdam adamD;
    private final double[] gradG;
    private final double[] gradD;
    private final double[] z;
    private final double[] dx = new double[1];
    private final Random rng;
    private long iteration;
    private double lossDReal = Double.NaN;
    private double lossDFake = Double.NaN;
    private double lossG = Double.NaN;
    private double dReal = Double.NaN;
    private double dFake = Double.NaN;
    /** D(G(z)) of each sample in the last G step's batch (empty before the first). */
    private float[] lastFakeOutputs = new float[0];

    public Gan1d(Settings s) {
        this.settings = s;
        this.rng = new Random(s.seed());
        this.g = new Mlp(Mlp.Activation.LEAKY_RELU, s.nz(), s.hidden(), s.hidden(), 1);
        this.d = new Mlp(Mlp.Activation.TANH, 1, s.hidden(), s.hidden(), 1);
        g.initialize(rng);
        d.initialize(rng);
        this.adamG = new FlatAdam(g.params(), s.lrG(), s.beta1(), 0.999);
        this.adamD = new FlatAdam(d.params(), s.lrD(), s.beta1(), 0.999);
        this.gradG = new double[g.parameterCount()];
        this.gradD = new double[d.parameterCount()];
        this.z = new double[s.nz()];
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Applies settings that do not need new networks (target, loss, noise, learning rates, D
     * steps); changes of nz, width, batch or seed need a new Gan1d.
     */
    public void update(Settings s) {
        if (s.nz() != settings.nz() || s.hidden() != settings.hidden()) {
            throw new IllegalArgumentException("nz and width need a new network");
        }
        settings = s;
        adamD.setLearningRate(s.lrD());
        adamG.setLearningRate(s.lrG());
    }

    public long iteration() {
        return iteration;
    }

    /** D(G(z)) per sample of the last G step's batch, the dots of the loss plot (empty before the first G step). */
    public float[] fakeOutputs() {
        return lastFakeOutputs.clone();
    }

    public Stats stats() {
        return new Stats(iteration, lossDReal, lossDFake, lossG, dReal, dFake);
    }

    Mlp generatorNet() {
        return g;
    }

    Mlp discriminatorNet() {
        return d;
    }

    /** One iteration: {@code dSteps} D updates, then one G update. */
    public void step() {
        for (int k = 0; k < settings.dSteps(); k++) {
            stepD();
        }
        stepG();
        iteration++;
    }

    /** One D update on a fresh batch of real samples and of G(z). */
    public void stepD() {
        int n = settings.batch();
        double[] x = new double[n];
        double[] zs = new double[n * settings.nz()];
        for (int i = 0; i < n; i++) {
            x[i] = settings.target().sample(rng);
        }
        sampleNoise(zs);
        java.util.Arrays.fill(gradD, 0);
        lossD(x, zs, gradD);
        adamD.step(gradD);
    }

    /** One G update on a fresh batch of z. */
    public void stepG() {
        double[] zs = new double[settings.batch() * settings.nz()];
        sampleNoise(zs);
        java.util.Arrays.fill(gradG, 0);
        lossG(zs, gradG);
        adamG.step(gradG);
    }

    /**
     * D's loss on real samples x and noise zs (n × nz): mean softplus(−D(x)) + mean softplus(D(G(z)))
     * (BCE in the stable form, D giving logits), with its gradient added into {@code grad}.
     */
    double lossD(double[] x, double[] zs, double[] grad) {
        int n = x.length;
        double real = 0;
        double fake = 0;
        double pReal = 0;
        double pFake = 0;
        for (int i = 0; i < n; i++) {
            double l = d.forward(x[i]);
            real += softplus(-l);
            pReal += sigmoid(l);
            d.backward((sigmoid(l) - 1) / n, grad, null); // d softplus(−l)/dl = σ(l) − 1
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(zs, i * z.length, z, 0, z.length);
            double xf = g.forward(z); // G(z) is a constant here (detached)
            double l = d.forward(xf);
            fake += softplus(l);
            pFake += sigmoid(l);
            d.backward(sigmoid(l) / n, grad, null); // d softplus(l)/dl = σ(l)
        }
        lossDReal = real / n;
        lossDFake = fake / n;
        dReal = pReal / n;
        dFake = pFake / n;
        return lossDReal + lossDFake;
    }

    /**
     * G's loss on noise zs: mean −log D(G(z)) = softplus(−l) (non-saturating) or mean
     * log(1 − D(G(z))) = −softplus(l) (minimax), its gradient with respect to G's parameters added
     * into {@code grad} (through D, whose own gradient is not kept).
     */
    double lossG(double[] zs, double[] grad) {
        int n = zs.length / z.length;
        boolean ns = settings.loss() == TrainConfig.Loss.NON_SATURATING;
        double loss = 0;
        double reported = 0;
        double p = 0;
        float[] outputs = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(zs, i * z.length, z, 0, z.length);
            double xf = g.forward(z);
            double l = d.forward(xf);
            double s = sigmoid(l);
            outputs[i] = (float) s;
            loss += ns ? softplus(-l) : -softplus(l);
            reported += softplus(-l);
            p += s;
            d.backward((ns ? s - 1 : -s) / n, null, dx);
            g.backward(dx[0], grad, null);
        }
        lossG = reported / n; // shown as −log D(G(z)) for both losses, as GanTrainer reports it
        lastFakeOutputs = outputs;
        dFake = p / n;
        return loss / n;
    }

    private void sampleNoise(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = settings.noise().sample(rng);
        }
    }

    /** {@code n} samples of G(z) drawn with {@code random}. */
    public double[] generate(int n, Random random) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < z.length; j++) {
                z[j] = settings.noise().sample(random);
            }
            out[i] = g.forward(z);
        }
        return out;
    }

    /** D(x), a probability. */
    public double discriminate(double x) {
        return sigmoid(d.forward(x));
    }

    static double sigmoid(double l) {
        return l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
    }

    /** log(1 + e^l), without overflow. */
    static double softplus(double l) {
        return l > 30 ? l : l < -30 ? Math.exp(l) : Math.log1p(Math.exp(l));
    }
}
