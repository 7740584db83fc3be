package dev.latentlab.latent;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Vector arithmetic on concepts, the DCGAN paper's way (Radford et al. 2015, §6.3): a concept is
 * the mean z of a few exemplars that show it (single samples were unstable), and
 * <pre>
 *   result = base + s · Σ sign_i · mean(term_i)
 * </pre>
 * which for "smiling woman − neutral woman + neutral man" is C + s·(A − B) with C the base, A the
 * + term and B the − term; s = 0 gives C, s = 1 the paper's result, s &gt; 1 walks beyond it.
 * Around the result a grid of 8 neighbours adds uniform noise U(−r, r) per dimension (r = 0.25 in
 * the paper). The same combination applied to mean images ({@link #pixels}) is the contrast the
 * paper draws: pixels superimpose, z changes the face.
 */
public final class ConceptArithmetic {
    /** The paper's noise: ±0.25 per dimension. */
    public static final double DEFAULT_NOISE = 0.25;
    /** The result and its 8 neighbours: a 3×3 grid. */
    public static final int GRID = 9;
    /** Index of the result in the grid (row-major 3×3: the centre). */
    public static final int CENTRE = 4;
    /** The paper's minimum: "at least 3" exemplars per concept. */
    public static final int MIN_EXEMPLARS = 3;

    private ConceptArithmetic() {}

    /** A named set of exemplar z's (never modified: the with/without methods return new concepts). */
    public record Concept(String name, List<float[]> exemplars) {
        public Concept {
            exemplars = List.copyOf(exemplars);
            int nz = -1;
            for (float[] z : exemplars) {
                if (nz >= 0 && z.length != nz) {
                    throw new IllegalArgumentException("exemplars of '" + name + "' differ in length: " + nz + " and "
                            + z.length);
                }
                nz = z.length;
            }
        }

        public static Concept empty(String name) {
            return new Concept(name, List.of());
        }

        public int size() {
            return exemplars.size();
        }

        public boolean isEmpty() {
            return exemplars.isEmpty();
        }

        /** The concept's vector: the mean of its exemplars. */
        public float[] mean() {
            return ConceptArithmetic.mean(exemplars);
        }

        public Concept with(float[] z) {
            List<float[]> l = new ArrayList<>(exemplars);
            l.add(z.clone());
            return new Concept(name, l);
        }

        public Concept without(int index) {
            List<float[]> l = new ArrayList<>(exemplars);
            l.remove(index);
            return new Concept(name, l);
        }

        public Concept named(String newName) {
            return new Concept(newName, exemplars);
        }
    }

    /** One signed term of an expression: +concept or −concept. */
    public record Term(Concept concept, int sign) {
        public Term {
            if (sign != 1 && sign != -1) {
                throw new IllegalArgumentException("a term's sign is +1 or -1, not " + sign);
            }
        }

        public static Term plus(Concept c) {
            return new Term(c, 1);
        }

        public static Term minus(Concept c) {
            return new Term(c, -1);
        }
    }

    /** base + scale · Σ terms. */
    public record Expression(Concept base, List<Term> terms, double scale) {
        public Expression {
            terms = List.copyOf(terms);
        }

        /** The paper's A − B + C with a scale on the difference: C + s·(A − B). */
        public static Expression of(Concept a, Concept b, Concept c, double scale) {
            return new Expression(c, List.of(Term.plus(a), Term.minus(b)), scale);
        }

        /** The result's z: mean(base) + scale · Σ sign · mean(term). */
        public float[] result() {
            List<float[]> means = new ArrayList<>();
            int[] signs = new int[terms.size()];
            for (int i = 0; i < terms.size(); i++) {
                means.add(terms.get(i).concept().mean());
                signs[i] = terms.get(i).sign();
            }
            return combine(base.mean(), means, signs, scale);
        }
    }

    /** Element-wise mean of equally long vectors. */
    public static float[] mean(List<float[]> vectors) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("the mean of no vectors is undefined");
        }
        int n = vectors.get(0).length;
        double[] sum = new double[n];
        for (float[] v : vectors) {
            if (v.length != n) {
                throw new IllegalArgumentException("vectors differ in length: " + n + " and " + v.length);
            }
            for (int i = 0; i < n; i++) {
                sum[i] += v[i];
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (sum[i] / vectors.size());
        }
        return out;
    }

    /** base + scale · Σ signs[i] · terms[i]. */
    public static float[] combine(float[] base, List<float[]> terms, int[] signs, double scale) {
        if (terms.size() != signs.length) {
            throw new IllegalArgumentException(terms.size() + " terms but " + signs.length + " signs");
        }
        double[] acc = new double[base.length];
        for (int t = 0; t < terms.size(); t++) {
            float[] v = terms.get(t);
            if (v.length != base.length) {
                throw new IllegalArgumentException("a term has " + v.length + " values, the base " + base.length);
            }
            for (int i = 0; i < v.length; i++) {
                acc[i] += signs[t] * (double) v[i];
            }
        }
        float[] out = new float[base.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (base[i] + scale * acc[i]);
        }
        return out;
    }

    /** The paper's C + s·(A − B) on plain vectors. */
    public static float[] analogy(float[] a, float[] b, float[] c, double scale) {
        return combine(c, List.of(a, b), new int[] {1, -1}, scale);
    }

    /**
     * The 3×3 grid around {@code centre}, row-major, the centre itself at {@link #CENTRE}; each of
     * the 8 others is centre + U(−r, r) per dimension. The same seed gives the same noise
     * directions whatever r, so moving a noise slider scales the neighbours' offsets smoothly.
     */
    public static List<float[]> noiseGrid(float[] centre, double r, long seed) {
        Random rng = new Random(seed);
        List<float[]> out = new ArrayList<>(GRID);
        for (int k = 0; k < GRID; k++) {
            if (k == CENTRE) {
                out.add(centre.clone());
                continue;
            }
            float[] z = new float[centre.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (centre[i] + r * (2 * rng.nextDouble() - 1));
            }
            out.add(z);
        }
        return out;
    }

    /** Grid of {@link #noiseGrid} flattened row by row into one array (for one generator call). */
    public static float[] flatten(List<float[]> zs) {
        int nz = zs.get(0).length;
        float[] out = new float[zs.size() * nz];
        for (int i = 0; i < zs.size(); i++) {
            System.arraycopy(zs.get(i), 0, out, i * nz, nz);
        }
        return out;
    }

    /**
     * Pixel-space arithmetic for contrast: mean images combined like z's, base + s·Σ sign·term,
     * clipped to the generator's range [−1, 1]. Images may be in any layout, as long as all agree.
     */
    public static float[] pixels(float[] baseMeanImage, List<float[]> termMeanImages, int[] signs, double scale) {
        float[] out = combine(baseMeanImage, termMeanImages, signs, scale);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(-1f, Math.min(1f, out[i]));
        }
        return out;
    }
}
