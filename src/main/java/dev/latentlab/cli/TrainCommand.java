package dev.latentlab.cli;

import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.model.ModelStore;
import dev.latentlab.train.Checkpoint;
import dev.latentlab.train.Continuation;
import dev.latentlab.train.IterationRecord;
import dev.latentlab.train.Throughput;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a GAN: the classic loop (BCE for D on real and fake, non-saturating −log D(G(z)) for G),",
            "Adam 2e-4 / β1 0.5; or a VAE (--arch vae|mlp-vae) on the negative ELBO, recon + β·KL.",
            "Writes OUT/model.json + weights, OUT/train.csv, OUT/samples.png (and a VAE's reconstructions.png) and",
            "checkpoints.",
            "Ctrl-C stops cleanly and leaves a checkpoint; --resume continues from it."})
final class TrainCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "SOURCE",
            description = {"builtin:digits, an MNIST IDX file (.idx / -idx3-ubyte, optionally .gz) or a folder of images",
                "(with --resume: only if the data has moved; the checkpoint names it)"})
    String data;

    @Option(names = "--data-seed", description = "seed the dataset was generated with (recorded in model.json)")
    Long dataSeed;

    @Option(names = "--data-command", description = "command that generated the dataset (recorded in model.json)")
    String dataCommand;

    @Option(names = "--arch", defaultValue = "dcgan", description = {"dcgan or mlp (GANs); vae or mlp-vae (VAEs whose",
        "decoder is that generator; encoder: the discriminator's body) (default: ${DEFAULT-VALUE})"})
    String arch;

    @Option(names = "--size", converter = Numbers.Positive.class, defaultValue = "32", description = "image size: 28, 32, 64 or 128 (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--channels", converter = Numbers.Positive.class, description = "1 (gray) or 3 (RGB); default 1 for digits and IDX, 3 for folders")
    Integer channels;

    @Option(names = "--out", required = true, description = "model folder to write")
    Path out;

    @Option(names = "--epochs", converter = Numbers.NonNegative.class, defaultValue = "5", description = "passes over the data (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--iterations", converter = Numbers.NonNegativeLong.class, defaultValue = "0", description = "stop after N iterations instead of epochs")
    long iterations;

    @Option(names = "--batch", converter = Numbers.Positive.class, defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--nz", converter = Numbers.Positive.class, defaultValue = "100", description = "latent size (default: ${DEFAULT-VALUE})")
    int nz;

    @Option(names = "--ngf", converter = Numbers.Positive.class, defaultValue = "64", description = "DCGAN generator width (default: ${DEFAULT-VALUE})")
    int ngf;

    @Option(names = "--ndf", converter = Numbers.Positive.class, defaultValue = "64", description = "DCGAN discriminator width (default: ${DEFAULT-VALUE})")
    int ndf;

    @Option(names = "--lr", converter = Numbers.PositiveReal.class, description = {"learning rate of both networks (default 2e-4); with --resume it",
        "replaces the checkpoint's for the rest of the run (e.g. lower, to settle a run)"})
    Double lr;

    @Option(names = "--lr-d", converter = Numbers.PositiveReal.class, defaultValue = "2e-4", description = "D's learning rate (default: ${DEFAULT-VALUE})")
    double lrD;

    @Option(names = "--lr-g", converter = Numbers.PositiveReal.class, defaultValue = "2e-4", description = "G's learning rate (default: ${DEFAULT-VALUE})")
    double lrG;

    @Option(names = "--beta1", defaultValue = "0.5", description = "Adam β1 (default: ${DEFAULT-VALUE})")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.999", description = "Adam β2 (default: ${DEFAULT-VALUE})")
    double beta2;

    @Option(names = "--d-steps", converter = Numbers.Positive.class, defaultValue = "1", description = "D updates per iteration (default: ${DEFAULT-VALUE})")
    int dSteps;

    @Option(names = "--g-steps", converter = Numbers.Positive.class, defaultValue = "1", description = "G updates per iteration (default: ${DEFAULT-VALUE})")
    int gSteps;

    @Option(names = "--loss", defaultValue = "non-saturating", converter = Choices.Loss.class,
            description = "G's loss: non-saturating (−log D(G(z))) or minimax (log(1 − D(G(z))))")
    String loss;

    @Option(names = "--noise", defaultValue = "normal", converter = Choices.Noise.class, description = "prior of z: normal or uniform (U(−1, 1))")
    String noise;

    @Option(names = "--label-smoothing", converter = Numbers.NonNegativeReal.class, defaultValue = "0",
            description = "one-sided label smoothing: real target 1 − s, e.g. 0.1 (default: ${DEFAULT-VALUE})")
    double smoothing;

    @Option(names = "--hflip", description = "random horizontal flips")
    boolean hflip;

    @Option(names = "--ema", converter = Numbers.NonNegativeReal.class, defaultValue = "0", paramLabel = "DECAY",
            description = "keep a moving average of G's weights with this decay (e.g. 0.999) and save, sample and "
                    + "snapshot it; 0 = none (default: ${DEFAULT-VALUE})")
    double ema;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", converter = Numbers.NonNegative.class, defaultValue = "0", description = "use only N images, spread evenly over the data (0 = all)")
    int limit;

    @Option(names = "--sample-every", converter = Numbers.Positive.class, defaultValue = "200", description = "write the fixed-z grid every N iterations")
    int sampleEvery;

    @Option(names = "--checkpoint-minutes", converter = Numbers.PositiveReal.class, defaultValue = "5", description = "checkpoint interval (default: ${DEFAULT-VALUE})")
    double checkpointMinutes;

    @Option(names = "--keep-models", description = {"also keep the model as it is at every checkpoint, in",
        "OUT/models/it-NNNNNNN, to choose one afterwards"})
    boolean keepModels;

    @Option(names = "--beta", converter = Numbers.NonNegativeReal.class, defaultValue = "1",
            description = "VAE: weight β of the KL term (1 = the negative ELBO; default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--likelihood", defaultValue = "auto", description = {"VAE: p(x|z), gaussian (fixed σ), bernoulli",
        "(gray levels), or auto: Bernoulli for 1 channel, Gaussian for 3 (default: ${DEFAULT-VALUE})"})
    String likelihood;

    @Option(names = "--sigma", converter = Numbers.PositiveReal.class, defaultValue = "0.1",
            description = "VAE: the Gaussian likelihood's fixed σ on [−1, 1] pixels (default: ${DEFAULT-VALUE})")
    double sigma;

    @Option(names = "--resume", description = "continue from OUT's checkpoint (or from the model in OUT)")
    boolean resume;

    @Option(names = "--recipe", defaultValue = "classic", description = {"classic (the DCGAN paper's loop, the default)",
        "or stable: spectral norm + hinge loss in D, TTUR (lr D 4e-4, G 1e-4), Adam β (0, 0.9), EMA 0.999,",
        "linear decay over the second half; options given after it override it"})
    String recipeName;

    @Option(names = "--spectral-norm", description = "spectral normalisation of D's convolutions (D then has no BatchNorm)")
    boolean spectralNorm;

    @Option(names = "--diff-augment", paramLabel = "POLICY", defaultValue = "none",
            description = "DiffAugment on everything D sees: none or e.g. color,translation,cutout")
    String diffAugment;

    @Option(names = "--instance-noise", converter = Numbers.NonNegativeReal.class, defaultValue = "0", paramLabel = "SIGMA",
            description = "N(0, σ²) added to D's inputs, annealed to 0 over the run (e.g. 0.1; 0 = none)")
    double instanceNoise;

    @Option(names = "--lr-decay", defaultValue = "none", description = "learning-rate decay to 0 at the end: none, linear or cosine")
    String lrDecay;

    @Option(names = "--decay-from", defaultValue = "0.5", paramLabel = "FRACTION",
            description = "where the decay starts, as a fraction of the run (default: ${DEFAULT-VALUE})")
    double decayFrom;

    @Option(names = "--warmup", converter = Numbers.NonNegativeLong.class, defaultValue = "0", paramLabel = "N",
            description = {"linear learning-rate warm-up over N iterations (a continuation from a model folder, with",
                "fresh Adam moments, gets " + TrainConfig.CONTINUE_WARMUP + " when 0)"})
    long warmup;

    @Option(names = "--on-collapse", defaultValue = "warn",
            description = "when the collapse alarm goes off: warn, stop (keep the checkpoint before it) or rollback "
                    + "(reload it, halve the learning rates, go on)")
    String onCollapse;

    @Option(names = "--force", description = "start afresh in an OUT that holds a model, replacing it (and its checkpoint)")
    boolean force;

    static String commandLine;

    /** --loss as the configuration's value. */
    private TrainConfig.Loss lossOption() {
        return TrainConfig.Loss.parse(loss);
    }

    /** Whether the option was on the command line (not just its default). */
    private boolean given(String name) {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption(name);
    }

    /**
     * A resumed run keeps its networks, data and prior, and takes the recipe options given on the
     * command line (a schedule: a lower learning rate, label smoothing, other D:G steps, …).
     * Returns the message when an option asks to change what cannot change, else null.
     */
    private String applyOnResume(TrainConfig c) {
        java.util.Map<String, Object[]> fixed = new java.util.LinkedHashMap<>();
        fixed.put("--arch", new Object[] {arch, c.arch});
        fixed.put("--size", new Object[] {size, c.imageSize});
        fixed.put("--channels", new Object[] {channels, c.channels});
        fixed.put("--nz", new Object[] {nz, c.nz});
        fixed.put("--ngf", new Object[] {ngf, c.ngf});
        fixed.put("--ndf", new Object[] {ndf, c.ndf});
        fixed.put("--noise", new Object[] {noise.toUpperCase(Locale.ROOT), c.noise.name()});
        fixed.put("--ema", new Object[] {ema, c.ema});
        fixed.put("--likelihood", new Object[] {likelihood, c.likelihood});
        fixed.put("--sigma", new Object[] {sigma, c.sigma});
        fixed.put("--seed", new Object[] {seed, c.seed});
        fixed.put("--spectral-norm", new Object[] {spectralNorm, c.spectralNorm});
        for (var e : fixed.entrySet()) {
            Object[] v = e.getValue();
            if (given(e.getKey()) && !String.valueOf(v[0]).equals(String.valueOf(v[1]))) {
                return e.getKey() + " " + v[0] + " cannot change when a run is resumed: this run's is " + v[1]
                        + " (train into a new --out to change it)";
            }
        }
        if (given("--recipe")) {
            return "--recipe cannot change when a run is resumed (it fixes D's networks); give its options one by one";
        }
        applyGiven(c);
        return null;
    }

    /** The recipe options given on the command line, over whatever c holds (a preset or a checkpoint's). */
    private void applyGiven(TrainConfig c) {
        java.util.Map<String, Runnable> recipe = new java.util.LinkedHashMap<>();
        recipe.put("--lr-d", () -> c.lrD = lrD);
        recipe.put("--lr-g", () -> c.lrG = lrG);
        recipe.put("--beta1", () -> c.beta1 = beta1);
        recipe.put("--beta2", () -> c.beta2 = beta2);
        recipe.put("--d-steps", () -> c.dSteps = dSteps);
        recipe.put("--g-steps", () -> c.gSteps = gSteps);
        recipe.put("--loss", () -> c.loss = lossOption());
        recipe.put("--label-smoothing", () -> c.realLabel = 1 - smoothing);
        recipe.put("--hflip", () -> c.hflip = hflip);
        recipe.put("--beta", () -> c.beta = beta);
        recipe.put("--limit", () -> c.limit = limit);
        recipe.put("--ema", () -> c.ema = ema);
        recipe.put("--diff-augment", () -> c.diffAugment = diffAugment);
        recipe.put("--instance-noise", () -> c.instanceNoise = instanceNoise);
        recipe.put("--lr-decay", () -> c.lrDecay = TrainConfig.Decay.parse(lrDecay));
        recipe.put("--decay-from", () -> c.decayFrom = decayFrom);
        recipe.put("--warmup", () -> c.warmup = warmup);
        recipe.put("--on-collapse", () -> c.onCollapse = TrainConfig.OnCollapse.parse(onCollapse));
        recipe.forEach((name, apply) -> {
            if (given(name) && !(name.equals("--ema") && resume)) {
                apply.run();
            }
        });
    }

    @Override
    public Integer call() throws Exception {
        // before the data is loaded: a folder that cannot be written is known at once
        String unwritable = Outputs.unwritable(out.resolve(ModelStore.INFO));
        if (unwritable != null) {
            System.err.println("error: " + unwritable);
            return 2;
        }
        String occupied = resume ? null : Continuation.occupiedBy(out);
        if (occupied != null && !force) {
            System.err.println("error: " + out + " already holds " + occupied + "; --resume continues it, --force "
                    + "replaces it, or choose another --out");
            return 2;
        }
        TrainConfig c;
        if (resume && (Checkpoint.find(out) != null || Files.isRegularFile(out.resolve(ModelStore.INFO)))) {
            // the model's own architecture and recipe: from its checkpoint, or from its model.json
            Continuation from = Continuation.of(out);
            c = from.config();
            if (data != null && c.data != null && !sameSource(data, c.data) && stillThere(c.data)) {
                System.err.println("error: --data " + data + " is not the data this run trained on (" + c.data
                        + "), which is still there; a resumed run continues on its own data (drop --data, or train "
                        + "into a new --out)");
                return 2;
            }
            if (data != null) {
                c.data = data;
            }
            try {
                from.requireData(out, "give --data SOURCE");
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
            String refused = applyOnResume(c);
            if (refused != null) {
                System.err.println("error: " + refused);
                return 2;
            }
            if (lr != null) {
                c.lrD = lr;
                c.lrG = lr;
            }
            c.keepModels |= keepModels;
            // a resumed run may be extended
            c.epochs = Math.max(c.epochs, epochs);
            if (iterations > 0) {
                c.maxIterations = iterations;
            }
        } else {
            if (data == null) {
                System.err.println("error: --data is required"
                        + (resume ? " (" + out + " has no checkpoint or model to continue)" : ""));
                return 2;
            }
            c = new TrainConfig();
            c.data = data;
            c.dataSeed = dataSeed;
            c.dataCommand = dataCommand;
            c.arch = arch;
            c.imageSize = size;
            c.channels = channels != null ? channels : Files.isDirectory(Path.of(data)) ? 3 : 1;
            c.epochs = epochs;
            c.maxIterations = iterations;
            c.batchSize = batch;
            c.nz = nz;
            c.ngf = ngf;
            c.ndf = ndf;
            c.lrD = lr != null ? lr : lrD;
            c.lrG = lr != null ? lr : lrG;
            c.beta1 = beta1;
            c.beta2 = beta2;
            c.dSteps = dSteps;
            c.gSteps = gSteps;
            c.loss = lossOption();
            c.noise = Choices.parse(TrainConfig.Noise.class, noise);
            c.realLabel = 1 - smoothing;
            c.hflip = hflip;
            c.ema = ema;
            c.keepModels = keepModels;
            c.seed = seed;
            c.limit = limit;
            c.beta = beta;
            c.likelihood = likelihood;
            c.sigma = sigma;
            c.spectralNorm = spectralNorm;
            c.diffAugment = diffAugment;
            c.instanceNoise = instanceNoise;
            c.lrDecay = TrainConfig.Decay.parse(lrDecay);
            c.decayFrom = decayFrom;
            c.warmup = warmup;
            c.onCollapse = TrainConfig.OnCollapse.parse(onCollapse);
            switch (recipeName.toLowerCase(Locale.ROOT)) {
                case "classic" -> { }
                case "stable" -> {
                    c.stable();
                    applyGiven(c); // what the command line says beats the preset
                    if (given("--lr")) {
                        c.lrD = lr;
                        c.lrG = lr;
                    }
                }
                default -> throw new IllegalArgumentException("unknown --recipe '" + recipeName + "' (classic or stable)");
            }
        }
        c.sampleEvery = sampleEvery;
        c.checkpointSeconds = (int) Math.max(1, Math.round(checkpointMinutes * 60));
        try {
            c.validate();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        System.err.println("loading " + c.data + " …");
        ImageSet set = DatasetSource.open(c.data, new ImageSpec(c.imageSize, c.channels), System.err::println);
        System.err.printf(Locale.ROOT, "%d images (%s)%s%s%n", set.size(), set.spec().describe(),
                set.skipped().isEmpty() ? "" : ", " + set.skipped().size() + " files skipped",
                c.limit > 0 && c.limit < set.size() ? "; training on " + c.limit + " of them, spread evenly" : "");
        TrainingRun run;
        try {
            run = new TrainingRun(c, set, out, resume, commandLine);
        } catch (IllegalStateException | dev.latentlab.model.ModelException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        if (occupied != null) {
            // --force: the old checkpoint must not be resumed into the new run's files later
            Checkpoint.discard(out);
            System.err.println("replacing " + occupied + " in " + out + " (--force)");
        }
        Progress progress = new Progress();
        run.addListener(progress);
        // other ways the JVM may end (SIGHUP, System.exit elsewhere): stop and save from a hook
        Thread hook = new Thread(() -> {
            run.stop();
            try {
                run.awaitTermination(120, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (StopSignals signals = new StopSignals("stopping: saving a checkpoint and the model"
                + " (press Ctrl-C again to abort without saving)", run::stop)) {
            run.start();
            while (!run.awaitTermination(1, TimeUnit.SECONDS)) {
                progress.print(run);
                if (run.pauseReason() == TrainingRun.PauseReason.D_HAS_WON) {
                    System.err.println();
                    System.err.println(run.message());
                    run.stop();
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is ending anyway: the hook itself stopped the run; nothing to remove
            }
            progress.print(run);
            System.err.println();
            System.err.println(run.message());
            if (signals.received() && run.state() == TrainingRun.State.STOPPED) {
                return signals.exitCode();
            }
        }
        return switch (run.state()) {
            case FINISHED, STOPPED -> 0;
            default -> 1;
        };
    }

    /** The same data source, however the path is written (./faces, faces/, /home/me/faces). */
    private static boolean sameSource(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** Whether a recorded data source can still be opened where it was (else --data may say where it moved). */
    private static boolean stillThere(String source) {
        if (source.startsWith("builtin:")) {
            return true;
        }
        try {
            return Files.exists(Path.of(source));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The live progress line. */
    static final class Progress implements TrainingRun.Listener {
        private volatile IterationRecord last;
        private final Throughput rate = new Throughput();

        @Override
        public void onIteration(IterationRecord r) {
            rate.add(r);
            last = r;
        }

        @Override
        public void onLog(String line) {
            System.err.println();
            System.err.println(line);
        }

        void print(TrainingRun run) {
            IterationRecord r = last;
            if (r == null) {
                return;
            }
            double eta = rate.etaSeconds(run.config(), r.iteration(), run.totalIterations());
            if (r.isVae()) {
                System.err.printf(Locale.ROOT, "\rit %d/%d  epoch %d  %.0f img/s  ETA %s  loss %.1f  recon %.1f  "
                        + "KL %.1f  %.4f bits/dim   ", r.iteration(), run.totalIterations(), r.epoch() + 1,
                        rate.imagesPerSecond(), Throughput.duration(eta), r.lossG(), r.recon(), r.kl(),
                        r.bitsPerDim());
                return;
            }
            System.err.printf(Locale.ROOT, "\rit %d/%d  epoch %d  %.0f img/s  ETA %s  loss_D %.3f  loss_G %.3f  "
                    + "D(x) %.2f  D(G(z)) %.2f→%.2f   ", r.iteration(), run.totalIterations(), r.epoch() + 1,
                    rate.imagesPerSecond(), Throughput.duration(eta), r.lossD(), r.lossG(), r.dReal(), r.dFakeBefore(),
                    r.dFakeAfter());
        }
    }
}
