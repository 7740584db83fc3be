package dev.latentlab.eval;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import dev.latentlab.nn.LayerInfo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The effect of removing a generator layer's channels on what a classifier sees: the DCGAN
 * paper's "forgetting to draw windows", measured. Channels are ranked on one set of samples
 * (classifier-labelled: mean activation with the attribute minus without), the top k are removed,
 * and attribute rates are compared on another set, the same z with and without the mask.
 *
 * <p>Also the model-side work of the Ablate view, as functions to run on the render thread
 * ({@code RenderService.submit}) that return plain values.
 */
public final class AblationEval {
    private AblationEval() {}

    /** Derives the ranking set's seed from the evaluation seed, so the two sets never share z. */
    static long rankingSeed(long seed) {
        return seed ^ 0x5DEECE66DL * 31 + 0x9E3779B97F4A7C15L;
    }

    public static final class Options {
        public int layer;
        public int attribute;
        public int k;
        public int samples = 1000;
        public long seed = 1;
        public int batch = 100;
        /** Attributes whose rates should stay: with {@code selective}, channels that go with them rank lower. */
        public List<Integer> keep = List.of();
        /** How channels are ranked; {@link Ranking#SEARCH} picks the k channels themselves. */
        public Ranking ranking = Ranking.DIFFERENCE;
        /** For {@link Ranking#SEARCH}: how hard it searches (samples, candidates, budget). */
        public RemovalSearch.Settings search = RemovalSearch.Settings.DEFAULT;
        /** For {@link Ranking#GIVEN}: the channels to remove, k of them (a removal found earlier, re-measured). */
        public int[] channels = new int[0];
        /**
         * For {@link Ranking#SEARCH}: a second reader of the same attributes; the search then selects
         * with the mean of both ({@link ArithmeticEval#mean}). null: the classifier alone.
         */
        public Classifier alsoSelect = null;
    }

    /** The rankings {@code eval ablation} offers. */
    public enum Ranking {
        /** Mean activation with the attribute minus without ({@link ChannelRanking#meanDifference}). */
        DIFFERENCE,
        /** The same made selective against the kept attributes ({@link ChannelRanking#selectiveDifference}). */
        SELECTIVE,
        /** Removal itself measured: {@link RemovalSearch}. */
        SEARCH,
        /** The channels in {@link Options#channels}, as given (no ranking samples). */
        GIVEN
    }

    /** An attribute's rate before and after removing the channels. */
    public record Rate(String attribute, double before, double after) {
        /** (before − after) / before; NaN when before is 0. */
        public double relativeDrop() {
            return before == 0 ? Double.NaN : (before - after) / before;
        }

        /** after − before in percentage points. */
        public double movedPoints() {
            return 100 * (after - before);
        }
    }

    /**
     * What one run measured: the ranking, the removed channels and every attribute's rates.
     * {@code rankingWith} is how many ranking samples had the attribute (−1 for the search, which
     * measures removal rather than comparing samples with and without it).
     */
    public record Report(LayerInfo layer, String attribute, int k, int[] removed, ChannelRanking ranking,
            int rankingWith, int rankingSamples, List<Rate> rates, RemovalSamples seen) {
        public Rate target() {
            return rates.stream().filter(r -> r.attribute().equals(attribute)).findFirst().orElseThrow();
        }
    }

    /** Ranks on a separate seeded set, removes the top k, and measures every attribute on {@code o.samples}. */
    public static Report run(GanModel model, Classifier c, Options o, ProgressBar bar) {
        return run(model, c, o, bar, 0);
    }

