package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.LayerInfo;
import dev.latentlab.nn.NativeMemory;
import dev.latentlab.nn.Precision;
import dev.latentlab.nn.SplitForward;
import dev.latentlab.nn.TorchRuntime;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Finds the k channels of a generator layer whose removal most lowers an attribute, by removing
 * them: the causal counterpart of the activation rankings (which say which channels go with the
 * attribute, not which ones draw it). On {@code samples} seeded samples:
 * <ol>
 *   <li>every channel is removed alone and scored by how much the attribute's mean probability
 *       falls;</li>
 *   <li>greedy forward selection: k times, each of the best single removals not yet picked (the
 *       candidates) is tried together with the channels picked so far, and the one that lowers the
 *       attribute most is picked, as long as no kept attribute's mean probability moves by more
 *       than {@code budget} (a candidate over budget is penalised tenfold for the excess).</li>
 * </ol>
 * Trying removals together matters: channels that draw the same thing are redundant, so the best
 * k single removals are not the best k together. It costs C + (k − 1) × candidates trial
 * removals of the sample set (the first pick's trials are the single removals). The ranking's
 * scores are the single-removal effects; its order starts with the k picked channels in the
 * order they were picked.
 *
 * <p>How a trial is run: for a DCGAN ({@link SplitForward}) the generator's trunk up to the layer
 * runs once, and a trial removal only subtracts the removed channels' contributions from the next
 * stage's pre-activation and runs the stages after it, with the images going straight into the
 * classifier as NDArrays (small sample sets put several trial removals in one batch); where the
 * process runs in bfloat16 the stages after the next one and the reader run their scripted
 * bfloat16 passes, against a baseline read the same way (the gradient passes stay float32). Any other
 * generator generates every trial in full with a channel mask. Both give the same figures up to
 * float rounding.
 */
public final class RemovalSearch {
    /**
     * The largest array a forward pass of the search may make, in bytes: under glibc's largest mmap
     * threshold (32 MB, {@code nn.NativeMemory}), so that every array comes from the C heap and is
     * reused. Above it each array is a fresh mapping, zero-filled page by page: with 200-sample trials
     * (stage 3's activation, 52 MB) 22% of the search's profile was the kernel's page-fault path
     * (docs/figures.md, Speed).
     */
    static final long LARGEST_ARRAY = 30L << 20;

    private RemovalSearch() {}

    /**
     * How hard to search: the samples the effects are measured on (the same z for every trial
     * removal); the channels each greedy pick tries exactly ({@code shortlist}: the best by the
     * first-order estimate, see {@link RemovalSearch}; {@link #AUTO} = as many as spend about
     * {@link #TRIALS} trial removals on the k picks, at least {@link #SHORTLIST}; 0 = the exhaustive
     * search, which removes every channel alone first and then tries {@code candidates} of the best
     * single removals at each pick, 0 = 2·k, at least 8); how far each kept attribute's mean
     * probability may move (0.03 = 3 points).
     */
    public record Settings(int samples, int candidates, double budget, int shortlist) {
        /** The fewest exact trials per pick in the estimated search: enough to match the exhaustive search's picks (docs/figures.md). */
        public static final int SHORTLIST = 4;
        /**
         * The trial removals an automatic shortlist spends on a search, about: 25 picks try 4 channels each
         * (faces64's hats), 12 picks 8 (glasses: as good as or better than 4 by the held-out reader on five
         * seeds, docs/figures.md, Speed), so a search of few picks costs about what one of many does.
         */
        public static final int TRIALS = 100;
        /** {@code shortlist}: chosen from k ({@link #shortlist(int, int)}). */
        public static final int AUTO = -1;
        public static final Settings DEFAULT = new Settings(200, 0, 0.03, AUTO);

        public Settings {
            if (samples < 1 || candidates < 0 || budget < 0 || shortlist < AUTO) {
                throw new IllegalArgumentException("the search needs at least one sample, candidates ≥ 0 (0 = 2·k), "
                        + "a budget of at least 0 and a shortlist ≥ 0 (0 = exhaustive) or AUTO");
            }
        }

        /** The exhaustive search (every channel removed alone, then {@code candidates} per pick). */
        public Settings(int samples, int candidates, double budget) {
            this(samples, candidates, budget, 0);
        }

        public Settings withSamples(int s) {
            return new Settings(s, candidates, budget, shortlist);
        }

        public Settings withCandidates(int c) {
            return new Settings(samples, c, budget, shortlist);
        }

        public Settings withBudget(double b) {
            return new Settings(samples, candidates, b, shortlist);
        }

        public Settings withShortlist(int m) {
            return new Settings(samples, candidates, budget, m);
        }

        public boolean exhaustive() {
            return shortlist == 0;
        }

        /** The exact trials per pick of the estimated search for k picks among {@code channels}. */
        int shortlist(int k, int channels) {
            return Math.min(channels, shortlist == AUTO ? Math.max(SHORTLIST, TRIALS / k) : shortlist);
        }

        int candidates(int k, int channels) {
            return Math.min(channels, candidates > 0 ? candidates : Math.max(8, 2 * k));
        }
    }

    /**
     * One search: the layer, the attribute to lower and k, the attributes to keep (names the
     * reader lacks, and the attribute itself, are ignored), the settings, the seed of the samples,
     * and the masks of other layers kept while searching (the view's other removals; the layer's
     * own entry is ignored).
     */
    public record Request(int layer, String attribute, int k, List<String> keep, Settings settings, long seed,
            ChannelMask base) {
        public Request {
            Objects.requireNonNull(attribute, "attribute");
            keep = List.copyOf(keep);
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(base, "base");
        }

        /** No kept attributes, the default settings, seed 1, no other removals. */
        public static Request of(int layer, String attribute, int k) {
            return new Request(layer, attribute, k, List.of(), Settings.DEFAULT, 1, ChannelMask.none());
        }

        public Request withKeep(List<String> names) {
            return new Request(layer, attribute, k, names, settings, seed, base);
        }

        public Request withSettings(Settings s) {
            return new Request(layer, attribute, k, keep, s, seed, base);
        }

        public Request withSeed(long s) {
            return new Request(layer, attribute, k, keep, settings, s, base);
        }

        public Request withBase(ChannelMask mask) {
            return new Request(layer, attribute, k, keep, settings, seed, mask);
        }
    }

    /** Runs the search with a terminal progress bar; {@code cancelled} is polled between trials. */
    public static ChannelRanking run(GanModel model, ArithmeticEval.AttributeReader reader, Request request,
            ProgressBar bar, BooleanSupplier cancelled) {
        return run(model, reader, request, bar, f -> {}, cancelled, Strategy.SPLIT);
    }

    /**
     * The same for a caller that shows progress its own way: {@code progress} receives the
     * fraction done (0 to 1) after every batch of trial removals, on the calling thread. When
     * {@code cancelled} turns true the search throws {@link CancellationException}.
     */
    public static ChannelRanking run(GanModel model, ArithmeticEval.AttributeReader reader, Request request,
            DoubleConsumer progress, BooleanSupplier cancelled) {
        return run(model, reader, request, ProgressBar.silent(), progress, cancelled, Strategy.SPLIT);
    }

    /** How trials are run. */
    enum Strategy {
        /** The split pass where the generator offers one ({@link SplitForward}). */
        SPLIT,
        /** The search as it was first written: every trial generates the samples in full with a mask. */
        MASKED
    }

    static ChannelRanking run(GanModel model, ArithmeticEval.AttributeReader reader, Request request, ProgressBar bar,
            DoubleConsumer progress, BooleanSupplier cancelled, Strategy strategy) {
        return run(model, reader, request, bar, progress, cancelled, strategy,
                chunk(model.layers(), request.layer(), model.spec().channels(), model.spec().imageSize()));
    }

    /**
     * Samples per forward pass after layer {@code layer}: as many as keep the largest array of the
     * passes after it under {@link #LARGEST_ARRAY}. The largest is the phase layout of a later
     * stage's pre-activation: [4·C, s+1, s+1] per sample for an output of [C, 2s, 2s], that is
     * C·(H+2)·(W+2) floats (faces64 after layer 1: stage 3's 64 × 34 × 34, so 106 samples).
     */
    static int chunk(List<LayerInfo> layers, int layer, int imageChannels, int imageSize) {
        long floats = (long) imageChannels * (imageSize + 2) * (imageSize + 2);
        for (LayerInfo l : layers) {
            if (l.index() > layer) {
                floats = Math.max(floats, (long) l.channels() * (l.height() + 2) * (l.width() + 2));
            }
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, LARGEST_ARRAY / (floats * Float.BYTES)));
    }

    static ChannelRanking run(GanModel model, ArithmeticEval.AttributeReader reader, Request request, ProgressBar bar,
            DoubleConsumer progress, BooleanSupplier cancelled, Strategy strategy, int chunk) {
        boolean split = strategy == Strategy.SPLIT;
        LayerInfo layer = AblationEval.layer(model, request.layer());
        int ch = layer.channels();
        int k = request.k();
        if (k < 1 || k > ch) {
            throw new IllegalArgumentException("k must be within 1.." + ch + " (the layer's channels)");
        }
        List<String> names = reader.attributes();
        int attribute = names.indexOf(request.attribute());
        if (attribute < 0) {
            throw new IllegalArgumentException("the classifier has no attribute " + request.attribute());
        }
        List<Integer> kept = request.keep().stream().map(names::indexOf).filter(i -> i >= 0 && i != attribute)
                .distinct().toList();
        Settings s = request.settings();
        int n = s.samples();
        float[] z = AblationEval.gaussian(new Random(request.seed()), n * model.nz());
        ChannelMask others = request.base().withLayer(request.layer(), new BitSet());
        boolean grad = TorchRuntime.disableGrad();
        try (Trials t = split && model.generator() instanceof SplitForward f
                ? new SplitTrials(model, f, reader, request.layer(), z, n, others, chunk)
                : new MaskedTrials(model, reader, request.layer(), z, n, others)) {
            if (!s.exhaustive() && t instanceof SplitTrials st
                    && reader.differentiable(model.spec().imageSize(), model.spec().channels())) {
                return estimated(st, ch, k, attribute, kept, s, bar, progress, cancelled);
            }
            return exhaustive(t, ch, k, attribute, kept, s, bar, progress, cancelled);
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    /** What the progress line and the view show: a fraction of the expected work, and the picks so far. */
    private static final class Tracker {
        private final ProgressBar bar;
        private final DoubleConsumer progress;
        private final int k;
        private long total;
        private long done;
        private int picked;

        /** How far the process's resident memory may grow during a search before free heap pages are returned. */
        static final long GROWTH = 1L << 30;
        private final long resident = NativeMemory.residentBytes();

        Tracker(ProgressBar bar, DoubleConsumer progress, long total, int k) {
            this.bar = bar;
            this.progress = progress;
            this.total = total;
            this.k = k;
        }

        void done(long units) {
            done = Math.min(total, done + units);
            bar.advance(units);
            progress.accept((double) done / total);
        }

        /** Work found along the way (a pick that tries more than its shortlist): the fraction done steps back. */
        void extend(long units) {
            total += units;
            bar.extend(units);
        }

        void picked(int count) {
            picked = count;
            bar.status(count + "/" + k + " picked");
            // The trials' arrays come from the C heap and stay resident for reuse (nn.NativeMemory), but the
            // heap keeps growing across picks (to 4-8 GB by the 25th on faces64): once it has grown by more
            // than GROWTH since the search began, its free pages go back to the kernel.
            if (NativeMemory.residentBytes() - resident > GROWTH) {
                NativeMemory.release();
            }
        }

        /** Throws {@link CancellationException} saying how far the search got, when {@code cancelled} is true. */
        void check(BooleanSupplier cancelled) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException(String.format(Locale.ROOT,
                        "search cancelled at %d%% (%d of %d channels picked); nothing was removed",
                        Math.round(100.0 * done / total), picked, k));
            }
        }
    }

    /**
     * The search as it was first written: every channel removed alone (exactly), then at each pick
     * every candidate (the best single removals) tried together with the picks so far.
     */
    private static ChannelRanking exhaustive(Trials t, int ch, int k, int attribute, List<Integer> kept, Settings s,
            ProgressBar bar, DoubleConsumer progress, BooleanSupplier cancelled) {
        int n = s.samples();
        int cand = s.candidates(k, ch);
        // at most, the greedy steps after the first try every candidate not yet picked: cand − 1, cand − 2, …
        long greedy = 0;
        for (int step = 1; step < k; step++) {
            greedy += Math.max(0, cand - step);
        }
        long trials = ch + 1 + greedy;
        Tracker track = new Tracker(bar, progress, trials, k);
        bar.start("ablation search", trials);
        double[] before = t.before();
        track.done(1);
        int[] all = new int[ch];
        Arrays.setAll(all, j -> j);
        double[][] p = t.removing(new BitSet(), all, cancelled, track);
        double[] single = new double[ch];
        for (int j = 0; j < ch; j++) {
            single[j] = before[attribute] - p[j][attribute];
        }
        int[] byEffect = new ChannelRanking("single removal", single).order();
        int[] candidates = Arrays.copyOf(byEffect, cand);
        // the first pick's trials are the single removals (nothing picked yet): that step costs nothing
        double[] score = new double[ch];
        for (int j : candidates) {
            score[j] = score(before, p[j], attribute, kept, s.budget());
        }
        long tried = ch;
        BitSet chosen = new BitSet();
        int[] picked = new int[k];
        for (int step = 0; step < k; step++) {
            int[] open = Arrays.stream(candidates).filter(j -> !chosen.get(j)).toArray();
            if (step > 0) {
                double[][] q = t.removing(chosen, open, cancelled, track);
                tried += open.length;
                for (int i = 0; i < open.length; i++) {
                    score[open[i]] = score(before, q[i], attribute, kept, s.budget());
                }
            }
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int j : open) { // ties: the better single removal
                if (score[j] > bestScore) {
                    bestScore = score[j];
                    best = j;
                }
            }
            if (best < 0) { // fewer candidates than k: the next best single removal
                for (int j : byEffect) {
                    if (!chosen.get(j)) {
                        best = j;
                        break;
                    }
                }
            }
            chosen.set(best);
            picked[step] = best;
            track.picked(step + 1);
        }
        bar.finish();
        return new ChannelRanking("ablation search (" + n + " samples, " + cand + " candidates, budget "
                + String.format(Locale.ROOT, "%.2f", s.budget()) + "; " + tried + " trial removals)", single, picked);
    }

    /** A gradient pass costs about this many trial removals (a forward and a backward pass over the samples). */
    static final int GRADIENT_COST = 3;

    /**
     * The samples a pick's gradient pass looks at, at least (the first chunks that hold as many, or all
     * of them when there are fewer): it only orders the channels for the exact trials, which then read
     * every sample. Half of the default 200 halves the pass; on faces64 (hats and glasses, five seeds
     * each) the removals it found read as those of the whole pass did, on average, by the readers that
     * did not choose them (docs/figures.md, Speed).
     */
    static final int ESTIMATE_SAMPLES = 100;

    /**
     * The estimated search: at each pick one gradient pass over the samples ({@link #ESTIMATE_SAMPLES}
     * of them at least) gives, for every channel c not yet picked, the first-order (Taylor) estimate
     * of how much removing it as well lowers the attribute, Σ ∂p/∂h_c · h_c over samples and positions
     * (h the layer's activation with the picks removed, p the attribute's mean probability); the
     * {@code shortlist} best estimates are then tried exactly, together with the picks so far, and
     * scored as the exhaustive search scores them (kept attributes within the budget). When every one of them breaks the budget, the next ones by
     * estimate are tried, up to four shortlists. The ranking's scores are the first pick's estimates.
     */
    private static ChannelRanking estimated(SplitTrials t, int ch, int k, int attribute, List<Integer> kept,
            Settings s, ProgressBar bar, DoubleConsumer progress, BooleanSupplier cancelled) {
        int m = s.shortlist(k, ch);
        long units = (long) k * (GRADIENT_COST + m);
        Tracker track = new Tracker(bar, progress, units, k);
        bar.start("ablation search", units);
        BitSet chosen = new BitSet();
        int[] picked = new int[k];
        double[] before = null;
        double[] firstEstimate = null;
        long tried = 0;
        for (int step = 0; step < k; step++) {
            track.check(cancelled);
            if (before == null) {
                before = t.before(); // the trials' baseline, read as they are (in bfloat16 too)
            }
            double[] drop = t.estimate(chosen, attribute, cancelled, track);
            if (firstEstimate == null) {
                firstEstimate = drop;
            }
            int[] order = java.util.stream.IntStream.range(0, ch).filter(c -> !chosen.get(c)).boxed()
                    .sorted((a, b) -> drop[a] != drop[b] ? Double.compare(drop[b], drop[a]) : Integer.compare(a, b))
                    .mapToInt(Integer::intValue).toArray();
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            boolean withinBudget = false;
            for (int off = 0; off < order.length && off < 4 * m && !withinBudget; off += m) {
                int[] shortlist = Arrays.copyOfRange(order, off, Math.min(order.length, off + m));
                if (off > 0) {
                    track.extend(shortlist.length);
                }
                double[][] q = t.removing(chosen, shortlist, cancelled, track);
                tried += shortlist.length;
                for (int i = 0; i < shortlist.length; i++) {
                    double sc = score(before, q[i], attribute, kept, s.budget());
                    if (sc > bestScore) {
                        bestScore = sc;
                        best = shortlist[i];
                    }
                    withinBudget |= moved(before, q[i], kept) <= s.budget();
                }
            }
            chosen.set(best);
            picked[step] = best;
            track.picked(step + 1);
        }
        bar.finish();
        return new ChannelRanking("ablation search, estimated (" + s.samples() + " samples, " + m
                + " exact trials per pick" + (t.precision == Precision.FLOAT32 ? "" : " in " + t.precision.label())
                + ", budget " + String.format(Locale.ROOT, "%.2f", s.budget()) + "; " + k
                + " gradient passes, " + tried + " trial removals)", firstEstimate, picked);
    }

    /** The largest move of a kept attribute's mean probability. */
    private static double moved(double[] before, double[] after, List<Integer> kept) {
        double moved = 0;
        for (int a : kept) {
            moved = Math.max(moved, Math.abs(after[a] - before[a]));
        }
        return moved;
    }

    /**
     * A trial's score: how far the attribute's mean probability falls, less ten times any kept
     * attribute's move beyond the budget.
     */
    private static double score(double[] before, double[] after, int attribute, List<Integer> kept, double budget) {
        return before[attribute] - after[attribute] - 10 * Math.max(0, moved(before, after, kept) - budget);
    }

    /** Every attribute's mean probability over the search's samples, for trial removals of one layer. */
    private interface Trials extends AutoCloseable {
        /** With none of the layer's channels removed. */
        double[] before();

        /** For each j of {@code extra}: with {@code chosen} ∪ {j} removed; [extra.length][attributes]. */
        double[][] removing(BitSet chosen, int[] extra, BooleanSupplier cancelled, Tracker progress);

        @Override
        void close();
    }

    /** Any generator: every trial generates the samples in full with the mask, in batches of 100. */
    private static final class MaskedTrials implements Trials {
        private static final int BATCH = 100;
        private final GanModel model;
        private final ArithmeticEval.AttributeReader reader;
        private final int layer;
        private final float[] z;
        private final int n;
        private final ChannelMask others;

        MaskedTrials(GanModel model, ArithmeticEval.AttributeReader reader, int layer, float[] z, int n,
                ChannelMask others) {
            this.model = model;
            this.reader = reader;
            this.layer = layer;
            this.z = z;
            this.n = n;
            this.others = others;
        }

        @Override
        public double[] before() {
            return mean(others);
        }

        @Override
        public double[][] removing(BitSet chosen, int[] extra, BooleanSupplier cancelled, Tracker progress) {
            double[][] out = new double[extra.length][];
            for (int i = 0; i < extra.length; i++) {
                progress.check(cancelled);
                BitSet b = (BitSet) chosen.clone();
                b.set(extra[i]);
                out[i] = mean(others.withLayer(layer, b));
                progress.done(1);
            }
            return out;
        }

        private double[] mean(ChannelMask mask) {
            int nz = model.nz();
            int outs = reader.attributes().size();
            double[] sum = new double[outs];
            for (int off = 0; off < n; off += BATCH) {
                int b = Math.min(BATCH, n - off);
                Generated g = model.generate(Arrays.copyOfRange(z, off * nz, (off + b) * nz), b, mask, Set.of());
                float[] p = reader.probabilities(g.images(), b, g.height(), g.channels());
                for (int i = 0; i < b; i++) {
                    for (int a = 0; a < outs; a++) {
                        sum[a] += p[i * outs + a];
                    }
                }
            }
            for (int a = 0; a < outs; a++) {
                sum[a] /= n;
            }
            return sum;
        }

        @Override
        public void close() {}
    }

    /**
     * A DCGAN: the trunk's activation h [n, C, s, s] and the next stage's pre-activation P are
     * computed once; removing S is P − Σ_{c∈S} contribution(h, c) followed by the later stages.
     * Everything stays native until each trial's mean probabilities [attributes]. The samples go
     * through the later stages in chunks of at most {@code chunk} ({@link #chunk}); when all of them
     * fit in one, several trial removals share a pass.
     */
    private static final class SplitTrials implements Trials {
        private final SplitForward net;
        private final ArithmeticEval.AttributeReader reader;
        private final int layer;
        private final int n;
        private final Hooks hooks;
        private final NDManager manager;
        private final NDArray h;
        private final NDArray pre;
        private final int channels;
        /** Samples per pass at most. */
        private final int chunk;
        /** The first sample of each chunk, and n at the end. */
        private final int[] bounds;
        /** The trials' precision (the process's): in bfloat16 the later stages and the reader run their scripted passes. */
        final Precision precision = Precision.current();

        SplitTrials(GanModel model, SplitForward net, ArithmeticEval.AttributeReader reader, int layer, float[] z,
                int n, ChannelMask others, int chunk) {
            this.net = net;
            this.reader = reader;
            this.layer = layer;
            this.n = n;
            this.hooks = new Hooks(others, Set.of());
            this.chunk = chunk;
            int parts = (n + chunk - 1) / chunk; // equal chunks: 200 samples at 106 go as 100 + 100
            this.bounds = new int[parts + 1];
            for (int i = 0; i <= parts; i++) {
                bounds[i] = (int) ((long) n * i / parts);
            }
            this.manager = model.generator().params().manager().newSubManager();
            try {
                NDArray zs = manager.create(z, new Shape(n, model.nz()));
                this.h = net.trunk(zs, layer, hooks);
                this.pre = net.nextPre(h, layer);
                this.channels = (int) h.getShape().get(1);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }

        private int chunks() {
            return bounds.length - 1;
        }

        /** Rows [bounds[i], bounds[i+1]) of a (a view, no copy) owned by {@code into}, as {@link #view}. */
        private NDArray rows(NDArray a, int i, NDManager into) {
            if (chunks() == 1) {
                return view(a, into);
            }
            NDArray v = a.get(new NDIndex("{}:{}", bounds[i], bounds[i + 1]));
            v.attach(into);
            return v;
        }

        @Override
        public double[] before() {
            double[] sum = new double[reader.attributes().size()];
            for (int i = 0; i < chunks(); i++) {
                try (NDManager call = manager.newSubManager()) {
                    add(sum, sums(net.fromPre(rows(pre, i, call), layer, hooks, precision), 1)[0]);
                }
            }
            return divide(sum);
        }

        /**
         * A view of a (no copy) owned by {@code into}: every operation on it puts its result in
         * {@code into} (DJL attaches results to the first operand's manager), so closing that
         * manager frees a trial's intermediates while h and P stay.
         */
        private static NDArray view(NDArray a, NDManager into) {
            NDArray v = a.reshape(a.getShape());
            v.attach(into);
            return v;
        }

        @Override
        public double[][] removing(BitSet chosen, int[] extra, BooleanSupplier cancelled, Tracker progress) {
            double[][] out = new double[extra.length][];
            int per = chunks() == 1 ? Math.max(1, chunk / n) : 1; // trial removals per pass
            try (NDManager step = manager.newSubManager()) {
                // each chunk's pre-activation with the chosen channels removed: the next stage of h with them zeroed
                NDArray[] base = new NDArray[chunks()];
                NDArray[] hs = new NDArray[chunks()];
                NDArray keep = chosen.isEmpty() ? null : step.create(keepMask(chosen), new Shape(1, channels, 1, 1));
                for (int i = 0; i < chunks(); i++) {
                    hs[i] = rows(h, i, step);
                    base[i] = keep == null ? rows(pre, i, step) : net.nextPre(hs[i].mul(keep), layer);
                }
                for (int off = 0; off < extra.length; off += per) {
                    progress.check(cancelled);
                    int b = Math.min(per, extra.length - off);
                    double[][] sum = new double[b][reader.attributes().size()];
                    for (int i = 0; i < chunks(); i++) {
                        try (NDManager call = step.newSubManager()) {
                            NDArray hc = view(hs[i], call);
                            NDArray bc = view(base[i], call);
                            NDList parts = new NDList(b);
                            for (int t = 0; t < b; t++) {
                                parts.add(bc.sub(net.contribution(hc, layer, extra[off + t])));
                            }
                            NDArray batch = b == 1 ? parts.get(0) : NDArrays.concat(parts, 0); // [b·rows, C', 2s, 2s]
                            double[][] m = sums(net.fromPre(batch, layer, hooks, precision), b);
                            for (int t = 0; t < b; t++) {
                                add(sum[t], m[t]);
                            }
                        }
                    }
                    for (int t = 0; t < b; t++) {
                        out[off + t] = divide(sum[t]);
                    }
                    progress.done(b);
                }
            }
            return out;
        }

        private float[] keepMask(BitSet chosen) {
            float[] keep = new float[channels];
            for (int c = 0; c < channels; c++) {
                keep[c] = chosen.get(c) ? 0f : 1f;
            }
            return keep;
        }

        /**
         * One forward and backward pass with {@code chosen} removed, over the first chunks that hold at
         * least {@link #ESTIMATE_SAMPLES} samples (all of them when there are fewer; each chunk's
         * gradient of its share of the mean): for each channel c the first-order estimate of how much
         * removing c as well lowers attribute {@code a}'s mean probability, Σ ∂p_a/∂h_c · h_c (0 for the
         * removed). Takes the process's gradient collector (waiting for a training step, polling
         * {@code cancelled}).
         */
        double[] estimate(BitSet chosen, int a, BooleanSupplier cancelled, Tracker progress) {
            double[] d = new double[channels];
            int parts = 1;
            while (parts < chunks() && bounds[parts] < ESTIMATE_SAMPLES) {
                parts++;
            }
            int used = bounds[parts];
            for (int i = 0; i < parts; i++) {
                try (NDManager call = manager.newSubManager()) {
                    NDArray hm = rows(h, i, call);
                    if (!chosen.isEmpty()) {
                        hm = hm.mul(call.create(keepMask(chosen), new Shape(1, channels, 1, 1)));
                    }
                    NDArray leaf = hm.duplicate(); // a leaf of its own: gradients land here, h stays untouched
                    leaf.setRequiresGradient(true);
                    lockCollector(cancelled, progress);
                    try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                        NDArray p = reader.probabilities(net.fromPre(net.nextPre(leaf, layer), layer, hooks)); // [rows, A]
                        gc.backward(p.get(":, " + a).sum().div(used)); // this chunk's share of the mean
                    } finally {
                        TorchRuntime.COLLECTOR_LOCK.unlock();
                    }
                    float[] drop = leaf.getGradient().mul(leaf).sum(new int[] {0, 2, 3}).toFloatArray();
                    for (int c = 0; c < channels; c++) {
                        d[c] += chosen.get(c) ? 0 : drop[c];
                    }
                }
            }
            progress.done(GRADIENT_COST);
            return d;
        }

        /** Takes the collector lock, polling {@code cancelled} every 50 ms while a training step holds it. */
        private static void lockCollector(BooleanSupplier cancelled, Tracker progress) {
            try {
                while (!TorchRuntime.COLLECTOR_LOCK.tryLock(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    progress.check(cancelled);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("search interrupted");
            }
        }

        /** Images [b·r, C, H, W] (b trials of the same r samples each) → each trial's summed probabilities. */
        private double[][] sums(NDArray images, int b) {
            NDArray p = reader.probabilities(images, precision); // [b·r, A]
            int outs = reader.attributes().size();
            float[] m = p.reshape(b, -1, outs).sum(new int[] {1}).toFloatArray(); // [b, A]
            double[][] out = new double[b][outs];
            for (int i = 0; i < b; i++) {
                for (int a = 0; a < outs; a++) {
                    out[i][a] = m[i * outs + a];
                }
            }
            return out;
        }

        private static void add(double[] into, double[] x) {
            for (int a = 0; a < into.length; a++) {
                into[a] += x[a];
            }
        }

        private double[] divide(double[] sum) {
            double[] mean = new double[sum.length];
            for (int a = 0; a < sum.length; a++) {
                mean[a] = sum[a] / n;
            }
            return mean;
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
