package dev.latentlab.lab1d;

import java.util.Arrays;
import java.util.Random;

/**
 * A VAE on 1-D data with hand-written networks (like {@link Gan1d}: plain doubles, backpropagation
 * by hand, {@link FlatAdam}; never DJL's gradient collector).
 *
 * <pre>
 * encoder q(z|x):  x (1) → h → h → 2·nz (tanh)          = (μ_1 … μ_nz, ℓ_1 … ℓ_nz), ℓ = log σ²
 * decoder p(x|z):  z (nz) → h → h → 2 (leaky ReLU, as G) = (m, s),  p(x|z) = N(m(z), e^{s(z)})
 * prior   p(z)  :  N(0, I_nz)
 * </pre>
 *
 * The decoder's variance is learned per z (heteroscedastic), not fixed: with a fixed σ the model's
 * density would be a Gaussian blur of a Lipschitz map of z, and a learned σ(z) is what lets a VAE
 * widen its tails at all. Both log variances pass through a soft limit L·tanh(raw/L), L = 10, so
 * e^{s} can neither overflow nor vanish, with an exact gradient everywhere.
 *
 * <p>Loss per sample, the negative ELBO with the reparameterisation z = μ + e^{ℓ/2}·ε, ε ~ N(0, I):
 * <pre>
 * −ELBO = ½(log 2π + s + (x − m)²·e^{−s})        reconstruction, −log p(x|z) at one z
 *       + ½ Σ_j (μ_j² + e^{ℓ_j} − 1 − ℓ_j)        KL(q(z|x) ‖ N(0, I)), in closed form
 * </pre>
 * averaged over a batch of fresh samples of the target. Not thread-safe: one thread owns it.
 */
public final class Vae1d {
    /** The soft limit of both log variances. */
    static final double LOG_VARIANCE_LIMIT = 10;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Everything that defines a run; target and learning rate may change while it trains. */
    public record Settings(Target target, int nz, int hidden, int batch, double lr, double beta1, long seed) {
        public static Settings defaults() {
            return new Settings(Target.preset(Target.Kind.NORMAL, 3), 1, 16, 64, 1e-3, 0.9, 1);
        }

        /** The VAE beside a GAN: its target, nz, width, batch, seed, and G's learning rate. */
        public static Settings besides(Gan1d.Settings g) {
            return new Settings(g.target(), g.nz(), g.hidden(), g.batch(), g.lrG(), 0.9, g.seed());
        }

        public Settings withTarget(Target t) {
            return new Settings(t, nz, hidden, batch, lr, beta1, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(target, nz, hidden, batch, lr, beta1, s);
        }
    }

    /** The latest batch's −ELBO and its two terms (NaN before the first step). */
    public record Stats(long iteration, double negativeElbo, double reconstruction, double kl) {}

    private Settings settings;
    private final Mlp encoder;
    private final Mlp decoder;
    private final FlatAdam adamE;
    private final FlatAdam adamD;
    private final double[] gradE;
    private final double[] gradD;
    private final int nz;
    private final double[] enc;
    private final double[] dEnc;
    private final double[] z;
    private final double[] dz;
    private final double[] xIn = new double[1];
    private final double[] dec = new double[2];
    private final double[] dDec = new double[2];
    private final Random rng;
    private long iteration;
    private double lastLoss = Double.NaN;
    private double lastReconstruction = Double.NaN;
    private double lastKl = Double.NaN;

    public Vae1d(Settings s) {
        if (s.nz() < 1 || s.hidden() < 1 || s.batch() < 1) {
            throw new IllegalArgumentException("nz, width and batch must be at least 1");
        }
        this.settings = s;
        this.nz = s.nz();
        this.rng = new Random(s.seed() * 31 + 17); // not the GAN's stream when both share a seed
        this.encoder = new Mlp(Mlp.Activation.TANH, 1, s.hidden(), s.hidden(), 2 * nz);
        this.decoder = new Mlp(Mlp.Activation.LEAKY_RELU, nz, s.hidden(), s.hidden(), 2);
        encoder.initialize(rng);
        decoder.initialize(rng);
        this.adamE = new FlatAdam(encoder.params(), s.lr(), s.beta1(), 0.999);
        this.adamD = new FlatAdam(decoder.params(), s.lr(), s.beta1(), 0.999);
        this.gradE = new double[encoder.parameterCount()];
        this.gradD = new double[decoder.parameterCount()];
        this.enc = new double[2 * nz];
        this.dEnc = new double[2 * nz];
        this.z = new double[nz];
        this.dz = new double[nz];
    }

    public Settings settings() {
        return settings;
    }

    /** Applies a new target or learning rate; other changes need a new Vae1d. */
    public void update(Settings s) {
        if (s.nz() != settings.nz() || s.hidden() != settings.hidden()) {
            throw new IllegalArgumentException("nz and width need a new network");
        }
        settings = s;
        adamE.setLearningRate(s.lr());
        adamD.setLearningRate(s.lr());
    }

