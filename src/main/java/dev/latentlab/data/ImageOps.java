package dev.latentlab.data;

/**
 * Pixel pipeline shared by the loaders: centre-crop to a square, resample to the target size
 * (area averaging when shrinking, bilinear when enlarging), convert to gray or RGB, apply an EXIF
 * orientation, and quantise to uint8 CHW.
 */
final class ImageOps {
    private ImageOps() {
    }

    /** Supplies the rows of a decoded image as r, g, b values in 0..255 (full width). */
    interface RowSource {
        void read(int y, float[] r, float[] g, float[] b);
    }

    /**
     * Renders a {@code width}×{@code height} image to {@code spec}: centre-crops the largest square,
     * resizes it to {@code spec.size()}, converts to the channel count, then applies the EXIF
     * {@code orientation} (1..8; anything else means 1). Returns uint8 CHW bytes.
     */
    static byte[] render(RowSource src, int width, int height, ImageSpec spec, int orientation) {
        int side = Math.min(width, height);
        int x0 = (width - side) / 2;
        int y0 = (height - side) / 2;
        int t = spec.size();
        int ch = spec.channels();
        Resampler rs = Resampler.of(side, t);
        float[][] tmp = new float[ch][side * t];
        float[] r = new float[width];
        float[] g = new float[width];
        float[] b = new float[width];
        for (int y = 0; y < side; y++) {
            src.read(y0 + y, r, g, b);
            if (ch == 1) {
                for (int x = 0; x < width; x++) {
                    r[x] = 0.299f * r[x] + 0.587f * g[x] + 0.114f * b[x];
                }
                rs.apply(r, x0, 1, tmp[0], y * t, 1);
            } else {
                rs.apply(r, x0, 1, tmp[0], y * t, 1);
                rs.apply(g, x0, 1, tmp[1], y * t, 1);
                rs.apply(b, x0, 1, tmp[2], y * t, 1);
            }
        }
        byte[] out = new byte[ch * t * t];
        float[] col = new float[t];
        for (int c = 0; c < ch; c++) {
            float[] plane = tmp[c];
            int base = c * t * t;
            for (int oy = 0; oy < t; oy++) {
                java.util.Arrays.fill(col, 0f);
                int s = rs.start[oy];
                int n = rs.count[oy];
                int wi = oy * rs.taps;
                for (int k = 0; k < n; k++) {
                    float w = rs.weights[wi + k];
                    int row = (s + k) * t;
                    for (int x = 0; x < t; x++) {
                        col[x] += w * plane[row + x];
                    }
                }
                for (int x = 0; x < t; x++) {
                    out[base + oy * t + x] = toByte(col[x]);
                }
            }
        }
        return orientation > 1 && orientation <= 8 ? orient(out, ch, t, orientation) : out;
    }

    /** Resizes a square uint8 CHW image (e.g. an MNIST digit) to {@code spec}. */
    static byte[] resizeSquare(byte[] chw, int srcChannels, int srcSize, ImageSpec spec) {
        int plane = srcSize * srcSize;
        return render((y, r, g, b) -> {
            for (int x = 0; x < srcSize; x++) {
                int i = y * srcSize + x;
                r[x] = chw[i] & 0xFF;
                g[x] = srcChannels == 3 ? chw[plane + i] & 0xFF : r[x];
                b[x] = srcChannels == 3 ? chw[2 * plane + i] & 0xFF : r[x];
            }
        }, srcSize, srcSize, spec, 1);
    }

    static byte toByte(float v) {
        int i = Math.round(v);
        return (byte) (i < 0 ? 0 : Math.min(i, 255));
    }

    /** Applies EXIF orientation 2..8 to a square CHW image. */
    static byte[] orient(byte[] px, int channels, int n, int orientation) {
        byte[] out = new byte[px.length];
        int plane = n * n;
        int m = n - 1;
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    int sx;
                    int sy;
                    switch (orientation) {
                        case 2 -> { sx = m - x; sy = y; }
                        case 3 -> { sx = m - x; sy = m - y; }
                        case 4 -> { sx = x; sy = m - y; }
                        case 5 -> { sx = y; sy = x; }
                        case 6 -> { sx = y; sy = m - x; }
                        case 7 -> { sx = m - y; sy = m - x; }
                        case 8 -> { sx = m - y; sy = x; }
                        default -> { sx = x; sy = y; }
                    }
                    out[base + y * n + x] = px[base + sy * n + sx];
                }
            }
        }
        return out;
    }

    /** 1-D resampling weights from {@code src} samples to {@code dst} samples. */
    static final class Resampler {
        final int[] start;
        final int[] count;
        final float[] weights; // dst × taps
        final int taps;

        private Resampler(int[] start, int[] count, float[] weights, int taps) {
            this.start = start;
            this.count = count;
            this.weights = weights;
            this.taps = taps;
        }

        static Resampler of(int src, int dst) {
            int[] start = new int[dst];
            int[] count = new int[dst];
            if (src >= dst) {
                // area averaging: output i covers source interval [i*scale, (i+1)*scale)
                double scale = (double) src / dst;
                int taps = (int) Math.ceil(scale) + 1;
                float[] w = new float[dst * taps];
                for (int i = 0; i < dst; i++) {
                    double a = i * scale;
                    double b = Math.min(src, (i + 1) * scale);
                    int s = (int) Math.floor(a);
                    int e = Math.min(src, (int) Math.ceil(b - 1e-9));
                    start[i] = s;
                    count[i] = Math.max(1, e - s);
                    double sum = 0;
                    for (int k = 0; k < count[i]; k++) {
                        double lo = Math.max(a, s + k);
                        double hi = Math.min(b, s + k + 1);
                        double ov = Math.max(0, hi - lo);
                        w[i * taps + k] = (float) ov;
                        sum += ov;
                    }
                    for (int k = 0; k < count[i]; k++) {
                        w[i * taps + k] = (float) (w[i * taps + k] / sum);
                    }
                }
                return new Resampler(start, count, w, taps);
            }
            // bilinear (pixel centres aligned), clamped at the edges
            float[] w = new float[dst * 2];
            for (int i = 0; i < dst; i++) {
                double x = (i + 0.5) * src / dst - 0.5;
                x = Math.max(0, Math.min(src - 1, x));
                int x0 = (int) Math.floor(x);
                int x1 = Math.min(x0 + 1, src - 1);
                double f = x - x0;
                start[i] = x0;
                count[i] = x1 > x0 ? 2 : 1;
                w[i * 2] = (float) (count[i] == 2 ? 1 - f : 1);
                w[i * 2 + 1] = (float) (count[i] == 2 ? f : 0);
            }
            return new Resampler(start, count, w, 2);
        }

        /** Resamples {@code in[off + k*stride]} into {@code out[outOff + i*outStride]}. */
        void apply(float[] in, int off, int stride, float[] out, int outOff, int outStride) {
            for (int i = 0; i < start.length; i++) {
                float acc = 0;
                int s = off + start[i] * stride;
                int wi = i * taps;
                for (int k = 0; k < count[i]; k++) {
                    acc += weights[wi + k] * in[s + k * stride];
                }
                out[outOff + i * outStride] = acc;
            }
        }
    }
}
