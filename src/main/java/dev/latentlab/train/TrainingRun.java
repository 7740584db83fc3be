package dev.latentlab.train;

import ai.djl.ndarray.NDManager;
import dev.latentlab.data.BatchStream;
import dev.latentlab.data.ImageSet;
import dev.latentlab.io.FolderLock;
import dev.latentlab.io.IoErrors;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.render.Pixels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A training run on its own thread. Callers get plain Java events (iteration records, generator
 * snapshots, sample grids, state changes) and can pause, resume, step one iteration, and stop.
 * Writes OUT/train.csv, OUT/samples.png (fixed z), OUT/progress/*.png, the model files, and a
 * checkpoint every few minutes and at stop. A NaN/infinite loss, or D winning outright for a long
 * stretch, pauses the run with a message; the last good checkpoint is kept.
 */
public final class TrainingRun implements AutoCloseable {
    public enum State { STARTING, RUNNING, PAUSED, STOPPING, FINISHED, STOPPED, DIVERGED, FAILED }

    /** What a single step runs: a whole iteration, or one D or one G update (which leave the iteration count). */
    public enum Part { ITERATION, D, G }

    /** Why a run is paused: someone asked, or D has won (D(x) ≈ 1 and D(G(z)) ≈ 0 for a long stretch). */
    public enum PauseReason { REQUESTED, D_HAS_WON }

    /** G's weights at an iteration, as plain arrays: any view can load them into its own generator. */
    public record Snapshot(long iteration, NetSpec spec, Map<String, Npy.Array> generatorWeights) {}

    public interface Listener {
        default void onIteration(IterationRecord record) {}

        default void onSnapshot(Snapshot snapshot) {}

        default void onSamples(long iteration, Generated samples) {}

        /**
         * A VAE's fixed real images and their reconstructions G(μ(x)), whenever the samples are
         * made (never for a GAN).
         */
        default void onReconstructions(long iteration, Generated targets, Generated reconstructions) {}

        /**
         * Whether this listener also wants the fixed-z samples at the first iteration and then at
         * least every {@link #LIVE_SAMPLE_SECONDS} of wall time, whatever the save interval (a
         * window showing them does; a log does not, and the run then spends no time on them).
         */
        default boolean wantsLiveSamples() {
            return false;
        }

        default void onState(State state, String message) {}

        default void onLog(String line) {}

        /** The collapse alarm's reading, every snapshot interval of a GAN run. */
        default void onCollapseCheck(CollapseAlarm.Reading reading) {}

        /**
         * One step of {@link #stepThrough()}: what the iteration taken apart has shown so far, or
         * null with the reason when this run cannot be stepped through (a VAE, the hinge loss, …).
         */
        default void onStepThrough(StepThrough.Report report, String refusal) {}

        /** D(G(z)) of every image in the G update just made (a GAN's iterations and G steps). */
        default void onFakeOutputs(long iteration, float[] dFake) {}
    }

    /** D(x) above this and D(G(z)) below 1 − this, for {@link #COLLAPSE_PATIENCE} iterations: G has lost. */
    static final double COLLAPSE_LEVEL = 0.995;
    static final int COLLAPSE_PATIENCE = 300;
    /** The longest wall time between two sample grids for listeners that {@link Listener#wantsLiveSamples}. */
    public static final double LIVE_SAMPLE_SECONDS = 3;
    public static final int SAMPLE_COUNT = 64;
    /** Fixed real images a VAE's run reconstructs (spread evenly over the data). */
    public static final int RECONSTRUCTION_COUNT = 32;
    static final String SAMPLES = "samples.png";
    static final String RECONSTRUCTIONS = "reconstructions.png";
    static final String CSV = "train.csv";