    /**
     * The same, keeping the evaluation set's first {@code faces} samples the classifier reads as
     * having the attribute, before and after ({@link Report#seen}; {@code eval ablation --grid}).
     */
    public static Report run(GanModel model, Classifier c, Options o, ProgressBar bar, int faces) {
        LayerInfo layer = layer(model, o.layer);
        if (o.k < 1 || o.k > layer.channels()) {
            throw new IllegalArgumentException("--k must be within 1.." + layer.channels() + " (the layer's channels)");
        }
        ChannelRanking ranking;
        int rankingWith = -1;
        int rankingSamples = o.search.samples();
        if (o.ranking == Ranking.GIVEN) {
            if (o.channels.length != o.k) {
                throw new IllegalArgumentException("--channels lists " + o.channels.length + " channels, --k is " + o.k);
            }
            ranking = new ChannelRanking("the channels given", new double[layer.channels()], o.channels);
            rankingSamples = 0;
        } else if (o.ranking == Ranking.SEARCH) {
            List<String> names = c.info().outputs;
            RemovalSearch.Request request = RemovalSearch.Request.of(o.layer, names.get(o.attribute), o.k)
                    .withKeep(o.keep.stream().map(names::get).toList()).withSettings(o.search)
                    .withSeed(rankingSeed(o.seed));
            ArithmeticEval.AttributeReader selector = o.alsoSelect == null ? ArithmeticEval.outputsReader(c)
                    : ArithmeticEval.mean(ArithmeticEval.outputsReader(c), ArithmeticEval.outputsReader(o.alsoSelect));
            ranking = RemovalSearch.run(model, selector, request, bar, () -> false);
        } else {
            Labelled ranked = label(model, c, o.layer, o.attribute, o.samples, rankingSeed(o.seed), o.batch,
                    ChannelMask.none(), bar, "ranking samples");
            ranking = ranked.ranking();
            rankingWith = ranked.with();
            rankingSamples = ranked.samples();
            if (o.ranking == Ranking.SELECTIVE) {
                List<boolean[]> keep = new ArrayList<>();
                for (int k : o.keep) {
                    if (k != o.attribute) {
                        keep.add(ranked.labels(k));
                    }
                }
                ranking = ChannelRanking.selectiveDifference(ranked.means(), ranked.samples(), layer.channels(),
                        ranked.labels(o.attribute), keep);
            }
        }
        int[] top = ranking.top(o.k);
        ChannelMask mask = ChannelMask.none().withLayer(o.layer, ranking.topSet(o.k));
        RemovalSamples seen = new RemovalSamples(c.info().outputs, o.attribute, faces);
        Random r = new Random(o.seed);
        int nz = model.nz();
        bar.start("before / after", o.samples);
        for (int start = 0; start < o.samples; start += o.batch) {
            int b = Math.min(o.batch, o.samples - start);
            float[] z = gaussian(r, b * nz);
            seen.add(c, model.generate(z, b, ChannelMask.none(), Set.of()), model.generate(z, b, mask, Set.of()));
            bar.advance(b);
        }
        bar.finish();
        return new Report(layer, c.info().outputs.get(o.attribute), o.k, top, ranking, rankingWith, rankingSamples,
                seen.rates(), seen);
    }

    /**
     * A classifier-difference ranking and how many of its samples had the attribute; with the
     * samples' mean activations [N, C] and every attribute's labels [N × outputs].
     */
    public record Labelled(ChannelRanking ranking, int with, int samples, float[] means, boolean[] all, int outputs) {
        /** The labels of one attribute. */
        public boolean[] labels(int attribute) {
            boolean[] b = new boolean[samples];
            for (int i = 0; i < samples; i++) {
                b[i] = all[i * outputs + attribute];
            }
            return b;
        }
    }

    /**
     * Generates {@code samples} images from the seed (with {@code mask} applied), labels them
     * with the classifier (p ≥ 0.5) and ranks the layer's channels by mean activation with the
     * attribute minus without.
     */
    public static Labelled label(GanModel model, Classifier c, int layerIndex, int attribute, int samples, long seed,
            int batch, ChannelMask mask, ProgressBar bar, String what) {
        LayerInfo layer = layer(model, layerIndex);
        int ch = layer.channels();
        float[] means = new float[samples * ch];
        boolean[] has = new boolean[samples];
        int outs = c.outputs();
        boolean[] all = new boolean[samples * outs];
        int with = 0;
        Random r = new Random(seed);
        int nz = model.nz();
        bar.start(what, samples);
        for (int start = 0; start < samples; start += batch) {
            int b = Math.min(batch, samples - start);
            Generated g = model.generate(gaussian(r, b * nz), b, mask, Set.of(layerIndex));
            Generated.Activations a = g.activations().get(layerIndex);
            float[] m = ChannelRanking.spatialMeans(a.values(), b, a.channels(), a.height(), a.width());
            System.arraycopy(m, 0, means, start * ch, m.length);
            Classifier.Outputs out = c.run(g.images(), b, g.height(), g.channels());
            for (int i = 0; i < b; i++) {
                for (int k = 0; k < outs; k++) {
                    all[(start + i) * outs + k] = out.probability(i, k) >= 0.5f;
                }
                has[start + i] = out.probability(i, attribute) >= 0.5f;
                with += has[start + i] ? 1 : 0;
            }
            bar.advance(b);
        }
        bar.finish();
        if (with == 0 || with == samples) {
            throw new IllegalStateException("the classifier calls " + (with == 0 ? "none" : "all") + " of the "
                    + samples + " ranking samples " + c.info().outputs.get(attribute)
                    + ": no difference to rank channels by (more --samples, or another attribute)");
        }
        return new Labelled(ChannelRanking.meanDifference(means, samples, ch, has), with, samples, means, all, outs);
    }

    static LayerInfo layer(GanModel model, int index) {
        List<LayerInfo> layers = model.layers();
        for (LayerInfo l : layers) {
            if (l.index() == index) {
                return l;
            }
        }
        throw new IllegalArgumentException("no hidden layer " + index + " (the generator has " + layers.size()
                + ": 0.." + (layers.size() - 1) + ")");
    }

    /**
     * The default layer to ablate: the second hidden layer when there are at least three (8×8 in a
     * 64×64 DCGAN: coarse enough for objects like a hat, fine enough to place them), else the first.
     */
    public static int defaultLayer(List<LayerInfo> layers) {
        return layers.size() >= 3 ? layers.get(1).index() : layers.get(0).index();
    }

