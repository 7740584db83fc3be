package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The three rankings find a channel planted to fire where the concept is. */
class ChannelRankingTest {
    static final int N = 6;
    static final int C = 12;
    static final int H = 8;
    static final int W = 8;
    static final int PLANTED = 7;

    /** Marks: a 3×3 square per sample at a random place; activations: noise, plus the planted channel on it. */
    record Synthetic(float[] acts, float[] marks) {}

    static Synthetic synthetic(long seed) {
        Random r = new Random(seed);
        float[] acts = new float[N * C * H * W];
        float[] marks = new float[N * H * W];
        for (int n = 0; n < N; n++) {
            int x0 = r.nextInt(W - 3);
            int y0 = r.nextInt(H - 3);
            for (int y = y0; y < y0 + 3; y++) {
                for (int x = x0; x < x0 + 3; x++) {
                    marks[(n * H + y) * W + x] = 1;
                }
            }
            for (int c = 0; c < C; c++) {
                for (int p = 0; p < H * W; p++) {
                    // ReLU-like noise; some channels are much louder than the planted one
                    float v = (float) Math.max(0, r.nextGaussian() * (c % 3 == 0 ? 3 : 1));
                    if (c == PLANTED && marks[n * H * W + p] > 0) {
                        v += 1.5f;
                    }
                    acts[(n * C + c) * H * W + p] = v;
                }
            }
        }
        return new Synthetic(acts, marks);
    }

    @Test
    void logisticRegressionWeightsThePlantedChannelHighest() {
        Synthetic s = synthetic(1);
        ChannelRanking r = ChannelRanking.logisticRegression(s.acts(), N, C, H, W, s.marks(), ChannelRanking.Fit.defaults());
        assertEquals(PLANTED, r.top(1)[0], "ranking " + java.util.Arrays.toString(r.scores()));
    }

    @Test
    void dissectionIouFindsThePlantedChannel() {
        Synthetic s = synthetic(2);
        double q = ChannelRanking.matchingQuantile(s.marks());
        assertEquals(1 - 9.0 / 64, q, 1e-9, "threshold matches the marked share");
        ChannelRanking r = ChannelRanking.dissection(s.acts(), N, C, H, W, s.marks(), q);
        assertEquals(PLANTED, r.top(1)[0], "ranking " + java.util.Arrays.toString(r.scores()));
    }

    @Test
    void meanDifferenceOfLabelledSamplesFindsThePlantedChannel() {
        Random r = new Random(3);
        int n = 200;
        float[] means = new float[n * C];
        boolean[] has = new boolean[n];
        for (int i = 0; i < n; i++) {
            has[i] = r.nextBoolean();
            for (int c = 0; c < C; c++) {
                means[i * C + c] = (float) (r.nextDouble() * 2 + (c == PLANTED && has[i] ? 1 : 0));
            }
        }
        ChannelRanking rank = ChannelRanking.meanDifference(means, n, C, has);
        assertEquals(PLANTED, rank.top(1)[0]);
        assertEquals(1.0, rank.score(PLANTED), 0.3);
        assertEquals(1, rank.topSet(1).cardinality());
    }

    @Test
    void selectiveDifferencePrefersTheChannelThatLeavesTheKeptAttributeAlone() {
        Random r = new Random(4);
        int n = 400;
        int c = 4;
        float[] means = new float[n * c];
        boolean[] hat = new boolean[n];
        boolean[] male = new boolean[n];
        for (int i = 0; i < n; i++) {
            hat[i] = r.nextBoolean();
            male[i] = r.nextBoolean();
            for (int ch = 0; ch < c; ch++) {
                means[i * c + ch] = (float) r.nextGaussian();
            }
            means[i * c + 1] += (hat[i] ? 1.5f : 0) + (male[i] ? 1.5f : 0); // hats and men alike
            means[i * c + 2] += hat[i] ? 1.0f : 0; // hats only, a smaller difference
        }
        assertEquals(1, ChannelRanking.meanDifference(means, n, c, hat).top(1)[0], "plain: the larger difference");
        ChannelRanking s = ChannelRanking.selectiveDifference(means, n, c, hat, java.util.List.of(male));
        assertEquals(2, s.top(1)[0], "selective: the hat-only channel " + java.util.Arrays.toString(s.scores()));
    }

    @Test
    void marksAreAreaAveragedToTheLayersResolution() {
        float[] m = new float[4 * 4];
        m[0] = 1; // top-left pixel of the top-left 2×2 cell
        m[2] = 1;
        m[3] = 1;
        m[6] = 1;
        m[7] = 1; // the whole top-right cell
        assertArrayEquals(new float[] {0.25f, 1f, 0f, 0f}, ChannelRanking.downsample(m, 1, 4, 4, 2, 2));
    }

    @Test
    void rankingOrderIsByScoreThenIndexAndNothingMarkedIsRefused() {
        ChannelRanking r = new ChannelRanking("t", new double[] {0.1, 0.5, 0.5, Double.NaN, -1});
        assertArrayEquals(new int[] {1, 2, 0, 4, 3}, r.order());
        assertThrows(IllegalArgumentException.class, () -> ChannelRanking.logisticRegression(new float[2 * 4],
                1, 2, 2, 2, new float[4], ChannelRanking.Fit.defaults()));
    }
}