    private final TrainConfig config;
    private final ImageSet data;
    private final Path out;
    private final boolean resume;
    private final String command;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Object lock = new Object();
    private final String batchNote;
    private final FolderLock folderLock;
    private String leftoversNote;
    private volatile State state = State.STARTING;
    private volatile String message = "";
    private volatile PauseReason pauseReason = PauseReason.REQUESTED;
    private DivergenceGuard guard = new DivergenceGuard(COLLAPSE_LEVEL, COLLAPSE_PATIENCE);
    private boolean pauseRequested;
    private final java.util.ArrayDeque<Part> stepsRequested = new java.util.ArrayDeque<>();
    private int stepThroughRequests;
    /** Set by {@link #awaitPermission()} on the run's thread: the next thing to run is a step of step-through. */
    private boolean stepThroughNow;
    private volatile boolean stopRequested;
    private volatile long iteration;
    private volatile long totalIterations;

    /**
     * A run of {@code config} on {@code data}, or on {@link TrainConfig#limit} of its images
     * spread evenly over it. A set smaller than one batch trains in batches of the whole set (the
     * run's {@link #config()} then says so, and the run's first message tells why).
     */
    public TrainingRun(TrainConfig config, ImageSet data, Path out, boolean resume, String command) {
        config.validate();
        ImageSet used = config.limit > 0 ? data.spread(config.limit) : data;
        if (used.size() == 0) {
            throw new IllegalArgumentException("the dataset " + data.name() + " has no images");
        }
        if (used.size() < config.batchSize) {
            batchNote = "the dataset has " + used.size() + " images, fewer than one batch of " + config.batchSize
                    + ": training in batches of " + used.size();
            config = config.clone();
            config.batchSize = used.size();
        } else {
            batchNote = null;
        }
        this.config = config;
        this.data = used;
        this.out = out;
        this.resume = resume;
        this.command = command;
        this.thread = new Thread(this::run, "latentlab-trainer");
        this.thread.setDaemon(true);
        this.folderLock = lockAndClean(out);
    }

    /** The output folder's lock (another run writing there is refused), then what an earlier killed run left. */
    private FolderLock lockAndClean(Path out) {
        if (out == null) {
            return null;
        }
        FolderLock l;
        try {
            l = FolderLock.acquire(out, "a training run is writing");
        } catch (IOException e) {
            throw new ModelException("cannot write to " + out + ": " + IoErrors.plain(e), e);
        }
        try {
            List<Path> removed = Leftovers.clean(out);
            if (!removed.isEmpty()) {
                leftoversNote = "removed what an interrupted run left in " + out + ": " + removed.stream()
                        .map(p -> out.relativize(p).toString()).collect(java.util.stream.Collectors.joining(", "));
            }
        } catch (IOException | RuntimeException e) {
            releaseLock(l);
            throw new ModelException("cannot clean up " + out + ": " + IoErrors.plain(e), e);
        }
        return l;
    }

