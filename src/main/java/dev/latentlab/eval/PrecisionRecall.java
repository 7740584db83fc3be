package dev.latentlab.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.nn.TorchRuntime;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019, "Improved Precision and Recall Metric
 * for Assessing Generative Models"). Each set's manifold is the union of balls around its points,
 * each ball reaching the point's k-th nearest neighbour within the same set (the point itself not
 * counted). Precision: the share of generated points inside the real manifold. Recall: the share
 * of real points inside the generated manifold. Euclidean distances in feature space; the pairwise
 * squared distances come from matrix products in blocks of rows (|a|² + |b|² − 2 a·b, float32),
 * the rest is plain Java.
 */
public final class PrecisionRecall {
    private static final int BLOCK = 512;

    private PrecisionRecall() {}

    public record Result(double precision, double recall, int k) {}

    /**
     * @param real     real features, {@code nReal} rows of {@code dim}
     * @param fake     generated features, {@code nFake} rows of {@code dim}
     * @param progress told the number of rows done after each block (may be null); the total is
     *                 {@link #work}
     */
    public static Result compute(float[] real, int nReal, float[] fake, int nFake, int dim, int k,
            IntConsumer progress) {
        if (k < 1 || k >= nReal || k >= nFake) {
            throw new IllegalArgumentException("k = " + k + " needs more than k points in each set (have " + nReal
                    + " real and " + nFake + " generated)");
        }
        IntConsumer p = progress == null ? x -> { } : progress;
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            NDArray r = m.create(real, new Shape(nReal, dim));
            NDArray f = m.create(fake, new Shape(nFake, dim));
            float[] rRadii = kthNeighbour(m, r, k, p);
            float[] fRadii = kthNeighbour(m, f, k, p);
            double precision = coverage(m, f, r, rRadii, p);
            double recall = coverage(m, r, f, fRadii, p);
            return new Result(precision, recall, k);
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    /** Rows processed by {@link #compute}, for a progress bar. */
    public static long work(int nReal, int nFake) {
        return 2L * nReal + 2L * nFake;
    }

    /** Squared distance from each row of x to its k-th nearest other row. */
    static float[] kthNeighbour(NDManager m, NDArray x, int k, IntConsumer progress) {
        int n = (int) x.getShape().get(0);
        float[] radii = new float[n];
        float[] best = new float[k];
        Rows rows = new Rows(x);
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            float[] d = squaredDistances(m, x, start, end, rows);
            for (int i = start; i < end; i++) {
                Arrays.fill(best, Float.POSITIVE_INFINITY);
                int off = (i - start) * n;
                for (int j = 0; j < n; j++) {
                    float v = d[off + j];
                    if (j == i || v >= best[k - 1]) {
                        continue;
                    }
                    int pos = k - 1;
                    while (pos > 0 && best[pos - 1] > v) {
                        best[pos] = best[pos - 1];
                        pos--;
                    }
                    best[pos] = v;
                }
                radii[i] = best[k - 1];
            }
            progress.accept(end - start);
        }
        return radii;
    }

    /** Share of the rows of q that lie within the radius of at least one row of ref. */
    static double coverage(NDManager m, NDArray q, NDArray ref, float[] refRadii, IntConsumer progress) {
        int n = (int) q.getShape().get(0);
        int nr = (int) ref.getShape().get(0);
        int inside = 0;
        Rows rows = new Rows(ref);
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            float[] d = squaredDistances(m, q, start, end, rows);
            for (int i = start; i < end; i++) {
                int off = (i - start) * nr;
                for (int j = 0; j < nr; j++) {
                    if (d[off + j] <= refRadii[j]) {
                        inside++;
                        break;
                    }
                }
            }
            progress.accept(end - start);
        }
        return (double) inside / n;
    }

    /** The reference side of a distance computation: its rows transposed and their squared norms. */
    private record Rows(NDArray transposed, NDArray norms, int count) {
        Rows(NDArray b) {
            this(b.transpose(), b.square().sum(new int[] {1}).reshape(1, b.getShape().get(0)),
                    (int) b.getShape().get(0));
        }
    }

    /** Squared distances between rows start..end of a and every row of b, row-major, clamped at 0. */
    private static float[] squaredDistances(NDManager parent, NDArray a, int start, int end, Rows b) {
        try (NDManager m = parent.newSubManager()) {
            NDArray q = a.get(start + ":" + end);
            q.attach(m); // everything computed from q lives in m and goes with it
            NDArray qq = q.square().sum(new int[] {1}).reshape(end - start, 1);
            NDArray d = q.matMul(b.transposed()).mul(-2f).addi(qq).addi(b.norms()).maximum(0f);
            return d.toFloatArray();
        }
    }
}
