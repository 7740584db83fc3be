package dev.latentlab.latent;

import dev.latentlab.data.BatchStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Attribute directions in z (InterFaceGAN: Shen et al., "Interpreting the Latent Space of GANs
 * for Semantic Face Editing", CVPR 2020). If an attribute is (close to) a half-space of z, the
 * face has it iff n·z + b &gt; 0 for a unit normal n; moving z along n crosses the boundary, and
 * n·z + b is the signed distance of z to it (in units of z, where the prior has σ = 1).
 *
 * <p>The boundary is a linear classifier fitted on labelled samples (z_i, y_i ∈ {0, 1}): Fisher's
 * discriminant for the normal (one covariance of z shared by every attribute, then O(N·nz) per
 * attribute, so ten attributes of 3,000 samples fit in well under a second), and a 1-D logistic
 * regression along it for the offset; see {@link Fitter#fit}. A seeded fifth of the samples is
 * held out for the reported accuracy; the boundary is the fit on the other four fifths.
 *
 * <p>Conditional edits (InterFaceGAN §3.3): to change attribute A while keeping B, C, move along
 * the part of n_A orthogonal to the kept normals, d = P n_A / |P n_A| with P = I − Q Qᵀ and Q an
 * orthonormal basis of span(n_B, n_C): to first order the kept attributes' distances do not change.
 */
public final class AttributeDirections {
    /** Added to the diagonal of z's covariance before it is inverted (z has unit variance). */
    static final double COVARIANCE_RIDGE = 1e-3;
    static final double OFFSET_RIDGE = 1e-3;

    /**
     * A fitted boundary n·z + b = 0: unit normal (nz), offset, held-out accuracy, and the share
     * of samples that had the attribute.
     */
    public record Boundary(String attribute, float[] normal, double offset, double accuracy, double share) {
        /** Signed distance of z to the boundary: &gt; 0 on the side that has the attribute. */
        public double distance(float[] z) {
            return dot(normal, z) + offset;
        }
    }

    private AttributeDirections() {}

    /**
     * Fits one boundary.
     *
     * @param z      samples row by row, count × nz
     * @param labels whether each sample has the attribute
     */
    public static Boundary fit(String attribute, float[] z, int nz, boolean[] labels, long seed) {
        return new Fitter(z, nz, labels.length, seed).fit(attribute, labels);
    }

    /**
     * Fits boundaries for many attributes of the same samples: the split and the covariance of z
     * are shared, so each further attribute costs O(N·nz).
     */
    public static final class Fitter {
        private final float[] z;
        private final int nz;
        private final int count;
        private final int[] train;
        private final int[] test;
        private final double[][] cholesky; // L of S + εI = L Lᵀ, S the covariance of the training z

        public Fitter(float[] z, int nz, int count, long seed) {
            this(z, nz, count, heldOutFifth(count, seed), 0);
        }

        /**
         * A fitter on explicit training and held-out samples ({@code split[0]}, {@code split[1]};
         * the held-out set may be empty). With {@code priorWeight} λ &gt; 0 the covariance is
         * shrunk towards the prior's, (1 − λ) S + λ I: with fewer samples than dimensions S is
         * singular and its inverse would fit the noise.
         */
        Fitter(float[] z, int nz, int count, int[][] split, double priorWeight) {
            if (z.length != (long) count * nz) {
                throw new IllegalArgumentException("z holds " + z.length + " values, expected " + count + " × " + nz);
            }
            this.z = z;
            this.nz = nz;
            this.count = count;
            train = split[0];
            test = split[1];
            double[] mean = new double[nz];
            for (int i : train) {
                for (int k = 0; k < nz; k++) {
                    mean[k] += z[i * nz + k];
                }
            }
            for (int k = 0; k < nz; k++) {
                mean[k] /= train.length;
            }
            double[][] s = new double[nz][nz];
            double[] x = new double[nz];
            for (int i : train) {
                for (int k = 0; k < nz; k++) {
                    x[k] = z[i * nz + k] - mean[k];
                }
                for (int a = 0; a < nz; a++) {
                    double xa = x[a];
                    double[] sa = s[a];
                    for (int b = a; b < nz; b++) {
                        sa[b] += xa * x[b];
                    }
                }
            }
            for (int a = 0; a < nz; a++) {
                for (int b = a; b < nz; b++) {
                    s[a][b] /= train.length;
                    if (priorWeight > 0) {
                        s[a][b] = (1 - priorWeight) * s[a][b] + (a == b ? priorWeight : 0);
                    }
                    s[b][a] = s[a][b];
                }
                s[a][a] += COVARIANCE_RIDGE;
            }
            cholesky = cholesky(s);
        }

        /** A seeded fifth of the samples held out, the rest to fit on. */
        private static int[][] heldOutFifth(int count, long seed) {
            if (count < 10) {
                throw new IllegalArgumentException("a boundary needs at least 10 samples, not " + count);
            }
            int[] order = BatchStream.shuffle(count, new Random(seed));
            int held = Math.max(1, count / 5);
            return new int[][] {java.util.Arrays.copyOfRange(order, held, count), java.util.Arrays.copyOf(order, held)};
        }

        /**
         * Fisher's linear discriminant: w = S⁻¹ (μ₊ − μ₋), the class means' difference whitened
         * by the covariance of z (the pooled within-class covariance differs from S by a rank-one
         * term along μ₊ − μ₋, which leaves S⁻¹(μ₊ − μ₋) unchanged in direction). For z ~ N(0, I)
         * and an attribute that is a half-space, w is the half-space's normal. The offset comes
         * from a 1-D logistic regression on t = n·z.
         */
        public Boundary fit(String attribute, boolean[] labels) {
            if (labels.length != count) {
                throw new IllegalArgumentException(labels.length + " labels for " + count + " samples");
            }
            int positives = 0;
            for (boolean y : labels) {
                positives += y ? 1 : 0;
            }
            int trainPositives = 0;
            for (int i : train) {
                trainPositives += labels[i] ? 1 : 0;
            }
            if (trainPositives < 2 || trainPositives > train.length - 2) {
                throw new IllegalArgumentException(attribute + ": " + positives + " of " + count + " samples have it; "
                        + "a boundary needs both sides (the generator never or always draws it)");
            }
            double[] plus = new double[nz];
            double[] minus = new double[nz];
            for (int i : train) {
                double[] m = labels[i] ? plus : minus;
                for (int k = 0; k < nz; k++) {
                    m[k] += z[i * nz + k];
                }
            }
            double[] delta = new double[nz];
            for (int k = 0; k < nz; k++) {
                delta[k] = plus[k] / trainPositives - minus[k] / (train.length - trainPositives);
            }
            double[] w = solveCholesky(cholesky, delta);
            double norm = Math.sqrt(dot(w, w));
            if (!(norm > 0)) {
                throw new IllegalArgumentException(attribute + ": the fit found no direction (the labels do not depend "
                        + "on z)");
            }
            float[] normal = new float[nz];
            for (int k = 0; k < nz; k++) {
                normal[k] = (float) (w[k] / norm);
            }
            double[] t = new double[train.length];
            boolean[] y = new boolean[train.length];
            for (int r = 0; r < train.length; r++) {
                t[r] = dotRow(normal, z, train[r] * nz);
                y[r] = labels[train[r]];
            }
            double offset = offset(t, y);
            return new Boundary(attribute, normal, offset, (double) right(normal, offset, labels) / test.length,
                    (double) positives / count);
        }

        /** How many held-out samples the boundary puts on their label's side. */
        private int right(float[] normal, double offset, boolean[] labels) {
            int right = 0;
            for (int i : test) {
                right += (dotRow(normal, z, i * nz) + offset > 0) == labels[i] ? 1 : 0;
            }
            return right;
        }
    }

    /** Folds for the cross-validated accuracy of a direction fitted from picks. */
    public static final int PICK_FOLDS = 5;

    /**
     * Which samples to show a person next: the {@code count} of {@code z} (row by row) closest to
     * the boundary, |n·z + b| smallest, skipping those in {@code skip}. Fisher's direction from a
     * few dozen picks is mostly wrong in its angle; a pick near the current boundary is where its
     * label says most about that angle (uncertainty sampling), while a pick far on either side
     * agrees with any direction. Indices in order of closeness.
     */
    public static int[] nearest(Boundary b, float[] z, int nz, int count, java.util.Set<Integer> skip) {
        int n = z.length / nz;
        Integer[] order = new Integer[n];
        double[] d = new double[n];
        float[] row = new float[nz];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (skip.contains(i)) {
                continue;
            }
            System.arraycopy(z, i * nz, row, 0, nz);
            d[i] = Math.abs(b.distance(row));
            order[m++] = i;
        }
        Integer[] live = java.util.Arrays.copyOf(order, m);
        java.util.Arrays.sort(live, (x, y) -> Double.compare(d[x], d[y]));
        int k = Math.min(count, m);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = live[i];
        }
        return out;
    }

    /**
     * A direction from a person's picks: z's that have the attribute and z's that do not. The
     * same fit as the classifier-labelled boundaries (Fisher's discriminant, then the offset by
     * logistic regression) on all picks, with the covariance shrunk towards the prior's by
     * λ = nz / (nz + picks): a few dozen picks in 100 dimensions cannot estimate it. The
     * accuracy is {@value #PICK_FOLDS}-fold cross-validated (folds stratified by side, seeded):
     * each pick is classified by the boundary fitted on the other folds.
     *
     * @param positives picks with the attribute, row by row (count × nz)
     * @param negatives picks without it
     */
    public static Boundary fromPicks(String name, float[] positives, float[] negatives, int nz, long seed) {
        int p = positives.length / nz;
        int n = negatives.length / nz;
        if (p < PICK_FOLDS || n < PICK_FOLDS) {
            throw new IllegalArgumentException(name + ": " + p + " picks with it and " + n + " without; a direction "
                    + "needs at least " + PICK_FOLDS + " on each side (" + PICK_FOLDS + "-fold cross-validation)");
        }
        int count = p + n;
        float[] z = java.util.Arrays.copyOf(positives, count * nz);
        System.arraycopy(negatives, 0, z, p * nz, n * nz);
        boolean[] labels = new boolean[count];
        java.util.Arrays.fill(labels, 0, p, true);
        int[] fold = pickFolds(p, n, seed);
        int right = 0;
        for (int f = 0; f < PICK_FOLDS; f++) {
            int held = 0;
            for (int x : fold) {
                held += x == f ? 1 : 0;
            }
            int[] train = new int[count - held];
            int[] test = new int[held];
            for (int i = 0, a = 0, b = 0; i < count; i++) {
                if (fold[i] == f) {
                    test[b++] = i;
                } else {
                    train[a++] = i;
                }
            }
            Fitter fitter = new Fitter(z, nz, count, new int[][] {train, test}, pickPriorWeight(nz, train.length));
            Boundary b = fitter.fit(name, labels);
            right += fitter.right(b.normal(), b.offset(), labels);
        }
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        Boundary b = new Fitter(z, nz, count, new int[][] {all, new int[0]}, pickPriorWeight(nz, count)).fit(name, labels);
        return new Boundary(name, b.normal(), b.offset(), (double) right / count, (double) p / count);
    }

    /**
     * The cross-validation folds of {@code p} picks with an attribute followed by {@code n}
     * without: stratified, each side shuffled (seeded) and dealt round the {@value #PICK_FOLDS} folds.
     */
    public static int[] pickFolds(int p, int n, long seed) {
        int[] fold = new int[p + n];
        Random rng = new Random(seed);
        int[] pos = BatchStream.shuffle(p, rng);
        int[] neg = BatchStream.shuffle(n, rng);
        for (int i = 0; i < p; i++) {
            fold[pos[i]] = i % PICK_FOLDS;
        }
        for (int i = 0; i < n; i++) {
            fold[p + neg[i]] = i % PICK_FOLDS;
        }
        return fold;
    }

    static double pickPriorWeight(int nz, int samples) {
        return (double) nz / (nz + samples);
    }

    /**
     * The offset b of the boundary t + b = 0 along a fixed normal: 1-D logistic regression
     * P(y | t) = σ(a t + c) by Newton's method (a small ridge on a keeps separable data finite),
     * b = c / a.
     */
    static double offset(double[] t, boolean[] y) {
        double a = 1;
        double c = 0;
        for (int step = 0; step < 100; step++) {
            double ga = OFFSET_RIDGE * a;
            double gc = 0;
            double haa = OFFSET_RIDGE;
            double hac = 0;
            double hcc = 1e-9;
            for (int i = 0; i < t.length; i++) {
                double p = 1 / (1 + Math.exp(-(a * t[i] + c)));
                double e = p - (y[i] ? 1 : 0);
                double s = Math.max(p * (1 - p), 1e-12);
                ga += e * t[i];
                gc += e;
                haa += s * t[i] * t[i];
                hac += s * t[i];
                hcc += s;
            }
            double det = haa * hcc - hac * hac;
            double da = (hcc * ga - hac * gc) / det;
            double dc = (haa * gc - hac * ga) / det;
            a -= da;
            c -= dc;
            if (Math.abs(da) < 1e-9 * Math.max(1, Math.abs(a)) && Math.abs(dc) < 1e-9 * Math.max(1, Math.abs(c))) {
                break;
            }
        }
        return c / a;
    }

    /** L with H = L Lᵀ for a symmetric positive definite H. */
    static double[][] cholesky(double[][] h) {
        int n = h.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = h[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(s, 1e-12));
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves L Lᵀ x = g. */
    static double[] solveCholesky(double[][] l, double[] g) {
        int n = g.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = g[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /**
     * The direction that edits {@code normal}'s attribute and leaves the kept ones alone: the
     * normal with its components along the kept normals removed, d = P n / |P n|, P = I − Q Qᵀ
     * (Q: Gram–Schmidt basis of the kept normals; one parallel to an earlier one adds nothing).
     * With nothing kept, the normal itself.
     *
     * @throws IllegalArgumentException when the normal lies in the span of the kept ones
     */
    public static float[] conditional(float[] normal, List<float[]> kept) {
        int nz = normal.length;
        List<double[]> basis = new ArrayList<>();
        for (float[] k : kept) {
            if (k.length != nz) {
                throw new IllegalArgumentException("a kept normal has " + k.length + " values, not " + nz);
            }
            double[] v = new double[nz];
            for (int i = 0; i < nz; i++) {
                v[i] = k[i];
            }
            double before = Math.sqrt(dot(v, v));
            for (double[] q : basis) {
                subtractProjection(v, q);
            }
            double len = Math.sqrt(dot(v, v));
            if (len > 1e-6 * Math.max(before, 1e-30)) {
                for (int i = 0; i < nz; i++) {
                    v[i] /= len;
                }
                basis.add(v);
            }
        }
        double[] d = new double[nz];
        for (int i = 0; i < nz; i++) {
            d[i] = normal[i];
        }
        double before = Math.sqrt(dot(d, d));
        for (double[] q : basis) {
            subtractProjection(d, q);
        }
        // twice (re-orthogonalisation): float inputs, double work, orthogonal to ~1e-15
        for (double[] q : basis) {
            subtractProjection(d, q);
        }
        double len = Math.sqrt(dot(d, d));
        if (!(len > 1e-3 * before)) {
            throw new IllegalArgumentException("the direction lies (almost) in the span of the kept attributes' "
                    + "normals: it cannot change its attribute while keeping them");
        }
        float[] out = new float[nz];
        for (int i = 0; i < nz; i++) {
            out[i] = (float) (d[i] / len);
        }
        return out;
    }

    private static void subtractProjection(double[] v, double[] unit) {
        double p = dot(v, unit);
        for (int i = 0; i < v.length; i++) {
            v[i] -= p * unit[i];
        }
    }

    /**
     * How far to move z along a unit direction d so that its distance to the boundary becomes
     * {@code target}: n·(z + α d) + b = target ⇒ α = (target − distance(z)) / (n·d).
     */
    public static double stepTo(Boundary b, float[] direction, float[] z, double target) {
        double along = dot(b.normal(), direction);
        if (Math.abs(along) < 1e-6) {
            throw new IllegalArgumentException("the direction does not move " + b.attribute() + " at all");
        }
        return (target - b.distance(z)) / along;
    }

    /** Cosine of the angle between two vectors. */
    public static double cosine(float[] a, float[] b) {
        return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static double dotRow(float[] a, float[] rows, int offset) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * rows[offset + i];
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