    private static void releaseLock(FolderLock l) {
        if (l != null) {
            try {
                l.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    public TrainingRun start() {
        thread.start();
        return this;
    }

    public State state() {
        return state;
    }

    public String message() {
        return message;
    }

    public long iteration() {
        return iteration;
    }

    public long totalIterations() {
        return totalIterations;
    }

    public TrainConfig config() {
        return config;
    }

    /** The images the run trains on (after {@link TrainConfig#limit}). */
    /** The data as model.json records it (name, source and the command that made it, images, attributes). */
    public ModelInfo.Dataset dataset() {
        ModelInfo.Dataset d = new ModelInfo.Dataset();
        d.name = data.name();
        d.source = config.dataCommand != null ? config.data + " (made by: " + config.dataCommand + ")" : config.data;
        d.generatorSeed = config.dataSeed;
        d.images = data.size();
        data.attributes().ifPresent(a -> d.attributes = a.names());
        return d;
    }

    public ImageSet data() {
        return data;
    }

    /** Why the run is paused, or null while it is not. */
    public PauseReason pauseReason() {
        return state == State.PAUSED ? pauseReason : null;
    }

    /** Replaces the divergence guard (before {@link #start()}): for tests that need D to win quickly. */
    TrainingRun guard(DivergenceGuard g) {
        this.guard = g;
        return this;
    }

    public void pause() {
        synchronized (lock) {
            pauseRequested = true;
            lock.notifyAll();
        }
    }

    public void resume() {
        synchronized (lock) {
            pauseRequested = false;
            lock.notifyAll();
        }
    }

    /** While paused: run exactly one more iteration, then pause again. */
    public void stepOnce() {
        stepOnce(Part.ITERATION);
    }

    /**
     * While paused: run one iteration, or one D or one G update, then pause again. A single D or G
     * update is reported to {@link Listener#onIteration} (the other network's values NaN, the
     * iteration unchanged) but not written to train.csv.
     */
    public void stepOnce(Part part) {
        synchronized (lock) {
            pauseRequested = true;
            stepsRequested.add(part);
            lock.notifyAll();
        }
    }

    /**
     * While paused: the next of the note's five steps of one iteration ({@link StepThrough}), on
     * this run's networks; after the fifth, the next call starts a new iteration. Reported to
     * {@link Listener#onStepThrough}; like a single D or G update it leaves the iteration count
     * and train.csv alone.
     */
    public void stepThrough() {
        synchronized (lock) {
            pauseRequested = true;
            stepThroughRequests++;
            lock.notifyAll();
        }
    }

    /** Asks the run to stop after the current iteration; it then writes a checkpoint and the model. */
    public void stop() {
        stopRequested = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    private void setState(State s, String msg) {
        state = s;
        message = msg == null ? "" : msg;
        for (Listener l : listeners) {
            l.onState(s, message);
        }
    }

    private void log(String line) {
        for (Listener l : listeners) {
            l.onLog(line);
        }
    }

    private void run() {
        // the engine starts inside the try: if it cannot, the run still ends FAILED (and callers stop waiting)
        try (NDManager manager = TorchRuntime.engine().newBaseManager()) {
            runWith(manager);
        } catch (Throwable t) {
            // our own failures say what happened in words; only an unexpected one shows its class
            String why = (t instanceof ModelException || t instanceof IllegalArgumentException
                    || t instanceof IOException) && t.getMessage() != null ? t.getMessage() : t.toString();
            setState(State.FAILED, "training failed: " + why);
        } finally {
            releaseLock(folderLock);
            done.countDown();
        }
    }

    private void runWith(NDManager manager) throws IOException {
        NetSpec spec = config.spec();
        if (data.spec().size() != spec.imageSize() || data.spec().channels() != spec.channels()) {
            throw new IllegalArgumentException("the dataset is " + data.spec().describe() + " but the model makes "
                    + spec.imageSize() + "x" + spec.imageSize() + "x" + spec.channels() + " images");
        }
        Checkpoint.State st = new Checkpoint.State();
        st.config = config;
        st.command = command;
        Random init = new Random(config.seed);
        Path ckpt = resume ? Checkpoint.find(out) : null;
        long warmupLength = config.warmup;
        try (Learner learner = config.isVae() ? new VaeLearner(config, manager, init, st)
                : new GanLearner(config, manager, init, guard, st)) {
            if (ckpt != null) {
                Checkpoint.State saved = Checkpoint.readState(ckpt);
                learner.resume(ckpt, saved);
                st = saved;
                // provenance keeps every command that contributed: the first run and each resume
                st.command = saved.command == null ? command : saved.command + " ; resumed: " + command;
                st.config = config;
                learner.noiseRng().setSeed(st.noiseSeed);
                log("resumed from " + ckpt + " at iteration " + st.iteration);
            } else if (resume && Files.isRegularFile(out.resolve(ModelStore.INFO))) {
                // a model folder without optimiser state (e.g. a shipped model): continue from its weights
                try (GanModel m = ModelStore.open(out)) {
                    learner.continueFrom(m, out);
                    st.iteration = m.info().provenance.iterations;
                    st.imagesSeen = m.info().provenance.imagesSeen;
                    st.wallSeconds = m.info().provenance.wallSeconds;
                    if (m.info().provenance.command != null) {
                        st.command = m.info().provenance.command + " ; continued: " + command;
                    }
                }
                if (warmupLength == 0 && !config.isVae()) {
                    warmupLength = TrainConfig.CONTINUE_WARMUP; // fresh Adam moments: no full steps at once
                }
                log("continuing from the model in " + out + " (fresh optimiser state"
                        + (warmupLength > 0 ? ", learning rates warmed up over " + warmupLength + " iterations" : "")
                        + ")");
            }
            loop(learner, st, warmupLength);
        }
    }

    private void loop(Learner learner, Checkpoint.State st, long warmupLength) throws IOException {
        // what the run shows and saves: the averaged generator when there is one
        GeneratorNet shown = learner.shown();
        Files.createDirectories(out.resolve("progress"));
        float[] fixedZ = Noise.sample(config.noise, new Random(config.seed ^ 0x5eed), SAMPLE_COUNT * config.nz);
        Generated targets = config.isVae() ? fixedImages(data, RECONSTRUCTION_COUNT) : null;
        // fewer images than dSteps batches: an iteration spans epochs
        int perEpoch = Math.max(1, data.size() / config.batchSize / config.dSteps);
        totalIterations = config.maxIterations > 0 ? config.maxIterations : (long) perEpoch * config.epochs;
        iteration = st.iteration;
        Path csv = out.resolve(CSV);
        boolean header = !Files.exists(csv) || st.iteration == 0;
        if (!header) {
            cutCsv(csv, st.iteration);
        }
        long batchesUsed = st.iteration * config.dSteps;
        int bpe = data.size() / config.batchSize;
        double wallBase = st.wallSeconds;
        long started = System.nanoTime();
        long lastCheckpoint = System.nanoTime();
        boolean live = listeners.stream().anyMatch(Listener::wantsLiveSamples);
        long firstIteration = st.iteration + 1;
        long warmupFrom = st.iteration;
        CollapseAlarm alarm = null;
        int per = config.spec().pixels();
        if (learner.hasParts()) {
            Generated ref = fixedImages(data, SAMPLE_COUNT);
            alarm = new CollapseAlarm(ref.images(), ref.count(), per);
        }
        boolean alarmed = false;
        long lastSamples = System.nanoTime();
        if (batchNote != null) {
            log(batchNote);
        }
        if (leftoversNote != null) {
            log(leftoversNote);
        }
        setState(State.RUNNING, "training " + describe(shown) + " on " + data.name() + " (" + data.size() + " images"
                + (batchNote != null ? "; " + batchNote : "") + ")");
        try (BatchStream stream = new BatchStream(data, config.batchSize, config.seed, config.hflip,
                (int) (batchesUsed / bpe), (int) (batchesUsed % bpe));
                BufferedWriter csvOut = Files.newBufferedWriter(csv, StandardCharsets.UTF_8,
                        header ? new StandardOpenOption[] {StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                            : new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND})) {
            if (header) {
                csvOut.write(IterationRecord.csvHeader(config.isVae()));
                csvOut.newLine();
            }
            BatchStream.Batch[] last = new BatchStream.Batch[1];
            int[] epoch = {0, 0};
            GanTrainer.RealBatches real = () -> {
                if (last[0] != null) {
                    stream.recycle(last[0]);
                }
                last[0] = stream.next();
                epoch[0] = last[0].epoch();
                epoch[1] = last[0].indexInEpoch();
                return last[0].data();
            };
            while (iteration < totalIterations && !stopRequested) {
                Part part = awaitPermission();
                if (part == null) {
                    break;
                }
                if (stepThroughNow) {
                    stepThroughNow = false;
                    StepThrough.Report rep = null;
                    String refusal = null;
                    try {
                        rep = learner.stepThrough(real);
                    } catch (IllegalArgumentException e) {
                        refusal = e.getMessage();
                    }
                    for (Listener l : listeners) {
                        l.onStepThrough(rep, refusal);
                    }
                    continue;
                }
                if (!learner.hasParts()) {
                    part = Part.ITERATION; // a VAE's iteration is one update
                }
                if (part != Part.ITERATION) {
                    long t0 = System.nanoTime();
                    IterationRecord s = learner.step(part, real);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    st.imagesSeen += learner.imagesPerStep(part);
                    IterationRecord r = s.at(iteration, epoch[0], config.batchSize / secs,
                            wallBase + (System.nanoTime() - started) / 1e9);
                    fakeOutputs(learner, part); // before the record, as for a whole iteration
                    for (Listener l : listeners) {
                        l.onIteration(r);
                    }
                    continue;
                }
                learner.schedule(config.learningRateFactor(iteration + 1, totalIterations, warmupFrom, warmupLength),
                        iteration / (double) totalIterations);
                long t0 = System.nanoTime();
                IterationRecord s = learner.step(part, real);
                double secs = (System.nanoTime() - t0) / 1e9;
                iteration++;
                st.iteration = iteration;
                st.imagesSeen += learner.imagesPerStep(part);
                st.epoch = epoch[0];
                st.batchInEpoch = epoch[1] + 1;
                double wall = wallBase + (System.nanoTime() - started) / 1e9;
                st.wallSeconds = wall;
                IterationRecord r = s.at(iteration, epoch[0], learner.imagesPerStep(part) / secs, wall);
                csvOut.write(r.toCsv());
                csvOut.newLine();
                fakeOutputs(learner, part);
                for (Listener l : listeners) {
                    l.onIteration(r);
                }
                DivergenceGuard.Verdict verdict = learner.check(r);
                if (verdict == DivergenceGuard.Verdict.NOT_FINITE) {
                    csvOut.flush();
                    pause();
                    setState(State.DIVERGED, learner.explain(verdict, iteration) + ". The last good checkpoint in "
                            + out.resolve(Checkpoint.DIR) + " is kept; lower the learning rates and resume from it.");
                    return;
                }
                if (verdict == DivergenceGuard.Verdict.D_WINS) {
                    csvOut.flush();
                    pause();
                    pauseReason = PauseReason.D_HAS_WON;
                    setState(State.PAUSED, learner.explain(verdict, iteration));
                    continue;
                }
                if (alarm != null) {
                    alarm.observe(iteration, r.dFakeBefore());
                }
                if (alarm != null && (iteration % config.snapshotEvery == 0 || iteration == totalIterations)) {
                    Generated g = samplesOf(learner.trained(), fixedZ);
                    CollapseAlarm.Reading reading = alarm.check(iteration, g.images(), g.count(), per);
                    for (Listener l : listeners) {
                        l.onCollapseCheck(reading);
                    }
                    if (reading.collapsed() && !alarmed) {
                        log("COLLAPSE ALARM at iteration " + iteration + ": " + reading.why());
                    } else if (!reading.collapsed() && alarmed) {
                        log("collapse alarm cleared at iteration " + iteration + String.format(Locale.ROOT,
                                " (diversity %.2f of the data's)", reading.diversity()));
                    }
                    alarmed = reading.collapsed();
                    if (alarmed && config.onCollapse == TrainConfig.OnCollapse.STOP) {
                        csvOut.flush();
                        setState(State.STOPPED, "stopped at iteration " + iteration + " by the collapse alarm ("
                                + reading.why() + "); the collapsed weights were not saved: the last checkpoint in "
                                + out.resolve(Checkpoint.DIR) + " and the model in " + out + " are from before");
                        return;
                    }
                    if (alarmed && config.onCollapse == TrainConfig.OnCollapse.ROLLBACK) {
                        Path good = Checkpoint.find(out);
                        if (good == null) {
                            csvOut.flush();
                            setState(State.STOPPED, "stopped at iteration " + iteration + " by the collapse alarm ("
                                    + reading.why() + "): there is no checkpoint yet to roll back to");
                            return;
                        }
                        Checkpoint.State saved = Checkpoint.readState(good);
                        learner.resume(good, saved);
                        config.lrD /= 2;
                        config.lrG /= 2;
                        st.iteration = saved.iteration;
                        st.imagesSeen = saved.imagesSeen;
                        st.noiseSeed = saved.noiseSeed;
                        learner.noiseRng().setSeed(saved.noiseSeed);
                        iteration = saved.iteration;
                        alarm.reset();
                        alarmed = false;
                        log("rolled back to the checkpoint at iteration " + saved.iteration
                                + String.format(Locale.ROOT, "; learning rates halved to D %.2g, G %.2g",
                                        config.lrD, config.lrG));
                        continue;
                    }
                }
                if (iteration % config.snapshotEvery == 0 || iteration == totalIterations) {
                    Snapshot snap = new Snapshot(iteration, shown.spec(), shown.params().toArrays());
                    for (Listener l : listeners) {
                        l.onSnapshot(snap);
                    }
                }
                if (iteration % config.sampleEvery == 0 || iteration == totalIterations) {
                    csvOut.flush();
                    writeSamples(learner, fixedZ, targets);
                    lastSamples = System.nanoTime();
                } else if (live && (iteration == firstIteration
                        || (System.nanoTime() - lastSamples) / 1e9 >= LIVE_SAMPLE_SECONDS)) {
                    Generated samples = samplesOf(shown, fixedZ);
                    Generated recon = targets != null ? learner.reconstruct(targets.images(), targets.count()) : null;
                    for (Listener l : listeners) {
                        if (l.wantsLiveSamples()) {
                            l.onSamples(iteration, samples);
                            if (recon != null) {
                                l.onReconstructions(iteration, targets, recon);
                            }
                        }
                    }
                    lastSamples = System.nanoTime();
                }
                if ((System.nanoTime() - lastCheckpoint) / 1e9 >= config.checkpointSeconds) {
                    csvOut.flush();
                    if (divergedWeights(learner)) {
                        return;
                    }
                    checkpoint(learner, st, fixedZ);
                    lastCheckpoint = System.nanoTime();
                }
            }
            csvOut.flush();
            if (divergedWeights(learner)) {
                return;
            }
            setState(State.STOPPING, "saving");
            writeSamples(learner, fixedZ, targets);
            checkpoint(learner, st, fixedZ);
            setState(stopRequested ? State.STOPPED : State.FINISHED, (stopRequested ? "stopped" : "finished")
                    + " at iteration " + iteration + "; checkpoint and model saved in " + out);
        }
    }

    /**
     * Drops train.csv's records after the iteration a resumed run starts from: a run killed after
     * its last checkpoint, or one that failed, wrote iterations the resumed run will do again.
     */
    static void cutCsv(Path csv, long iteration) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> kept = new java.util.ArrayList<>();
        for (String line : lines) {
            int comma = line.indexOf(',');
            long it;
            try {
                it = Long.parseLong(comma < 0 ? line : line.substring(0, comma));
            } catch (NumberFormatException notARecord) {
                if (kept.isEmpty()) {
                    kept.add(line); // the header; anything else unreadable was cut short by a kill
                }
                continue;
            }
            if (it <= iteration && comma > 0) {
                kept.add(line);
            }
        }
        if (kept.size() != lines.size()) {
            dev.latentlab.io.AtomicFiles.writeString(csv, String.join("\n", kept) + "\n");
        }
    }

    /**
     * Whether the generator's weights hold a NaN or an infinity (then the run ends DIVERGED and
     * nothing is saved): an update can turn them so after the loss that is checked every iteration
     * was computed, and saving them would replace the last good model with one that draws nothing.
     */
    private boolean divergedWeights(Learner learner) {
        String bad = learner.trained().params().firstNonFinite();
        if (bad == null && learner.shown() != learner.trained()) {
            bad = learner.shown().params().firstNonFinite();
        }
        if (bad == null) {
            return false;
        }
        pause();
        setState(State.DIVERGED, "training diverged by iteration " + iteration + ": the generator's " + bad
                + " holds NaN or infinite values, so nothing was saved; " + (Checkpoint.find(out) != null
                ? "the last good checkpoint in " + out.resolve(Checkpoint.DIR) + " is kept; lower the learning rates"
                + " and resume from it." : "lower the learning rates and train again."));
        return true;
    }

    /** {@code n} real images spread evenly over the data, as the fixed targets of a VAE's reconstructions. */
    static Generated fixedImages(ImageSet data, int n) {
        ImageSet few = data.spread(Math.min(n, data.size()));
        int per = data.spec().channels() * data.spec().size() * data.spec().size();
        float[] x = new float[few.size() * per];
        for (int i = 0; i < few.size(); i++) {
            few.copyImage(i, x, i * per, false);
        }
        return new Generated(x, few.size(), data.spec().channels(), data.spec().size(), data.spec().size(),
                Map.of());
    }

    private String describe(GeneratorNet g) {
        return config.isVae() ? "VAE (" + config.elbo().describe() + ") with the decoder " + g.spec().describe()
                : g.spec().describe();
    }

    private void fakeOutputs(Learner learner, Part part) {
        float[] d = part == Part.D ? null : learner.fakeOutputs();
        if (d != null) {
            for (Listener l : listeners) {
                l.onFakeOutputs(iteration, d);
            }
        }
    }

    /** Blocks while paused; what to run next, or null when a stop arrives meanwhile. */
    private Part awaitPermission() {
        synchronized (lock) {
            boolean announced = false;
            while (pauseRequested && stepsRequested.isEmpty() && stepThroughRequests == 0 && !stopRequested) {
                if (!announced && state != State.PAUSED) {
                    pauseReason = PauseReason.REQUESTED;
                    setState(State.PAUSED, "paused at iteration " + iteration);
                }
                announced = true;
                try {
                    lock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            if (stopRequested) {
                return null;
            }
            if (stepThroughRequests > 0) {
                stepThroughRequests--;
                stepThroughNow = true;
                return Part.ITERATION;
            }
            if (!stepsRequested.isEmpty()) {
                return stepsRequested.poll();
            } else if (state != State.RUNNING) {
                setState(State.RUNNING, "running");
            }
            return Part.ITERATION;
        }
    }

    private static Generated samplesOf(GeneratorNet g, float[] fixedZ) {
        return GanModel.generate(g, fixedZ, SAMPLE_COUNT, ChannelMask.none(), Set.of());
    }

    private void writeSamples(Learner learner, float[] fixedZ, Generated targets) throws IOException {
        Generated samples = samplesOf(learner.shown(), fixedZ);
        for (Listener l : listeners) {
            l.onSamples(iteration, samples);
        }
        Pixels.writePng(Pixels.grid(samples, 8, 1), out.resolve(SAMPLES));
        Pixels.writePng(Pixels.grid(samples, 8, 1), out.resolve("progress").resolve(String.format("iter-%07d.png",
                iteration)));
        if (targets != null) {
            Generated recon = learner.reconstruct(targets.images(), targets.count());
            for (Listener l : listeners) {
                l.onReconstructions(iteration, targets, recon);
            }
            Pixels.writePng(Pixels.grid(pairs(targets, recon), 8, 1), out.resolve(RECONSTRUCTIONS));
        }
    }

    /** Targets and reconstructions interleaved: each real image followed by its reconstruction. */
    public static Generated pairs(Generated targets, Generated recon) {
        int per = targets.channels() * targets.height() * targets.width();
        float[] both = new float[2 * targets.count() * per];
        for (int i = 0; i < targets.count(); i++) {
            System.arraycopy(targets.images(), i * per, both, 2 * i * per, per);
            System.arraycopy(recon.images(), i * per, both, (2 * i + 1) * per, per);
        }
        return new Generated(both, 2 * targets.count(), targets.channels(), targets.height(), targets.width(),
                Map.of());
    }

    /** The checkpoint keeps what resuming needs (a GAN's raw G and its average); the model folder gets what is shown. */
    private void checkpoint(Learner learner, Checkpoint.State st, float[] fixedZ) throws IOException {
        st.noiseSeed = learner.noiseRng().nextLong();
        learner.noiseRng().setSeed(st.noiseSeed);
        ModelInfo info = info(learner, st);
        IOException checkpointFailed = null;
        try {
            learner.checkpoint(out, info, st);
        } catch (IOException e) {
            checkpointFailed = e;
        }
        // the model alone (a third of a checkpoint's size) may fit where the checkpoint did not
        learner.saveModel(info, out);
        if (checkpointFailed != null) {
            // the checkpoint's half-written folder is gone: its name is no use to anyone
            throw new IOException("the model at iteration " + st.iteration + " is saved in " + out
                    + ", but its checkpoint is not: " + (IoErrors.isDiskFull(checkpointFailed)
                    ? "the disk is full (" + spaceNote() + ")" : checkpointFailed.getMessage()), checkpointFailed);
        }
        log("checkpoint at iteration " + st.iteration + " in " + out.resolve(Checkpoint.DIR));
        if (config.keepModels) {
            // a complete model folder: the model files, the fixed-z samples and the CSV so far, written
            // under a hidden name and renamed whole, so models/ never holds half a model
            Path kept = keptModel(out, st.iteration);
            info.name = info.name + "-it" + st.iteration;
            ModelStore.saveFolder(kept, dir -> {
                learner.saveModel(info, dir);
                Pixels.writePng(Pixels.grid(samplesOf(learner.shown(), fixedZ), 8, 1), dir.resolve(SAMPLES));
                Files.copy(out.resolve(CSV), dir.resolve(CSV), StandardCopyOption.REPLACE_EXISTING);
            });
            log("model at iteration " + st.iteration + " kept in " + kept);
        }
    }

    /** How much room a checkpoint needs (weights and Adam's two moments: about 3 × the model's files) and how much there is. */
    private String spaceNote() {
        long model = 0;
        for (String f : List.of(ModelStore.GENERATOR, ModelStore.DISCRIMINATOR, ModelStore.ENCODER)) {
            try {
                model += Files.exists(out.resolve(f)) ? Files.size(out.resolve(f)) : 0;
            } catch (IOException ignored) {
                // counted as 0
            }
        }
        String free;
        try {
            free = mb(Files.getFileStore(out).getUsableSpace()) + " is free";
        } catch (IOException e) {
            free = "the free space is unknown";
        }
        return "a checkpoint needs about " + mb(3 * model + (1 << 20)) + "; " + free;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    /** Where {@link TrainConfig#keepModels} keeps the model of the given iteration. */
    public static Path keptModel(Path out, long iteration) {
        return out.resolve("models").resolve(String.format(Locale.ROOT, "it-%07d", iteration));
    }

    private ModelInfo info(Learner learner, Checkpoint.State st) {
        ModelInfo info = ModelInfo.of(out.toAbsolutePath().getFileName().toString(), learner.trained().spec());
        learner.describe(info);
        info.dataset = dataset();
        info.provenance.iterations = st.iteration;
        info.provenance.imagesSeen = st.imagesSeen;
        info.provenance.wallSeconds = Math.round(st.wallSeconds * 10) / 10.0;
        info.provenance.seed = config.seed;
        info.provenance.command = st.command;
        info.provenance.created = Instant.now().toString();
        info.provenance.trainedWith = "LatentLab " + TorchRuntime.engine().getEngineName() + " "
                + TorchRuntime.engine().getVersion() + " on " + TorchRuntime.device();
        // JSON elements keep integers as integers (a Map parse would turn them into doubles)
        info.provenance.config.putAll(com.google.gson.JsonParser.parseString(config.toJson()).getAsJsonObject()
                .asMap());
        return info;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        if (thread.getState() == Thread.State.NEW) {
            releaseLock(folderLock); // never started: nothing else will
            return;
        }
        awaitTermination(60, TimeUnit.SECONDS);
    }
}
