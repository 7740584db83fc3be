package dev.latentlab.eval;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which channels of a generator layer draw a concept, three ways, as pure math on plain arrays.
 * Activations are one layer's values [N, C, H, W] flattened; marks are [N, H, W] at the layer's
 * resolution, each cell the marked share of its pixels (see {@link #downsample}).
 * <ul>
 *   <li>{@link #logisticRegression}: the DCGAN paper's window experiment (Radford et al. 2015, §6.1):
 *       a logistic regression predicts "inside a mark" from the C activations at each position;
 *       channels rank by their weight (features standardised, so the weights compare).</li>
 *   <li>{@link #dissection}: GAN Dissection (Bau et al. 2019): each channel's activation is
 *       thresholded at its own top quantile; channels rank by the IoU of that region with the marks.</li>
 *   <li>{@link #meanDifference}: with labels per sample instead of marks (an attribute classifier):
 *       mean activation of samples with the attribute minus the mean of those without.</li>
 * </ul>
 */
public final class ChannelRanking {
    /** A cell counts as marked when at least this share of its pixels is. */
    public static final double MARKED = 0.5;

    private final String method;
    private final double[] scores;
    private final int[] order;

    /** Scores per channel; higher means more of the concept. */
    public ChannelRanking(String method, double[] scores) {
        this(method, scores, new int[0]);
    }

    /**
     * Scores per channel, with {@code first} (distinct channels, e.g. picked one by one by a
     * search) leading the order in the given sequence; the other channels follow by score.
     */
    public ChannelRanking(String method, double[] scores, int[] first) {
        this.method = method;
        this.scores = scores.clone();
        BitSet lead = new BitSet();
        for (int c : first) {
            if (c < 0 || c >= scores.length || lead.get(c)) {
                throw new IllegalArgumentException("channel " + c + " is out of range or repeated");
            }
            lead.set(c);
        }
        int[] rest = IntStream.range(0, scores.length).filter(c -> !lead.get(c)).boxed()
                .sorted(Comparator.<Integer>comparingDouble(c -> nanLow(this.scores[c])).reversed()
                        .thenComparingInt(c -> c))
                .mapToInt(Integer::intValue).toArray();
        this.order = IntStream.concat(Arrays.stream(first), Arrays.stream(rest)).toArray();
    }

    private static double nanLow(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    public String method() {
        return method;
    }

    public double score(int channel) {
        return scores[channel];
    }

    public double[] scores() {
        return scores.clone();
    }

    public int channels() {
        return scores.length;
    }

    /** Channels best first (ties by index). */
    public int[] order() {
        return order.clone();
    }

    /** The k best channels, best first. */
    public int[] top(int k) {
        return Arrays.copyOf(order, Math.max(0, Math.min(k, order.length)));
    }

    public BitSet topSet(int k) {
        BitSet b = new BitSet();
        for (int c : top(k)) {
            b.set(c);
        }
        return b;
    }

    // ---- marks ----

    /**
     * Marks drawn on images of mh × mw (N of them, values 0 or 1, or any share) to the layer's
     * h × w grid: each cell gets the mean of the image pixels it covers (area average).
     */
    public static float[] downsample(float[] marks, int n, int mh, int mw, int h, int w) {
        float[] out = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                int y0 = y * mh / h;
                int y1 = Math.max(y0 + 1, (y + 1) * mh / h);
                for (int x = 0; x < w; x++) {
                    int x0 = x * mw / w;
                    int x1 = Math.max(x0 + 1, (x + 1) * mw / w);
                    double s = 0;
                    for (int yy = y0; yy < y1; yy++) {
                        for (int xx = x0; xx < x1; xx++) {
                            s += marks[(i * mh + yy) * mw + xx];
                        }
                    }
                    out[(i * h + y) * w + x] = (float) (s / ((y1 - y0) * (x1 - x0)));
                }
            }
        }
        return out;
    }

    // ---- logistic regression (DCGAN §6.1) ----

    /** Options of the logistic regression: L2 penalty on the weights and gradient-descent steps. */
    public record Fit(double l2, int steps, double learningRate) {
        public static Fit defaults() {
            return new Fit(1e-3, 300, 0.5);
        }
    }

    /**
     * Fits p(marked | a) = σ(w·â + b) over every position of every sample, â the activations
     * standardised per channel, the two classes weighted equally (marks are usually a small share
     * of the image). Channels rank by w_c: the ones that fire where the concept is drawn.
     */
    public static ChannelRanking logisticRegression(float[] acts, int n, int c, int h, int w, float[] marks, Fit fit) {
        int plane = h * w;
        int positions = n * plane;
        checkShapes(acts, n, c, h, w, marks);
        // standardise each channel over all positions
        double[] mean = new double[c];
        double[] std = new double[c];
        channelMoments(acts, n, c, plane, mean, std);
        float[] x = new float[positions * c]; // position-major for the dot products
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    x[(i * plane + p) * c + ch] = (float) ((acts[off + p] - mean[ch]) / std[ch]);
                }
            }
        }
        double[] y = new double[positions];
        int pos = 0;
        for (int i = 0; i < positions; i++) {
            y[i] = marks[i] >= MARKED ? 1 : 0;
            pos += (int) y[i];
        }
        if (pos == 0 || pos == positions) {
            throw new IllegalArgumentException(pos == 0 ? "nothing is marked at the layer's resolution "
                    + h + "×" + w + " (mark larger areas, or more samples)" : "everything is marked: mark only the concept");
        }
        // class weights: each class contributes half of the loss
        double wPos = 0.5 / pos;
        double wNeg = 0.5 / (positions - pos);
        double[] wt = new double[c];
        double b = Math.log((double) pos / (positions - pos));
        double[] grad = new double[c];
        for (int step = 0; step < fit.steps(); step++) {
            Arrays.fill(grad, 0);
            double gb = 0;
            for (int i = 0; i < positions; i++) {
                int off = i * c;
                double z = b;
                for (int ch = 0; ch < c; ch++) {
                    z += wt[ch] * x[off + ch];
                }
                double p = 1 / (1 + Math.exp(-z));
                double err = (p - y[i]) * (y[i] > 0 ? wPos : wNeg);
                gb += err;
                for (int ch = 0; ch < c; ch++) {
                    grad[ch] += err * x[off + ch];
                }
            }
            for (int ch = 0; ch < c; ch++) {
                wt[ch] -= fit.learningRate() * (grad[ch] + fit.l2() * wt[ch]);
            }
            b -= fit.learningRate() * gb;
        }
        return new ChannelRanking("logistic regression weight", wt);
    }

    // ---- GAN Dissection (IoU) ----

    /**
     * The quantile that makes each channel's thresholded region as large as the marked region
     * (1 − marked share), within [0.5, 0.995]. GAN Dissection fixes the top 0.5% over a dataset of
     * segmented images; with a handful of hand marks, matching the marked area is steadier.
     */
    public static double matchingQuantile(float[] marks) {
        int pos = 0;
        for (float m : marks) {
            pos += m >= MARKED ? 1 : 0;
        }
        double share = (double) pos / Math.max(1, marks.length);
        return Math.max(0.5, Math.min(0.995, 1 - share));
    }

    /**
     * IoU between each channel's region {a_c > t_c} and the marked cells, t_c the channel's
     * {@code quantile} over all positions of all samples.
     */
    public static ChannelRanking dissection(float[] acts, int n, int c, int h, int w, float[] marks, double quantile) {
        checkShapes(acts, n, c, h, w, marks);
        int plane = h * w;
        int positions = n * plane;
        double[] iou = new double[c];
        float[] v = new float[positions];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(acts, (i * c + ch) * plane, v, i * plane, plane);
            }
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            float t = sorted[Math.min(positions - 1, (int) Math.floor(quantile * positions))];
            int inter = 0;
            int union = 0;
            for (int p = 0; p < positions; p++) {
                boolean a = v[p] > t;
                boolean m = marks[p] >= MARKED;
                inter += a && m ? 1 : 0;
                union += a || m ? 1 : 0;
            }
            iou[ch] = union == 0 ? 0 : (double) inter / union;
        }
        return new ChannelRanking("IoU with the marks (top " + String.format(java.util.Locale.ROOT, "%.1f",
                100 * (1 - quantile)) + "% of each channel)", iou);
    }

    // ---- classifier labels ----

    /**
     * Mean over samples with the attribute minus mean over samples without, per channel;
     * {@code means} is [N, C] (each sample's mean activation per channel). NaN scores when one side
     * has no samples.
     */
    public static ChannelRanking meanDifference(float[] means, int n, int c, boolean[] has) {
        if (means.length != n * c || has.length != n) {
            throw new IllegalArgumentException("means hold " + means.length + " values for " + n + " × " + c
                    + ", labels " + has.length);
        }
        double[] sumWith = new double[c];
        double[] sumWithout = new double[c];
        int with = 0;
        for (int i = 0; i < n; i++) {
            double[] s = has[i] ? sumWith : sumWithout;
            with += has[i] ? 1 : 0;
            for (int ch = 0; ch < c; ch++) {
                s[ch] += means[i * c + ch];
            }
        }
        int without = n - with;
        double[] d = new double[c];
        for (int ch = 0; ch < c; ch++) {
            d[ch] = with == 0 || without == 0 ? Double.NaN : sumWith[ch] / with - sumWithout[ch] / without;
        }
        return new ChannelRanking("mean activation with − without the attribute", d);
    }

    /**
     * The mean difference made selective: each attribute's difference is divided by the channel's
     * standard deviation over samples (an effect size), and the channel scores its effect on the
     * target minus the sum of its absolute effects on the attributes to keep. Channels that go with
     * the target and with a kept attribute alike (say hats and men) rank low, so removing the top k
     * changes the kept attributes less. {@code keep[a]} are the labels of each kept attribute;
     * an attribute present in all or none of the samples is skipped.
     */
    public static ChannelRanking selectiveDifference(float[] means, int n, int c, boolean[] target, List<boolean[]> keep) {
        double[] sd = new double[c];
        double[] mean = new double[c];
        channelMoments(means, n, c, 1, mean, sd);
        double[] d = meanDifference(means, n, c, target).scores;
        double[] score = new double[c];
        for (int ch = 0; ch < c; ch++) {
            score[ch] = d[ch] / sd[ch];
        }
        for (boolean[] k : keep) {
            double[] dk = meanDifference(means, n, c, k).scores;
            for (int ch = 0; ch < c; ch++) {
                if (!Double.isNaN(dk[ch])) {
                    score[ch] -= Math.abs(dk[ch]) / sd[ch];
                }
            }
        }
        return new ChannelRanking("effect on the attribute − effects on the kept ones", score);
    }

    /** [N, C] means over positions of activations [N, C, H, W]. */
    public static float[] spatialMeans(float[] acts, int n, int c, int h, int w) {
        int plane = h * w;
        float[] out = new float[n * c];
        for (int i = 0; i < n * c; i++) {
            double s = 0;
            for (int p = 0; p < plane; p++) {
                s += acts[i * plane + p];
            }
            out[i] = (float) (s / plane);
        }
        return out;
    }

    private static void channelMoments(float[] acts, int n, int c, int plane, double[] mean, double[] std) {
        int positions = n * plane;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    double v = acts[off + p];
                    s += v;
                    s2 += v * v;
                }
            }
            mean[ch] = s / positions;
            double var = s2 / positions - mean[ch] * mean[ch];
            std[ch] = Math.sqrt(Math.max(var, 0)) + 1e-6; // a dead channel gets weight ~0
        }
    }

    private static void checkShapes(float[] acts, int n, int c, int h, int w, float[] marks) {
        if (acts.length != n * c * h * w) {
            throw new IllegalArgumentException("activations hold " + acts.length + " values, not " + n + "×" + c + "×"
                    + h + "×" + w);
        }
        if (marks.length != n * h * w) {
            throw new IllegalArgumentException("marks hold " + marks.length + " values, not " + n + "×" + h + "×" + w
                    + " (downsample them to the layer's resolution)");
        }
    }
}
