package dev.latentlab.ui.inside;

import dev.latentlab.explain.TransposedConvSteps;

/**
 * Odena et al.'s kernel overlap, no nodes: how many kernel taps reach each output pixel of a
 * stride-2 transposed convolution from a {@value #INPUT}×{@value #INPUT} input, for this
 * generator's kind (k 4, s 2, p 1: k a multiple of the stride, even overlap) and for k 3, s 2, p 1
 * (uneven: 1, 2 and 4 taps in a checkerboard); and an image's high frequencies, the image minus its
 * 3×3 blur, amplified around mid-gray, where a checkerboard left by the generator shows.
 */
final class Checkerboard {
    static final int INPUT = 6;
    /** The amplification of image − blur. */
    static final float GAIN = 4;

    /** One overlap map: side × side counts. */
    record Overlap(int kernel, int stride, int padding, int side, int[] taps) {
        int at(int row, int col) {
            return taps[row * side + col];
        }
    }

    private Checkerboard() {}

    static Overlap even() {
        return overlap(4, 2, 1);
    }

    static Overlap uneven() {
        return overlap(3, 2, 1);
    }

    private static Overlap overlap(int k, int stride, int pad) {
        int side = (INPUT - 1) * stride + k - 2 * pad;
        return new Overlap(k, stride, pad, side, TransposedConvSteps.overlap(INPUT, k, stride, pad));
    }

    /**
     * The image's high frequencies as ARGB: per colour channel 0.5 + GAIN · (x − blur₃ₓ₃(x)) / 2 on
     * [0, 1] (x in [−1, 1], CHW; a gray image gives gray). The blur averages the pixels of the 3×3
     * neighbourhood that lie inside the image.
     */
    static int[] highFrequencies(float[] image, int channels, int h, int w) {
        int[] argb = new int[h * w];
        int[] rgb = new int[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int ch = Math.min(c, channels - 1);
                    double sum = 0;
                    int n = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                sum += image[(ch * h + yy) * w + xx];
                                n++;
                            }
                        }
                    }
                    double hf = image[(ch * h + y) * w + x] - sum / n;
                    double v = 0.5 + GAIN * hf / 2;
                    rgb[c] = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                }
                argb[y * w + x] = 0xff000000 | rgb[0] << 16 | rgb[1] << 8 | rgb[2];
            }
        }
        return argb;
    }
}
