package dev.latentlab.eval;

import dev.latentlab.data.ImageSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often a classifier is right on labelled images. Faces: per attribute, the share of images
 * where (probability ≥ 0.5) matches the label. Digits: per class, the share of that class's images
 * whose most probable class is the right one, and overall the share of all images.
 */
public record Accuracy(int images, Map<String, Double> perOutput, Map<String, Integer> positives, double overall,
        double lowest) {

    public static Accuracy measure(Classifier c, ImageSet set, int[] indices, Labels labels, int batch,
            ProgressBar bar) {
        return measure(c, set, indices, labels, batch, bar, null);
    }

    /** Changes one image in place: x holds it at {@code off}, channels × side × side values in [−1, 1]. */
    public interface ImageChange {
        void apply(float[] x, int off, int side);
    }

    /** The same on images changed first (gray, channel-swapped) by {@code change} (null: as they are). */
    public static Accuracy measure(Classifier c, ImageSet set, int[] indices, Labels labels, int batch,
            ProgressBar bar, ImageChange change) {
        int k = labels.outputs();
        if (c.outputs() != k) {
            throw new IllegalArgumentException("the classifier has " + c.outputs() + " outputs, the labels " + k);
        }
        int per = set.spec().valuesPerImage();
        long[] right = new long[k];
        long[] count = new long[k];
        long allRight = 0;
        for (int start = 0; start < indices.length; start += batch) {
            int n = Math.min(batch, indices.length - start);
            float[] x = new float[n * per];
            for (int i = 0; i < n; i++) {
                set.copyImage(indices[start + i], x, i * per, false);
                if (change != null) {
                    change.apply(x, i * per, set.spec().size());
                }
            }
            // a reader's accuracy is float32's on every CPU (train-classifier and eval readers report it)
            Classifier.Outputs out = c.run(x, n, set.spec().size(), set.spec().channels(),
                    dev.latentlab.nn.Precision.FLOAT32);
            for (int i = 0; i < n; i++) {
                int img = indices[start + i];
                if (labels.multiLabel()) {
                    for (int o = 0; o < k; o++) {
                        boolean said = out.probability(i, o) >= 0.5f;
                        boolean truth = labels.has(img, o);
                        right[o] += said == truth ? 1 : 0;
                        count[o] += truth ? 1 : 0;
                    }
                } else {
                    int truth = labels.classOf(img);
                    boolean ok = out.argMax(i) == truth;
                    right[truth] += ok ? 1 : 0;
                    count[truth]++;
                    allRight += ok ? 1 : 0;
                }
            }
            if (bar != null) {
                bar.advance(n);
            }
        }
        Map<String, Double> acc = new LinkedHashMap<>();
        Map<String, Integer> pos = new LinkedHashMap<>();
        double sum = 0;
        double lowest = 1;
        for (int o = 0; o < k; o++) {
            double a = labels.multiLabel() ? (double) right[o] / indices.length
                    : count[o] == 0 ? Double.NaN : (double) right[o] / count[o];
            acc.put(labels.names().get(o), a);
            pos.put(labels.names().get(o), (int) count[o]);
            if (!Double.isNaN(a)) {
                sum += a;
                lowest = Math.min(lowest, a);
            }
        }
        double overall = labels.multiLabel() ? sum / k : (double) allRight / indices.length;
        return new Accuracy(indices.length, acc, pos, overall, lowest);
    }
}