    public long iteration() {
        return iteration;
    }

    public Stats stats() {
        return new Stats(iteration, lastLoss, lastReconstruction, lastKl);
    }

    Mlp encoderNet() {
        return encoder;
    }

    Mlp decoderNet() {
        return decoder;
    }

    /** One Adam step of encoder and decoder on a fresh batch of x ~ target and ε ~ N(0, I). */
    public void step() {
        int n = settings.batch();
        double[] x = new double[n];
        double[] eps = new double[n * nz];
        for (int i = 0; i < n; i++) {
            x[i] = settings.target().sample(rng);
        }
        for (int i = 0; i < eps.length; i++) {
            eps[i] = rng.nextGaussian();
        }
        Arrays.fill(gradE, 0);
        Arrays.fill(gradD, 0);
        loss(x, eps, gradE, gradD);
        adamE.step(gradE);
        adamD.step(gradD);
        iteration++;
    }

    /**
     * The mean −ELBO of x (n) at reparameterisation noise eps (n × nz); when the gradient arrays are
     * not null, its gradients with respect to the encoder's and decoder's parameters are added in.
     */
    double loss(double[] x, double[] eps, double[] gradEncoder, double[] gradDecoder) {
        int n = x.length;
        boolean back = gradEncoder != null || gradDecoder != null;
        double rec = 0;
        double kl = 0;
        for (int i = 0; i < n; i++) {
            xIn[0] = x[i];
            encoder.forward(xIn, enc); // (μ, raw ℓ), 2·nz
            for (int j = 0; j < nz; j++) {
                double l = soft(enc[nz + j]);
                double sd = Math.exp(0.5 * l);
                z[j] = enc[j] + sd * eps[i * nz + j]; // z = μ + σ·ε
                kl += 0.5 * (enc[j] * enc[j] + sd * sd - 1 - l);
            }
            decoder.forward(z, dec); // (m, raw s)
            double m = dec[0];
            double s = soft(dec[1]);
            double r = x[i] - m;
            double iv = Math.exp(-s);
            rec += 0.5 * (LOG_2PI + s + r * r * iv);
            if (!back) {
                continue;
            }
            // d/dm = −r·e^{−s};  d/ds = ½(1 − r²·e^{−s}), times ds/draw; all over n (the mean)
            dDec[0] = -r * iv / n;
            dDec[1] = 0.5 * (1 - r * r * iv) * softSlope(dec[1]) / n;
            decoder.backward(dDec, gradDecoder, dz); // dz = d(reconstruction)/dz
            for (int j = 0; j < nz; j++) {
                double l = soft(enc[nz + j]);
                double sd = Math.exp(0.5 * l);
                dEnc[j] = dz[j] + enc[j] / n; // dz/dμ = 1; dKL/dμ = μ
                // dz/dℓ = ½σ·ε; dKL/dℓ = ½(e^ℓ − 1); then dℓ/draw
                dEnc[nz + j] = (dz[j] * 0.5 * sd * eps[i * nz + j] + 0.5 * (sd * sd - 1) / n) * softSlope(enc[nz + j]);
            }
            encoder.backward(dEnc, gradEncoder, null);
        }
        lastReconstruction = rec / n;
        lastKl = kl / n;
        lastLoss = lastReconstruction + lastKl;
        return lastLoss;
    }

    /** The mean −ELBO of {@code n} fresh target samples drawn with {@code random} (no update). */
    public double negativeElbo(int n, Random random) {
        double[] x = new double[n];
        double[] eps = new double[n * nz];
        for (int i = 0; i < n; i++) {
            x[i] = settings.target().sample(random);
        }
        for (int i = 0; i < eps.length; i++) {
            eps[i] = random.nextGaussian();
        }
        double keepLoss = lastLoss;
        double keepRec = lastReconstruction;
        double keepKl = lastKl;
        double v = loss(x, eps, null, null);
        lastLoss = keepLoss; // the stats stay those of the last training batch
        lastReconstruction = keepRec;
        lastKl = keepKl;
        return v;
    }

    /**
     * {@code n} samples of the model's p(x) = ∫ N(x; m(z), e^{s(z)}) N(z; 0, I) dz: z from the prior,
     * through the decoder, plus the decoder's own noise e^{s/2}·ε (not just the mean m(z)).
     */
    public double[] generate(int n, Random random) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nz; j++) {
                z[j] = random.nextGaussian();
            }
            decoder.forward(z, dec);
            out[i] = dec[0] + Math.exp(0.5 * soft(dec[1])) * random.nextGaussian();
        }
        return out;
    }

    /** L·tanh(v/L): about v for |v| ≪ L, never beyond ±L. */
    static double soft(double v) {
        return LOG_VARIANCE_LIMIT * Math.tanh(v / LOG_VARIANCE_LIMIT);
    }

    /** d soft(v)/dv = 1 − tanh²(v/L). */
    static double softSlope(double v) {
        double t = Math.tanh(v / LOG_VARIANCE_LIMIT);
        return 1 - t * t;
    }
}
