package dev.latentlab.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.latentlab.nn.NetSpec;

/**
 * Every knob of a training run, with the DCGAN paper's defaults (batch 64, nz 100, Adam lr 2e-4,
 * β1 0.5). Saved into checkpoints so that a resumed run continues with the same configuration.
 */
public final class TrainConfig implements Cloneable {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public enum Loss {
        /** G minimises −log D(G(z)) (Goodfellow et al.'s practical recommendation). */
        NON_SATURATING,
        /** G minimises log(1 − D(G(z))), the original minimax objective; saturates when D wins. */
        MINIMAX,
        /**
         * Hinge loss for both: D minimises E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))], G minimises
         * −E[D(G(z))], on D's logits (Lim &amp; Ye 2017, Miyato et al. 2018).
         */
        HINGE;

        /** non-saturating, minimax or hinge (as the command line spells them). */
        public static Loss parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
                case "non-saturating", "nonsaturating", "ns" -> NON_SATURATING;
                case "minimax" -> MINIMAX;
                case "hinge" -> HINGE;
                default -> throw new IllegalArgumentException("unknown loss '" + s
                        + "' (non-saturating, minimax or hinge)");
            };
        }
    }

    /** How the learning rates fall over a run (after the warm-up). */
    public enum Decay {
        NONE, LINEAR, COSINE;

        public static Decay parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> NONE;
                case "linear" -> LINEAR;
                case "cosine" -> COSINE;
                default -> throw new IllegalArgumentException("unknown learning-rate decay '" + s
                        + "' (none, linear or cosine)");
            };
        }
    }

    /** What a run does when its collapse alarm goes off. */
    public enum OnCollapse {
        /** Say so and carry on. */
        WARN,
        /** Stop, keeping the last checkpoint taken before the collapse (the collapsed weights are not saved). */
        STOP,
        /** Reload the last checkpoint taken before the collapse, halve both learning rates and go on. */
        ROLLBACK;

        public static OnCollapse parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "warn" -> WARN;
                case "stop" -> STOP;
                case "rollback" -> ROLLBACK;
                default -> throw new IllegalArgumentException("unknown --on-collapse '" + s
                        + "' (warn, stop or rollback)");
            };
        }
    }

    public enum Noise { NORMAL, UNIFORM }

    public String data = "builtin:digits";
    /** How the dataset itself was made, when it was generated (e.g. tools/facegen's command and seed). */
    public Long dataSeed;
    public String dataCommand;
    /** dcgan or mlp (GANs), vae or mlp-vae (VAEs whose decoders are those generators). */
    public String arch = "dcgan";
    public int imageSize = 32;
    public int channels = 1;
    public int nz = 100;
    public int ngf = 64;
    public int ndf = 64;
    public int[] mlpGHidden = {256, 512, 1024};
    public int[] mlpDHidden = {512, 256};
    public int batchSize = 64;
    public double lrD = 2e-4;
    public double lrG = 2e-4;
    public double beta1 = 0.5;
    public double beta2 = 0.999;
    /** D updates per iteration (the "k" of Goodfellow et al.'s Algorithm 1). */
    public int dSteps = 1;
    /** G updates per iteration. */
    public int gSteps = 1;
    public Loss loss = Loss.NON_SATURATING;
    public Noise noise = Noise.NORMAL;
    /** Target for real images in D's loss; 1 is plain BCE, 0.9 is one-sided label smoothing. */
    public double realLabel = 1.0;
    public boolean hflip = false;
    /** The named recipe these settings came from ("classic" or "stable"), for the record. */
    public String recipe = "classic";
    /** Spectral normalisation of every D convolution (and no BatchNorm in D); DCGAN only. */
    public boolean spectralNorm = false;
    /** DiffAugment policy for everything D sees: "" (none) or a subset of "color,translation,cutout". */
    public String diffAugment = "";
    /** σ of instance noise added to D's inputs, annealed linearly to 0 over the run (0 = none). */
    public double instanceNoise = 0;
    /** Learning-rate decay after {@link #decayFrom} of the run, to 0 at its last iteration. */
    public Decay lrDecay = Decay.NONE;
    /** Where the decay begins, as a fraction of the run's iterations (0.5: the second half decays). */
    public double decayFrom = 0.5;
    /**
     * Linear learning-rate warm-up over this many iterations from the run's (or the resume's) first;
     * a continuation from a model folder with a fresh optimiser gets {@link #CONTINUE_WARMUP} when 0.
     */
    public long warmup = 0;
    /** What the collapse alarm does. */
    public OnCollapse onCollapse = OnCollapse.WARN;
    /**
     * Decay of the generator's moving average (e.g. 0.999); 0 = none. With an average, the model
     * saved, the samples and the snapshots come from the averaged generator.
     */
    public double ema = 0;
    public long seed = 1;
    public int epochs = 5;
    /** Stop after this many iterations instead (0 = use epochs). */
    public long maxIterations = 0;
    /**
     * Train on only N images, spread evenly over the dataset (0 = all); the same in the app and
     * the command line, applied by {@link TrainingRun}.
     */
    public int limit = 0;
    public int snapshotEvery = 50;
    public int sampleEvery = 200;
    public int checkpointSeconds = 300;
    /**
     * Also keep the model folder as it is at every checkpoint, in OUT/models/it-NNNNNNN, so that
     * a checkpoint can be chosen afterwards (e.g. by {@code eval arithmetic} on a validation seed).
     */
    public boolean keepModels = false;
    /** VAE only: the weight β of KL(q(z|x) ‖ N(0, I)) in the loss (1 = the negative ELBO itself). */
    public double beta = 1;
    /**
     * VAE only: p(x|z), "gaussian" (fixed σ on [−1, 1] pixels), "bernoulli" (gray levels as
     * probabilities) or "auto" (Bernoulli for 1 channel, Gaussian for 3).
     */
    public String likelihood = "auto";
    /** VAE only: the fixed σ of the Gaussian likelihood, in units of [−1, 1] pixels. */
    public double sigma = 0.1;

    /** Warm-up given to a continuation from a model folder (fresh Adam moments must not take full steps). */
    public static final long CONTINUE_WARMUP = 100;

    /**
     * The stable recipe: spectral normalisation and the hinge loss in D (Miyato et al. 2018), separate
     * learning rates, D faster (TTUR, Heusel et al. 2017: 4e-4 / 1e-4) with Adam β (0, 0.9) as in SAGAN,
     * a moving average of G (0.999), and a linear decay over the second half of the run ({@link #decayFrom} 0.5). Options given
     * on the command line after the recipe override it. DiffAugment and instance noise stay off: they
     * help small data sets, and the faces have 20,000 images.
     */
    public TrainConfig stable() {
        recipe = "stable";
        spectralNorm = true;
        loss = Loss.HINGE;
        lrD = 4e-4;
        lrG = 1e-4;
        beta1 = 0.0;
        beta2 = 0.9;
        ema = 0.999;
        lrDecay = Decay.LINEAR;
        return this;
    }

    /**
     * The factor on both learning rates for iteration {@code iteration} (1-based) of a run of
     * {@code total}: a linear warm-up over {@code warmupLength} iterations after {@code warmupFrom}
     * (iteration warmupFrom + 1 gets 1/warmupLength), then, past {@link #decayFrom} of the run, the
     * decay (linear 1 − p, or cosine ½(1 + cos πp)) with p = (iteration − 1 − start) / (total − start),
     * as torch's LinearLR(end_factor 0) and CosineAnnealingLR step it: the factor would reach 0 one
     * iteration after the last.
     */
    public double learningRateFactor(long iteration, long total, long warmupFrom, long warmupLength) {
        double f = 1;
        if (warmupLength > 0 && iteration - warmupFrom <= warmupLength) {
            f = Math.max(1, iteration - warmupFrom) / (double) warmupLength;
        }
        long start = (long) Math.floor(decayFrom * total);
        if (lrDecay != Decay.NONE && total > start && iteration - 1 >= start) {
            double p = Math.min(1, (iteration - 1 - start) / (double) (total - start));
            f *= lrDecay == Decay.LINEAR ? 1 - p : 0.5 * (1 + Math.cos(Math.PI * p));
        }
        return f;
    }

    /** True for the VAE architectures (vae, mlp-vae). */
    public boolean isVae() {
        return arch.toLowerCase(java.util.Locale.ROOT).contains("vae");
    }

    /** The VAE objective these settings describe (the likelihood resolved for the image channels). */
    public Elbo.Settings elbo() {
        return new Elbo.Settings(Elbo.Likelihood.resolve(likelihood, channels), sigma, beta);
    }

    /** The networks' shape: for a VAE, its decoder's (a generator) and its encoder's (a discriminator body). */
    public NetSpec spec() {
        String a0 = arch.toLowerCase(java.util.Locale.ROOT);
        NetSpec.Arch a = switch (a0) {
            case "vae" -> NetSpec.Arch.DCGAN;
            case "mlp-vae" -> NetSpec.Arch.MLP;
            default -> {
                try {
                    yield NetSpec.Arch.parse(a0);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown architecture '" + arch
                            + "' (dcgan, mlp, vae or mlp-vae)");
                }
            }
        };
        return a == NetSpec.Arch.DCGAN ? NetSpec.dcgan(imageSize, channels, nz, ngf, ndf)
                : NetSpec.mlp(imageSize, channels, nz, mlpGHidden, mlpDHidden);
    }

    /** Throws IllegalArgumentException naming the first bad value. */
    public void validate() {
        spec();
        check(batchSize >= 1, "batch size must be at least 1");
        check(lrD > 0 && lrG > 0, "learning rates must be positive");
        check(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1)");
        check(dSteps >= 1 && gSteps >= 1, "D and G steps per iteration must be at least 1");
        check(realLabel > 0.5 && realLabel <= 1, "the real label must be in (0.5, 1]");
        check(epochs >= 1 || maxIterations > 0, "train for at least one epoch or iteration");
        check(snapshotEvery >= 1 && sampleEvery >= 1, "snapshot and sample intervals must be at least 1");
        check(ema == 0 || ema > 0 && ema < 1, "the generator average's decay must be 0 (none) or in (0, 1)");
        check(limit >= 0, "the number of images (limit) must be 0 (all) or more");
        check(checkpointSeconds >= 1, "the checkpoint interval must be at least a second");
        check(instanceNoise >= 0 && Double.isFinite(instanceNoise), "the instance noise σ must be 0 or more");
        check(warmup >= 0, "the warm-up must be 0 or more iterations");
        check(decayFrom >= 0 && decayFrom < 1, "the decay's start must be a fraction of the run in [0, 1)");
        DiffAugment.Policy.parse(diffAugment);
        if (loss == Loss.HINGE) {
            check(realLabel == 1, "label smoothing is a BCE target; the hinge loss has none: leave --label-smoothing at 0");
        }
        if (spectralNorm) {
            check(spec().arch() == NetSpec.Arch.DCGAN, "spectral normalisation is for the DCGAN discriminator (--arch dcgan)");
        }
        if (isVae()) {
            // a VAE has no D: the GAN-only knobs would be silently ignored, so they are refused
            check(dSteps == 1 && gSteps == 1, "a VAE has no D or G steps: leave --d-steps and --g-steps at 1");
            check(ema == 0, "a VAE keeps no moving average of its decoder: leave --ema at 0");
            check(realLabel == 1, "a VAE has no real label to smooth: leave --label-smoothing at 0");
            check(noise == Noise.NORMAL, "a VAE's prior is N(0, I) by its KL term: leave --noise at normal");
            check(!spectralNorm && loss != Loss.HINGE && instanceNoise == 0 && !DiffAugment.Policy.parse(diffAugment).any(),
                    "a VAE has no discriminator: spectral normalisation, the hinge loss, DiffAugment and instance "
                    + "noise are GAN options");
            check(lrDecay == Decay.NONE && warmup == 0, "a VAE's learning rate is constant here: leave --lr-decay and --warmup");
            check(beta >= 0 && Double.isFinite(beta), "the KL weight β must be 0 or more");
            check(sigma > 0 && Double.isFinite(sigma), "the Gaussian likelihood's σ must be positive");
            elbo();
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static TrainConfig fromJson(String json) {
        return GSON.fromJson(json, TrainConfig.class);
    }

    @Override
    public TrainConfig clone() {
        return fromJson(toJson());
    }
}
