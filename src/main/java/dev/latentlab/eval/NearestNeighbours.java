package dev.latentlab.eval;

import dev.latentlab.data.ImageSet;
import dev.latentlab.model.GanModel;
import java.util.Arrays;

/**
 * The DCGAN paper's memorisation check: for each of a few samples, the nearest training image
 * in the classifier's feature space (its penultimate layer, as the Fréchet distance uses). A model
 * that copies its data has samples that sit as close to a training image as training images sit
 * to each other, or closer; so beside the pairs this measures, on the same features,
 * <pre>
 *   generated → real   median distance of a sample to its nearest real image
 *   real → real        median distance of a real image to its nearest *other* real image
 * </pre>
 * (ratio &gt; 1: the samples are further from the data than the data is from itself).
 */
public final class NearestNeighbours {
    private NearestNeighbours() {}

    /** For each sample, the nearest real image and the distance; and the two medians. */
    public record Result(int[] nearest, double[] distance, double medianGenerated, double medianReal,
            SampleQuality.Measured samples) {}

    public static Result find(GanModel m, Classifier c, ImageSet real, int count, long seed, int batch,
            ProgressBar bar) {
        SampleQuality.Options o = new SampleQuality.Options();
        o.seed = seed;
        o.batch = batch;
        o.samples = real.size();
        SampleQuality.Measured r = SampleQuality.measureReal(real, c, o, bar);
        o.samples = count;
        SampleQuality.Measured g = SampleQuality.measureGenerated(m, c, o, bar);
        int d = c.featureDim();
        int[] nearest = new int[count];
        double[] dist = new double[count];
        for (int i = 0; i < count; i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < r.count(); j++) {
                double s = squared(g.features(), i * d, r.features(), j * d, d);
                if (s < bestD) {
                    bestD = s;
                    best = j;
                }
            }
            nearest[i] = best;
            dist[i] = Math.sqrt(bestD);
        }
        // real → real: the first `count` real images against all the others
        int n = Math.min(count, r.count() - 1);
        double[] rr = new double[n];
        for (int i = 0; i < n; i++) {
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < r.count(); j++) {
                if (j != i) {
                    bestD = Math.min(bestD, squared(r.features(), i * d, r.features(), j * d, d));
                }
            }
            rr[i] = Math.sqrt(bestD);
        }
        return new Result(nearest, dist, median(dist), median(rr), g);
    }

    static double squared(float[] a, int ao, float[] b, int bo, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = a[ao + k] - b[bo + k];
            s += t * t;
        }
        return s;
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
