package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import dev.latentlab.eval.ArithmeticEval.AttributeReader;
import dev.latentlab.eval.ArithmeticEval.Pool;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.ClosedFormDirections;
import dev.latentlab.latent.ClosedFormDirections.Directions;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.FittedDirections.SefaLabel;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.GeneratorChecksum;
import dev.latentlab.nn.NetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fits a model's attribute directions from classifier-labelled samples and labels its SeFa
 * directions by what the classifier sees change along them.
 * <ol>
 *   <li>{@code samples} z ~ N(0, I) from {@code seed} are generated and read by the classifier
 *       once ({@link ArithmeticEval#labelPool}); a sample has an attribute when p &gt; 0.5.</li>
 *   <li>Per attribute, a linear classifier on z gives the boundary ({@link AttributeDirections.Fitter});
 *       an attribute the generator never or always draws gets none (listed in the notes).</li>
 *   <li>Per SeFa direction v (top {@link #SEFA_TOP}), the first {@code sefaSamples} z of the
 *       pool are moved to z ± 3v and classified: the label is the mean of p(z + 3v) − p(z − 3v).</li>
 * </ol>
 */
public final class DirectionFit {
    public static final int SEFA_TOP = 10;
    public static final double SEFA_REACH = 3;

    public static final class Options {
        public int samples = 3000;
        public long seed = 1;
        public int sefaSamples = 64;
        public int batch = 100;
    }

    /** The fit and what it could not fit. */
    public record Result(FittedDirections directions, List<String> notes) {}

    private DirectionFit() {}

    public static ModelRef ref(GanModel m) {
        return new ModelRef(m.name(), m.nz(), m.spec().imageSize(), m.spec().channels(), GeneratorChecksum.of(m));
    }

    public static Result fit(GanModel m, AttributeReader reader, String classifierName, Options o, ProgressBar bar) {
        long t0 = System.nanoTime();
        ModelRef ref = ref(m);
        Pool pool = ArithmeticEval.labelPool(m, reader, o.samples, o.seed, o.batch, bar);
        List<String> notes = new ArrayList<>();
        List<Boundary> boundaries = boundaries(pool, o.seed, notes);
        List<SefaLabel> labels = new ArrayList<>();
        Directions sefa = closedForm(m, SEFA_TOP);
        if (sefa == null) {
            notes.add("no SeFa labels: the first layer cannot be factorised for this model");
        } else if (o.sefaSamples > 0) {
            labels = labelSefa(m, reader, sefa, pool, Math.min(o.sefaSamples, pool.count()), o.batch, bar);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(new FittedDirections(ref, classifierName, o.samples, o.seed, seconds, boundaries, labels),
                notes);
    }

    /**
     * The model's directions: from its cache when that was fitted for these weights by this
     * classifier (and {@code refit} is false), else fitted now and written to the cache (a note
     * says where, or why it could not be written). Directions picked for these weights stay.
     */
    public static Result cachedOrFit(GanModel m, AttributeReader reader, String classifierName, Options o,
            boolean refit, ProgressBar bar) {
        Path cache = m.path() == null ? null : FittedDirections.cacheFor(m.path());
        ModelRef ref = ref(m);
        if (!refit) {
            Optional<FittedDirections> f = FittedDirections.cached(cache, ref);
            if (f.isPresent() && classifierName.equals(f.get().classifier())) {
                return new Result(f.get(), List.of("directions from " + cache + " (fitted for this generator, "
                        + ref.checksum() + ", by " + classifierName + "; --refit to fit again)"));
            }
        }
        Result r = fit(m, reader, classifierName, o, bar);
        List<String> notes = new ArrayList<>(r.notes());
        FittedDirections fitted = r.directions();
        Optional<FittedDirections> before = FittedDirections.cached(cache, ref);
        if (before.isPresent() && !before.get().picked().isEmpty()) {
            fitted = fitted.withPicked(before.get().picked());
            notes.add("kept the picked directions " + before.get().picked().stream()
                    .map(FittedDirections.PickedDirection::name).toList());
        }
        if (cache != null) {
            try {
                fitted.save(cache);
                notes.add("fitted in " + String.format(java.util.Locale.ROOT, "%.1f", fitted.seconds())
                        + " s and saved to " + cache);
            } catch (IOException e) {
                notes.add("fitted, but the cache " + cache + " could not be written: " + e.getMessage());
            }
        }
        return new Result(fitted, notes);
    }

    /**
     * One boundary per attribute of a labelled pool (has it: p &gt; 0.5); attributes with one
     * side only get a note instead.
     */
    public static List<Boundary> boundaries(Pool pool, long seed, List<String> notes) {
        List<Boundary> out = new ArrayList<>();
        AttributeDirections.Fitter fitter = new AttributeDirections.Fitter(pool.z(), pool.nz(), pool.count(), seed);
        for (String a : pool.attributes()) {
            boolean[] y = new boolean[pool.count()];
            for (int i = 0; i < y.length; i++) {
                y[i] = pool.probability(i, a) > 0.5f;
            }
            try {
                out.add(fitter.fit(a, y));
            } catch (IllegalArgumentException e) {
                notes.add("no direction for " + e.getMessage());
            }
        }
        return out;
    }

    static List<SefaLabel> labelSefa(GanModel m, AttributeReader reader, Directions sefa, Pool pool, int n, int batch,
            ProgressBar bar) {
        List<String> attrs = reader.attributes();
        int na = attrs.size();
        int nz = pool.nz();
        List<SefaLabel> out = new ArrayList<>();
        bar.start("labelling SeFa directions", (long) sefa.count() * 2 * n);
        for (int d = 0; d < sefa.count(); d++) {
            double[] sum = new double[na];
            for (int sign : new int[] {1, -1}) {
                for (int off = 0; off < n; off += batch) {
                    int c = Math.min(batch, n - off);
                    float[] z = new float[c * nz];
                    for (int i = 0; i < c; i++) {
                        System.arraycopy(Prior.move(pool.z(off + i), sefa.vectors()[d], sign * SEFA_REACH), 0, z,
                                i * nz, nz);
                    }
                    float[] p = ArithmeticEval.classify(m, reader, z, c);
                    for (int i = 0; i < c; i++) {
                        for (int k = 0; k < na; k++) {
                            sum[k] += sign * p[i * na + k];
                        }
                    }
                    bar.advance(c);
                }
            }
            Map<String, Double> change = new LinkedHashMap<>();
            for (int k = 0; k < na; k++) {
                change.put(attrs.get(k), Math.round(1000 * 100 * sum[k] / n) / 1000.0);
            }
            out.add(new SefaLabel(d + 1, sefa.eigenvalues()[d], change));
        }
        bar.finish();
        return out;
    }

    /**
     * The top closed-form directions of a model's first layer (DCGAN's first ConvTranspose2d or
     * the MLP's first Linear), or null when that layer has another shape.
     */
    public static Directions closedForm(GanModel m, int top) {
        NetSpec spec = m.spec();
        NDArray w = m.generator().params().get("main.0.weight");
        long[] shape = w.getShape().getShape();
        float[] values = w.toFloatArray();
        if (spec.arch() == NetSpec.Arch.DCGAN && shape.length == 4 && shape[0] == spec.nz()) {
            return ClosedFormDirections.fromConvTranspose(values, spec.nz(), top);
        }
        if (spec.arch() == NetSpec.Arch.MLP && shape.length == 2 && shape[1] == spec.nz()) {
            return ClosedFormDirections.fromRows(values, (int) shape[0], spec.nz(), top);
        }
        return null;
    }
}