    static float[] gaussian(Random r, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) r.nextGaussian();
        }
        return z;
    }

    // ---- the Ablate view's work, run on the render thread ----

    /** The generator's hidden layers. */
    public static Function<GanModel, List<LayerInfo>> layers() {
        return GanModel::layers;
    }

    /**
     * One layer's maps: for the current z ({@code current}: [C, H, W]) and the mean over a batch
     * ({@code batchMean}: [C, H, W]), plus each channel's mean over the batch and its positions.
     * The layer's own removed channels are not applied (the maps show what each channel would
     * draw); masks on other layers are.
     */
    public record LayerMaps(LayerInfo layer, float[] current, float[] batchMean, float[] channelMean) {
        public int plane() {
            return layer.height() * layer.width();
        }
    }

    public static Function<GanModel, LayerMaps> maps(float[] z, float[] batchZ, int batchCount, int layerIndex,
            ChannelMask mask) {
        float[] zc = z.clone();
        float[] bz = batchZ.clone();
        return model -> {
            LayerInfo layer = layer(model, layerIndex);
            ChannelMask others = mask.withLayer(layerIndex, new BitSet());
            Generated.Activations cur = model.generate(zc, 1, others, Set.of(layerIndex)).activations().get(layerIndex);
            int per = layer.channels() * layer.height() * layer.width();
            double[] sum = new double[per];
            int nz = model.nz();
            for (int off = 0; off < batchCount; off += 16) {
                int n = Math.min(16, batchCount - off);
                float[] part = new float[n * nz];
                System.arraycopy(bz, off * nz, part, 0, part.length);
                float[] v = model.generate(part, n, others, Set.of(layerIndex)).activations().get(layerIndex).values();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < per; j++) {
                        sum[j] += v[i * per + j];
                    }
                }
            }
            float[] mean = new float[per];
            for (int j = 0; j < per; j++) {
                mean[j] = (float) (sum[j] / batchCount);
            }
            float[] chMean = ChannelRanking.spatialMeans(mean, 1, layer.channels(), layer.height(), layer.width());
            return new LayerMaps(layer, cur.values(), mean, chMean);
        };
    }

    /** Activations of one layer for {@code count} latent vectors (with the mask of the other layers). */
    public static Function<GanModel, Generated.Activations> activations(float[] z, int count, int layerIndex,
            ChannelMask mask) {
        float[] zc = z.clone();
        return model -> model.generate(zc, count, mask.withLayer(layerIndex, new BitSet()), Set.of(layerIndex))
                .activations().get(layerIndex);
    }

    /**
     * The classifier-difference ranking for the view: {@code samples} seeded samples, labelled by
     * the classifier at {@code classifierDir} (opened and closed on the render thread).
     */
    public static Function<GanModel, Labelled> classifierRanking(java.nio.file.Path classifierDir, String attribute,
            List<String> keep, int layerIndex, int samples, long seed, ChannelMask mask) {
        return model -> {
            try (Classifier c = Classifier.open(classifierDir)) {
                int a = c.info().outputs.indexOf(attribute);
                if (a < 0) {
                    throw new IllegalArgumentException("the classifier has no attribute " + attribute);
                }
                Labelled l = label(model, c, layerIndex, a, samples, seed, 50, mask.withLayer(layerIndex, new BitSet()),
                        ProgressBar.silent(), "ranking");
                List<boolean[]> kept = new ArrayList<>();
                for (String k : keep) {
                    int i = c.info().outputs.indexOf(k);
                    if (i >= 0 && i != a) {
                        kept.add(l.labels(i));
                    }
                }
                if (kept.isEmpty()) {
                    return l;
                }
                ChannelRanking r = ChannelRanking.selectiveDifference(l.means(), l.samples(),
                        l.ranking().channels(), l.labels(a), kept);
                return new Labelled(r, l.with(), l.samples(), l.means(), l.all(), l.outputs());
            }
        };
    }

    /**
     * The removal search ({@link RemovalSearch}) for the view, in two parts so that it does not hold
     * the render thread: the function runs there and only copies the model's weights
     * ({@link GanModel#copier}); the callable it returns runs the search on the caller's own
     * thread, with its own copy of the model and the classifier at {@code classifierDir} (both
     * closed at the end). {@code progress} receives the fraction done on the search thread. When
     * {@code cancelled} turns true the callable throws {@link CancellationException}.
     */
    public static Function<GanModel, Callable<ChannelRanking>> removalSearch(java.nio.file.Path classifierDir,
            RemovalSearch.Request request, DoubleConsumer progress, BooleanSupplier cancelled) {
        return model -> {
            Supplier<GanModel> copy = model.copier();
            return () -> {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("ablation search cancelled");
                }
                try (GanModel m = copy.get(); Classifier c = Classifier.open(classifierDir)) {
                    return RemovalSearch.run(m, ArithmeticEval.outputsReader(c), request, progress, cancelled);
                }
            };
        };
    }
}
