package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import dev.latentlab.latent.ConceptStore;
import dev.latentlab.latent.ConceptStore.ModelIdentity;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.render.Pixels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The success rate of concept arithmetic, checked by an attribute classifier (the way
 * InterFaceGAN checks its edits; the DCGAN paper shows pictures but gives no figure).
 *
 * <ol>
 *   <li>A pool: {@code pool} samples z ~ N(0, I), generated and classified once.</li>
 *   <li>A concept ("smiling woman" = Smiling and not Male) is the set of pool samples whose
 *       listed attributes the classifier reads with probability ≥ {@code confidence} (or ≤ 1 −
 *       {@code confidence} for "not"); other attributes are left free.</li>
 *   <li>A trial draws {@code exemplars} distinct members of each of A, B, C, computes
 *       z = mean C + (mean A − mean B) and its 8 neighbours z + U(−r, r), generates the 9 images
 *       and classifies them. A cell reads as the target when each target attribute has
 *       probability &gt; 0.5 (or &lt; 0.5 for "not").</li>
 *   <li>The result is judged by every reader of a {@link Judges} panel (the selecting classifier
 *       and, when given, independent ones): a cell reads as the target for a reader when each
 *       target attribute is surely on its side (p ≥ {@code sure}, or ≤ 1 − {@code sure} for
 *       "not"); in between is unsure, never a success. Success, two ways, both reported:
 *       {@code centre} — every reader surely reads the result itself, G(z), as the target (the
 *       primary figure: it is the image the paper's arithmetic produces); {@code majority} — at
 *       least 5 of the 9 cells are such agreed successes. Each reader's own rate, and the shares
 *       of unsure and contested centres, come beside them.</li>
 * </ol>
 * The same trials with one exemplar per concept give the contrast the paper reports (single
 * samples are unstable). Every draw comes from the seed: same seed, same figures.
 */
public final class ArithmeticEval {
    /** The attributes a concept requires: true = present, false = absent; others are free. */
    public record ConceptSpec(String name, Map<String, Boolean> attributes) {
        public ConceptSpec {
            attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    /** A − B + C and the attributes its result should show. */
    public record ExpressionSpec(String id, ConceptSpec a, ConceptSpec b, ConceptSpec c, Map<String, Boolean> target) {
        public String describe() {
            return a.name() + " − " + b.name() + " + " + c.name();
        }

        public List<ConceptSpec> concepts() {
            return List.of(a, b, c);
        }
    }

    private static Map<String, Boolean> attrs(Object... kv) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Boolean) kv[i + 1]);
        }
        return m;
    }

    public static final ConceptSpec SMILING_WOMAN = new ConceptSpec("smiling woman", attrs("Smiling", true, "Male", false));
    public static final ConceptSpec NEUTRAL_WOMAN = new ConceptSpec("neutral woman", attrs("Smiling", false, "Male", false));
    public static final ConceptSpec NEUTRAL_MAN = new ConceptSpec("neutral man", attrs("Smiling", false, "Male", true));
    public static final ConceptSpec MAN_WITH_GLASSES = new ConceptSpec("man with glasses",
            attrs("Eyeglasses", true, "Male", true));
    public static final ConceptSpec MAN_WITHOUT_GLASSES = new ConceptSpec("man without glasses",
            attrs("Eyeglasses", false, "Male", true));
    public static final ConceptSpec WOMAN_WITHOUT_GLASSES = new ConceptSpec("woman without glasses",
            attrs("Eyeglasses", false, "Male", false));

    /** The DCGAN paper's two face analogies. */
    public static final List<ExpressionSpec> EXPRESSIONS = List.of(
            new ExpressionSpec("smiling_man", SMILING_WOMAN, NEUTRAL_WOMAN, NEUTRAL_MAN,
                    attrs("Smiling", true, "Male", true)),
            new ExpressionSpec("woman_with_glasses", MAN_WITH_GLASSES, MAN_WITHOUT_GLASSES, WOMAN_WITHOUT_GLASSES,
                    attrs("Eyeglasses", true, "Male", false)));

    /** The six concepts of {@link #EXPRESSIONS}, in order of first use. */
    public static final List<ConceptSpec> CONCEPTS = List.of(SMILING_WOMAN, NEUTRAL_WOMAN, NEUTRAL_MAN,
            MAN_WITH_GLASSES, MAN_WITHOUT_GLASSES, WOMAN_WITHOUT_GLASSES);

    /** What reads attributes from images: a classifier, or a stub in tests. */
    public interface AttributeReader {
        List<String> attributes();

        /** Probabilities, row-major: {@code count} rows of {@code attributes().size()}. */
        float[] probabilities(float[] images, int count, int size, int channels);

        /**
         * The same for images in an NDArray [N, C, S, S]: probabilities [N, attributes] in the
         * images' manager. By default through {@link #probabilities(float[], int, int, int)}; a
         * classifier keeps it native.
         */
        default NDArray probabilities(NDArray images) {
            Shape s = images.getShape();
            float[] p = probabilities(images.toFloatArray(), (int) s.get(0), (int) s.get(2), (int) s.get(1));
            return images.getManager().create(p, new Shape(s.get(0), attributes().size()));
        }

        /**
         * The same in a given precision, for passes no gradient goes through (the removal search's
         * trials); by default {@link #probabilities(NDArray)}, which is float32.
         */
        default NDArray probabilities(NDArray images, dev.latentlab.nn.Precision precision) {
            return probabilities(images);
        }

        /**
         * Whether {@link #probabilities(NDArray)} on images of this shape is one native computation that
         * gradients flow through (the removal search's estimates need it); false by default.
         */
        default boolean differentiable(int size, int channels) {
            return false;
        }
    }

    /**
     * Two readers of the same attributes as one: each probability the mean of theirs. A search
     * that selects with it has to move both readers, so a shortcut only one of them takes (a
     * colour, a texture) is worth half as much to it.
     */
    public static AttributeReader mean(AttributeReader a, AttributeReader b) {
        if (!a.attributes().equals(b.attributes())) {
            throw new IllegalArgumentException("the two readers read different attributes: " + a.attributes() + " and "
                    + b.attributes());
        }
        return new AttributeReader() {
            @Override
            public List<String> attributes() {
                return a.attributes();
            }

            @Override
            public float[] probabilities(float[] images, int count, int size, int channels) {
                float[] p = a.probabilities(images, count, size, channels);
                float[] q = b.probabilities(images, count, size, channels);
                float[] out = new float[p.length];
                for (int i = 0; i < p.length; i++) {
                    out[i] = (p[i] + q[i]) / 2;
                }
                return out;
            }

            @Override
            public NDArray probabilities(NDArray images) {
                return a.probabilities(images).add(b.probabilities(images)).div(2);
            }

            @Override
            public NDArray probabilities(NDArray images, dev.latentlab.nn.Precision precision) {
                // the two may answer in different number formats: the mean is taken in float32
                return a.probabilities(images, precision).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                        .add(b.probabilities(images, precision).toType(ai.djl.ndarray.types.DataType.FLOAT32, false))
                        .div(2);
            }

            @Override
            public boolean differentiable(int size, int channels) {
                return a.differentiable(size, channels) && b.differentiable(size, channels);
            }
        };
    }

    /** A multi-label classifier as an attribute reader. */
    public static AttributeReader reader(Classifier c) {
        if (!c.info().multiLabel()) {
            throw new IllegalArgumentException("arithmetic needs an attribute classifier (faces), not " + c.info().kind);
        }
        return outputsReader(c);
    }

    /** Any classifier (attributes or classes) as a reader of its per-output probabilities. */
    public static AttributeReader outputsReader(Classifier c) {
        return new AttributeReader() {
            @Override
            public List<String> attributes() {
                return c.info().outputs;
            }

            @Override
            public float[] probabilities(float[] images, int count, int size, int channels) {
                return c.run(images, count, size, channels).probabilities();
            }

            @Override
            public NDArray probabilities(NDArray images) {
                Shape s = images.getShape();
                return c.readsAsIs((int) s.get(2), (int) s.get(1)) ? c.probabilities(images)
                        : AttributeReader.super.probabilities(images);
            }

            @Override
            public NDArray probabilities(NDArray images, dev.latentlab.nn.Precision precision) {
                Shape s = images.getShape();
                return c.readsAsIs((int) s.get(2), (int) s.get(1)) ? c.probabilities(images, precision)
                        : AttributeReader.super.probabilities(images);
            }

            @Override
            public boolean differentiable(int size, int channels) {
                return c.readsAsIs(size, channels);
            }
        };
    }

    public static final class Options {
        public int pool = 5000;
        public int trials = 200;
        public long seed = 1;
        public int exemplars = 3;
        public double noise = ConceptArithmetic.DEFAULT_NOISE;
        public double confidence = 0.7;
        public int batch = 100;
        /** How sure a judging reader must be ({@link Judges}). */
        public double sure = Judges.DEFAULT_SURE;
        /** Pool samples judged by every reader for the base rate. */
        public int baseSamples = 1000;
        /** Trials per expression (with {@link #exemplars} exemplars) kept in {@link Report#shown}, to be seen. */
        public int shown = 0;
    }

    public record Figure(String name, double value) {
        public String formatted() {
            return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
        }
    }

    /**
     * One trial kept to be looked at: its exemplars' z (k of A, then of B, then of C, row by row),
     * the result's z (the centre, mean C + mean A − mean B) and how the readers judged the result.
     */
    public record Shown(String expression, int exemplars, float[] exemplarZ, float[] resultZ, Outcome outcome) {}

    /** How the readers judged a result, with the colour a sheet frames it in. */
    public enum Outcome {
        /** every reader surely reads the target */
        AGREED(0xff2ea043),
        /** a reader surely reads it absent */
        NO(0xffd1242f),
        /** no reader says no, not all are sure */
        UNSURE(0xffd4a72c),
        /** one reader says yes, another no */
        CONTESTED(0xffbf3989);

        public final int argb;

        Outcome(int argb) {
            this.argb = argb;
        }
    }

    public record Report(List<String> notes, List<Figure> figures, List<Shown> shown) {
        public Report(List<String> notes, List<Figure> figures) {
            this(notes, figures, List.of());
        }

        public double value(String name) {
            return figures.stream().filter(f -> f.name().equals(name)).mapToDouble(Figure::value).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no figure " + name));
        }
    }

    /** Classifier-labelled samples: z row by row and the attribute probabilities of G(z). */
    public record Pool(int nz, float[] z, List<String> attributes, float[] probabilities, int count) {
        public float[] z(int i) {
            return Arrays.copyOfRange(z, i * nz, (i + 1) * nz);
        }

        public float probability(int i, String attribute) {
            int k = attributes.indexOf(attribute);
            if (k < 0) {
                throw new IllegalArgumentException("the classifier does not read " + attribute + " (it reads "
                        + attributes + ")");
            }
            return probabilities[i * attributes.size() + k];
        }

        /** How surely sample i shows the spec: the least sure of its attributes (0.5 = a coin). */
        public double confidence(int i, Map<String, Boolean> spec) {
            double c = 1;
            for (Map.Entry<String, Boolean> e : spec.entrySet()) {
                float p = probability(i, e.getKey());
                c = Math.min(c, e.getValue() ? p : 1 - p);
            }
            return c;
        }

        /** The samples that show the spec with at least {@code confidence}, most confident first. */
        public int[] members(Map<String, Boolean> spec, double confidence) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (confidence(i, spec) >= confidence) {
                    idx.add(i);
                }
            }
            return byConfidence(idx, spec);
        }

        /** The {@code n} most confident samples for the spec, whatever their confidence. */
        public int[] top(Map<String, Boolean> spec, int n) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                idx.add(i);
            }
            int[] all = byConfidence(idx, spec);
            return Arrays.copyOf(all, Math.min(n, all.length));
        }

        private int[] byConfidence(List<Integer> idx, Map<String, Boolean> spec) {
            return idx.stream().sorted((a, b) -> {
                int c = Double.compare(confidence(b, spec), confidence(a, spec));
                return c != 0 ? c : Integer.compare(a, b);
            }).mapToInt(Integer::intValue).toArray();
        }

        /** Share of the pool whose images read as the target. */
        public double rate(Map<String, Boolean> target) {
            int hit = 0;
            for (int i = 0; i < count; i++) {
                if (reads(probabilities, i * attributes.size(), attributes, target)) {
                    hit++;
                }
            }
            return count == 0 ? Double.NaN : (double) hit / count;
        }
    }

    private ArithmeticEval() {}

    /** "Smiling, not Male". */
    public static String describe(Map<String, Boolean> spec) {
        List<String> parts = new ArrayList<>();
        spec.forEach((a, v) -> parts.add((v ? "" : "not ") + a));
        return String.join(", ", parts);
    }

    /** A cell reads as the target when each target attribute is on the right side of 0.5. */
    static boolean reads(float[] probs, int offset, List<String> attributes, Map<String, Boolean> target) {
        for (Map.Entry<String, Boolean> e : target.entrySet()) {
            float p = probs[offset + attributes.indexOf(e.getKey())];
            if (e.getValue() ? p <= 0.5f : p >= 0.5f) {
                return false;
            }
        }
        return true;
    }

    /** Generates and classifies {@code n} samples z ~ N(0, I) drawn from {@code seed}. */
    public static Pool labelPool(GanModel m, AttributeReader reader, int n, long seed, int batch, ProgressBar bar) {
        return labelPool(m, reader, n, seed, batch, bar, null, 0, null);
    }

    /**
     * The same, and while the images are there, every judge of {@code judges} also reads the first
     * {@code baseCount} of them into {@code base[j]} (row-major in that judge's attribute order),
     * so the base rates need no second pass over the generator.
     */
    static Pool labelPool(GanModel m, AttributeReader reader, int n, long seed, int batch, ProgressBar bar,
            Judges judges, int baseCount, float[][] base) {
        if (judges != null) {
            for (int j = 0; j < judges.size(); j++) {
                base[j] = new float[baseCount * judges.get(j).reader().attributes().size()];
            }
        }
        int nz = m.nz();
        Random rng = new Random(seed);
        float[] z = new float[n * nz];
        for (int i = 0; i < n; i++) {
            System.arraycopy(Prior.sample(nz, rng), 0, z, i * nz, nz);
        }
        int k = reader.attributes().size();
        float[] probs = new float[n * k];
        bar.start("labelling samples", n);
        for (int off = 0; off < n; off += batch) {
            int c = Math.min(batch, n - off);
            Generated g = m.generate(Arrays.copyOfRange(z, off * nz, (off + c) * nz), c);
            float[] p = reader.probabilities(g.images(), c, g.height(), g.channels());
            System.arraycopy(p, 0, probs, off * k, c * k);
            if (judges != null && off < baseCount) {
                int rows = Math.min(c, baseCount - off);
                for (int j = 0; j < judges.size(); j++) {
                    AttributeReader r = judges.get(j).reader();
                    float[] read = r == reader ? p : r.probabilities(g.images(), c, g.height(), g.channels());
                    int na = r.attributes().size();
                    System.arraycopy(read, 0, base[j], off * na, rows * na);
                }
            }
            bar.advance(c);
        }
        bar.finish();
        return new Pool(nz, z, List.copyOf(reader.attributes()), probs, n);
    }

    /** Generates G(z) for {@code count} rows of z and reads their attributes (row-major probabilities). */
    public static float[] classify(GanModel m, AttributeReader reader, float[] z, int count) {
        Generated g = m.generate(z, count);
        return reader.probabilities(g.images(), count, g.height(), g.channels());
    }

    /** Checks that the reader knows every attribute the expressions use. */
    static void checkAttributes(AttributeReader reader) {
        for (ExpressionSpec e : EXPRESSIONS) {
            for (Map<String, Boolean> spec : List.of(e.a().attributes(), e.b().attributes(), e.c().attributes(),
                    e.target())) {
                for (String a : spec.keySet()) {
                    if (!reader.attributes().contains(a)) {
                        throw new IllegalArgumentException("the classifier does not read " + a + " (it reads "
                                + reader.attributes() + ")");
                    }
                }
            }
        }
    }

    /** The whole measurement, judged by {@code reader} alone. */
    public static Report run(GanModel m, AttributeReader reader, Options o, ProgressBar bar) {
        return run(m, reader, Judges.of(o.sure, new Judges.Judge("reader", reader)), o, bar);
    }

    /**
     * The whole measurement: a pool labelled by {@code selector} (which picks the concepts'
     * members), then trials of both expressions with k and with 1 exemplar, judged by {@code judges}.
     */
    public static Report run(GanModel m, AttributeReader selector, Judges judges, Options o, ProgressBar bar) {
        checkAttributes(selector);
        for (ExpressionSpec e : EXPRESSIONS) {
            judges.check(e.target().keySet());
        }
        int baseCount = Math.min(o.baseSamples, o.pool);
        float[][] base = new float[judges.size()][];
        Pool pool = labelPool(m, selector, o.pool, o.seed, o.batch, bar, judges, baseCount, base);
        List<String> notes = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "%d labelled samples (seed %d); a concept's members are read with "
                + "confidence >= %.2f; %d trials per expression; noise ±%.2f; success = every reader surely "
                + "(p >= %.2f) reads the centre G(z) as the target (majority: >= 5 of the 9 cells do)", o.pool, o.seed,
                o.confidence, o.trials, o.noise, o.sure));
        List<String> names = judges.judges().stream().map(j -> j.name() + (j.reader() == selector
                ? " (also selects the members)" : "")).toList();
        notes.add("readers: " + String.join(", ", names));
        List<int[]> sizes = new ArrayList<>();
        for (ExpressionSpec e : EXPRESSIONS) {
            int[][] members = new int[3][];
            StringBuilder sb = new StringBuilder(e.id() + ": " + e.describe() + " →");
            sb.append(' ').append(describe(e.target()));
            sb.append("; members:");
            for (int i = 0; i < 3; i++) {
                ConceptSpec c = e.concepts().get(i);
                members[i] = pool.members(c.attributes(), o.confidence);
                sb.append(' ').append(c.name()).append(' ').append(members[i].length);
            }
            notes.add(sb.toString());
            sizes.add(new int[] {members[0].length, members[1].length, members[2].length});
        }
        long total = 0;
        for (int[] s : sizes) {
            if (Arrays.stream(s).min().orElse(0) >= 1) {
                total += 2L * o.trials;
            }
        }
        List<Shown> shown = new ArrayList<>();
        bar.start("arithmetic trials", Math.max(1, total));
        for (int x = 0; x < EXPRESSIONS.size(); x++) {
            ExpressionSpec e = EXPRESSIONS.get(x);
            figures.add(new Figure(e.id() + ".base_rate", judgedRate(judges, base, baseCount, e.target())));
            for (int k : new int[] {o.exemplars, 1}) {
                String prefix = e.id() + (k == 1 && o.exemplars != 1 ? ".single" : "");
                if (k == 1 && o.exemplars == 1) {
                    continue;
                }
                int[][] members = new int[3][];
                int smallest = Integer.MAX_VALUE;
                for (int i = 0; i < 3; i++) {
                    members[i] = pool.members(e.concepts().get(i).attributes(), o.confidence);
                    smallest = Math.min(smallest, members[i].length);
                }
                if (smallest < k) {
                    notes.add(prefix + ": too few labelled samples for " + k + " exemplars per concept (smallest "
                            + "concept has " + smallest + "); raise --pool or the model is not there yet");
                    figures.add(new Figure(prefix + ".centre", Double.NaN));
                    figures.add(new Figure(prefix + ".majority", Double.NaN));
                    continue;
                }
                double[] rates = trials(m, judges, e, members, pool, k, o,
                        new Random(o.seed * 1_000_003L + 31L * x + k), bar, k == o.exemplars ? shown : null);
                figures.add(new Figure(prefix + ".centre", rates[0]));
                figures.add(new Figure(prefix + ".majority", rates[1]));
                figures.add(new Figure(prefix + ".unsure", rates[2]));
                figures.add(new Figure(prefix + ".contested", rates[3]));
                int a = 4;
                for (Judges.Judge j : judges.judges()) {
                    figures.add(new Figure(prefix + ".reader." + j.name(), rates[a++]));
                }
                for (Map.Entry<String, Boolean> t : e.target().entrySet()) {
                    // which part of the target the centre misses when it fails
                    figures.add(new Figure(prefix + ".centre." + (t.getValue() ? "" : "not_") + t.getKey(), rates[a++]));
                }
            }
        }
        bar.finish();
        return new Report(notes, figures, shown);
    }

    /**
     * Over o.trials trials: {centre agreed success, majority agreed success, centre unsure (no
     * reader says no, not all surely yes), centre contested (one reader says yes, another no), then
     * each reader's centre success, then for each target attribute the share of centres every
     * reader surely reads on its side}. The first {@code o.shown} trials go into {@code shown} when it is given.
     */
    static double[] trials(GanModel m, Judges judges, ExpressionSpec e, int[][] members, Pool pool, int k,
            Options o, Random rng, ProgressBar bar, List<Shown> shown) {
        int nz = pool.nz();
        int perBatch = Math.max(1, o.batch / ConceptArithmetic.GRID);
        int nj = judges.size();
        List<Map.Entry<String, Boolean>> parts = new ArrayList<>(e.target().entrySet());
        int[] counts = new int[4 + nj + parts.size()];
        for (int done = 0; done < o.trials; done += perBatch) {
            int t = Math.min(perBatch, o.trials - done);
            float[] z = new float[t * ConceptArithmetic.GRID * nz];
            float[][] exemplarZ = new float[t][];
            for (int i = 0; i < t; i++) {
                float[][] means = new float[3][];
                exemplarZ[i] = new float[3 * k * nz];
                for (int c = 0; c < 3; c++) {
                    List<float[]> ex = new ArrayList<>();
                    for (int idx : draw(members[c], k, rng)) {
                        System.arraycopy(pool.z, idx * nz, exemplarZ[i], (c * k + ex.size()) * nz, nz);
                        ex.add(pool.z(idx));
                    }
                    means[c] = ConceptArithmetic.mean(ex);
                }
                float[] result = ConceptArithmetic.analogy(means[0], means[1], means[2], 1.0);
                List<float[]> grid = ConceptArithmetic.noiseGrid(result, o.noise, rng.nextLong());
                System.arraycopy(ConceptArithmetic.flatten(grid), 0, z, i * ConceptArithmetic.GRID * nz,
                        ConceptArithmetic.GRID * nz);
            }
            Verdicts v = judge(m, judges, z, t * ConceptArithmetic.GRID, e.target(), parts);
            for (int i = 0; i < t; i++) {
                int hits = 0;
                for (int cell = 0; cell < ConceptArithmetic.GRID; cell++) {
                    hits += v.agreed(i * ConceptArithmetic.GRID + cell) ? 1 : 0;
                }
                int c = i * ConceptArithmetic.GRID + ConceptArithmetic.CENTRE;
                counts[0] += v.agreed(c) ? 1 : 0;
                counts[1] += hits >= 5 ? 1 : 0;
                counts[2] += v.unsure(c) ? 1 : 0;
                counts[3] += v.contested(c) ? 1 : 0;
                for (int j = 0; j < nj; j++) {
                    counts[4 + j] += v.of(j, c) == Judges.Verdict.YES ? 1 : 0;
                }
                for (int p = 0; p < parts.size(); p++) {
                    counts[4 + nj + p] += v.partAgreed(p, c) ? 1 : 0;
                }
                if (shown != null && done + i < o.shown) {
                    Outcome outcome = v.agreed(c) ? Outcome.AGREED : v.contested(c) ? Outcome.CONTESTED
                            : v.unsure(c) ? Outcome.UNSURE : Outcome.NO;
                    shown.add(new Shown(e.id(), k, exemplarZ[i], Arrays.copyOfRange(z, c * nz, (c + 1) * nz), outcome));
                }
            }
            bar.advance(t);
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (double) counts[i] / o.trials;
        }
        return out;
    }

    /** Each reader's verdict on each of {@code count} images, for the target and for each of its parts. */
    record Verdicts(Judges.Verdict[][] whole, boolean[][] partYes, int parts) {
        Judges.Verdict of(int judge, int image) {
            return whole[judge][image];
        }

        boolean agreed(int image) {
            for (Judges.Verdict[] w : whole) {
                if (w[image] != Judges.Verdict.YES) {
                    return false;
                }
            }
            return true;
        }

        boolean unsure(int image) {
            boolean any = false;
            for (Judges.Verdict[] w : whole) {
                if (w[image] == Judges.Verdict.NO) {
                    return false;
                }
                any |= w[image] == Judges.Verdict.UNSURE;
            }
            return any;
        }

        boolean contested(int image) {
            boolean yes = false;
            boolean no = false;
            for (Judges.Verdict[] w : whole) {
                yes |= w[image] == Judges.Verdict.YES;
                no |= w[image] == Judges.Verdict.NO;
            }
            return yes && no;
        }

        boolean partAgreed(int part, int image) {
            for (int j = 0; j < whole.length; j++) {
                if (!partYes[j][image * parts + part]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Generates G(z) once for {@code count} rows of z and lets every reader judge the images. */
    static Verdicts judge(GanModel m, Judges judges, float[] z, int count, Map<String, Boolean> target,
            List<Map.Entry<String, Boolean>> parts) {
        float[][] read = judges.read(m.generate(z, count));
        Judges.Verdict[][] whole = new Judges.Verdict[judges.size()][count];
        boolean[][] partYes = new boolean[judges.size()][count * parts.size()];
        for (int j = 0; j < judges.size(); j++) {
            float[] p = read[j];
            List<String> attrs = judges.get(j).reader().attributes();
            int na = attrs.size();
            for (int i = 0; i < count; i++) {
                whole[j][i] = Judges.verdict(p, i * na, attrs, target, judges.sure());
                for (int q = 0; q < parts.size(); q++) {
                    partYes[j][i * parts.size() + q] = Judges.verdict(p, i * na, attrs, Map.ofEntries(parts.get(q)),
                            judges.sure()) == Judges.Verdict.YES;
                }
            }
        }
        return new Verdicts(whole, partYes, parts.size());
    }

    /**
     * Share of the first {@code n} pool samples that every reader surely reads as the target, from
     * each judge's reading {@code base[j]} of them (taken while the pool was labelled).
     */
    static double judgedRate(Judges judges, float[][] base, int n, Map<String, Boolean> target) {
        int hit = 0;
        for (int i = 0; i < n; i++) {
            boolean all = true;
            for (int j = 0; j < judges.size() && all; j++) {
                List<String> attrs = judges.get(j).reader().attributes();
                all = Judges.verdict(base[j], i * attrs.size(), attrs, target, judges.sure()) == Judges.Verdict.YES;
            }
            hit += all ? 1 : 0;
        }
        return n == 0 ? Double.NaN : (double) hit / n;
    }

    /** Refuses, before any work, a sheet of {@code rows} trials too large to make (in words that say what to lower). */
    public static void checkSheet(int rows, int exemplars, int imageSize, int scale) {
        long cell = (long) imageSize * scale + 2;
        Pixels.checkSize((3L * exemplars + 1) * cell + 2, rows * cell + 2);
    }

    /**
     * The shown trials as one sheet, a trial to a row: the k exemplars of A, of B and of C, then the
     * result G(mean C + mean A − mean B), framed by the readers' verdict (green: every reader
     * surely reads the target; red: one reads it absent; amber: unsure; purple: contested).
     */
    public static BufferedImage sheet(GanModel m, List<Shown> shown, int scale) {
        if (shown.isEmpty()) {
            throw new IllegalArgumentException("no trial to show");
        }
        int nz = m.nz();
        int cols = 3 * shown.get(0).exemplars() + 1;
        int n = shown.size() * cols;
        float[] z = new float[n * nz];
        for (int r = 0; r < shown.size(); r++) {
            Shown s = shown.get(r);
            if (3 * s.exemplars() + 1 != cols) {
                throw new IllegalArgumentException("shown trials differ in their number of exemplars");
            }
            System.arraycopy(s.exemplarZ(), 0, z, r * cols * nz, (cols - 1) * nz);
            System.arraycopy(s.resultZ(), 0, z, (r * cols + cols - 1) * nz, nz);
        }
        int size = m.spec().imageSize();
        BufferedImage img = Pixels.gridCanvas(n, size, size, cols, scale);
        for (int off = 0; off < n; off += 100) {
            int c = Math.min(100, n - off);
            Generated g = m.generate(Arrays.copyOfRange(z, off * nz, (off + c) * nz), c);
            for (int i = 0; i < c; i++) {
                Pixels.place(img, off + i, Pixels.argb(g, i), size, size,
                        cols, scale);
            }
        }
        Graphics2D gfx = img.createGraphics();
        int cell = size * scale + 2;
        for (int r = 0; r < shown.size(); r++) {
            gfx.setColor(new Color(shown.get(r).outcome().argb, true));
            gfx.fillRect((cols - 1) * cell, r * cell, cell + 2, 2);
            gfx.fillRect((cols - 1) * cell, (r + 1) * cell, cell + 2, 2);
            gfx.fillRect((cols - 1) * cell, r * cell, 2, cell + 2);
            gfx.fillRect(cols * cell, r * cell, 2, cell + 2);
        }
        gfx.dispose();
        return img;
    }

    /** k distinct entries of {@code from}, drawn uniformly (partial Fisher–Yates). */
    static int[] draw(int[] from, int k, Random rng) {
        int[] a = from.clone();
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(a.length - i);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
        return Arrays.copyOf(a, k);
    }

    /**
     * Writes the six concepts of {@link #EXPRESSIONS} into {@code dir}, each the {@code perConcept}
     * most confidently labelled samples of the pool. Returns one line per file written.
     */
    public static List<String> writePresets(Pool pool, ModelIdentity model, Path dir, int perConcept, String source)
            throws IOException {
        List<String> lines = new ArrayList<>();
        for (ConceptSpec c : CONCEPTS) {
            int[] top = pool.top(c.attributes(), perConcept);
            List<float[]> ex = new ArrayList<>();
            for (int i : top) {
                ex.add(pool.z(i));
            }
            double weakest = top.length == 0 ? Double.NaN : pool.confidence(top[top.length - 1], c.attributes());
            Path f = ConceptStore.save(dir, model, new Concept(c.name(), ex), c.attributes(), source);
            lines.add(String.format(Locale.ROOT, "%s: %d exemplars, least confident %.3f%s", f, ex.size(), weakest,
                    weakest < 0.5 ? " (WARNING: not all read as " + describe(c.attributes())
                            + "; the model may not make this concept yet)" : ""));
        }
        return lines;
    }

    public static ModelIdentity identity(GanModel m) {
        return new ModelIdentity(m.name(), m.nz(), m.spec().imageSize(), m.spec().channels());
    }
}
