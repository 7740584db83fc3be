package dev.latentlab.ui.inside;

import dev.latentlab.explain.GeneratorStages.Stage;
import dev.latentlab.ui.ablate.ChannelTiles;

/**
 * One stage's channels as tiles of a single image: a near-square grid, one pixel of gap between
 * tiles, each channel scaled from its own minimum to its own maximum on Ablate's dark-to-yellow
 * scale. One image per stage (not a node per channel), so 512 channels redraw at display rate.
 * No nodes: the layout and the pixels, and which channel a point of the image falls on.
 */
record Mosaic(int tiles, int columns, int rows, int tileWidth, int tileHeight) {
    static final int GAP = 1;

    static Mosaic of(Stage s) {
        int cols = (int) Math.ceil(Math.sqrt(s.channels()));
        int rows = (s.channels() + cols - 1) / cols;
        return new Mosaic(s.channels(), cols, rows, s.width(), s.height());
    }

    int width() {
        return columns * (tileWidth + GAP) - GAP;
    }

    int height() {
        return rows * (tileHeight + GAP) - GAP;
    }

    /** The channel under image pixel (x, y), or −1 on a gap or past the last tile. */
    int channelAt(double x, double y) {
        int col = (int) Math.floor(x / (tileWidth + GAP));
        int row = (int) Math.floor(y / (tileHeight + GAP));
        if (x < 0 || y < 0 || col >= columns || row >= rows || x - col * (tileWidth + GAP) >= tileWidth
                || y - row * (tileHeight + GAP) >= tileHeight) {
            return -1;
        }
        int c = row * columns + col;
        return c < tiles ? c : -1;
    }

    /** The top-left image pixel of channel c's tile. */
    int x(int c) {
        return (c % columns) * (tileWidth + GAP);
    }

    int y(int c) {
        return (c / columns) * (tileHeight + GAP);
    }

    /** The stage's tiles as ARGB, width() × height(); gaps transparent. */
    int[] argb(Stage s) {
        int w = width();
        int[] px = new int[w * height()];
        for (int c = 0; c < tiles; c++) {
            paint(s.values(), c * s.plane(), tileWidth, tileHeight, px, w, x(c), y(c));
        }
        return px;
    }

    /** One map [h, w] from {@code off}, min → dark, max → yellow, into {@code px} (row length {@code stride}). */
    static void paint(float[] values, int off, int w, int h, int[] px, int stride, int x0, int y0) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int p = off; p < off + w * h; p++) {
            lo = Math.min(lo, values[p]);
            hi = Math.max(hi, values[p]);
        }
        float span = hi - lo;
        for (int r = 0; r < h; r++) {
            for (int q = 0; q < w; q++) {
                float v = values[off + r * w + q];
                px[(y0 + r) * stride + x0 + q] = ChannelTiles.heat(span <= 0 ? 0 : (v - lo) / span);
            }
        }
    }
}
