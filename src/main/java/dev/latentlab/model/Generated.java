package dev.latentlab.model;

import java.util.Map;

/**
 * The output of one generator call as plain Java values: images NCHW in [-1, 1], and the
 * captured activations by layer index (each [N, C, H, W] flattened).
 */
public record Generated(float[] images, int count, int channels, int height, int width,
        Map<Integer, Activations> activations) {

    public record Activations(float[] values, int count, int channels, int height, int width) {
        /** Mean activation of channel c over positions, for sample n. */
        public float mean(int n, int c) {
            int plane = height * width;
            int off = (n * channels + c) * plane;
            double s = 0;
            for (int i = 0; i < plane; i++) {
                s += values[off + i];
            }
            return (float) (s / plane);
        }
    }

    public int imageLength() {
        return channels * height * width;
    }

    /** One image, CHW. */
    public float[] image(int n) {
        float[] out = new float[imageLength()];
        System.arraycopy(images, n * imageLength(), out, 0, imageLength());
        return out;
    }
}
