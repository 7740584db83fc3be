package dev.latentlab.render;

import dev.latentlab.io.AtomicFiles;
import dev.latentlab.model.Generated;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Generator output (CHW floats in [-1, 1]) to ARGB pixels, grids and PNG files. */
public final class Pixels {
    private Pixels() {}

    private static int channel(float v) {
        int c = Math.round((v + 1f) * 127.5f);
        return c < 0 ? 0 : c > 255 ? 255 : c;
    }

    /** Image n of a batch as ARGB, row-major. */
    public static int[] argb(Generated g, int n) {
        return argb(g.images(), n * g.imageLength(), g.channels(), g.height(), g.width());
    }

    public static int[] argb(float[] chw, int offset, int channels, int h, int w) {
        int plane = h * w;
        int[] out = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r;
            int gr;
            int b;
            if (channels == 1) {
                r = gr = b = channel(chw[offset + i]);
            } else {
                r = channel(chw[offset + i]);
                gr = channel(chw[offset + plane + i]);
                b = channel(chw[offset + 2 * plane + i]);
            }
            out[i] = 0xff000000 | r << 16 | gr << 8 | b;
        }
        return out;
    }

    /** A cols-wide grid of the batch, each image scaled by an integer factor (nearest neighbour), 2 px gaps. */
    public static BufferedImage grid(Generated g, int cols, int scale) {
        java.util.List<int[]> images = new java.util.ArrayList<>(g.count());
        for (int k = 0; k < g.count(); k++) {
            images.add(argb(g, k));
        }
        return grid(images, g.width(), g.height(), cols, scale);
    }

    /** A cols-wide grid of w × h ARGB images, each scaled by an integer factor (nearest neighbour), 2 px gaps. */
    public static BufferedImage grid(java.util.List<int[]> images, int w, int h, int cols, int scale) {
        int n = images.size();
        int rows = (n + cols - 1) / cols;
        int gap = 2;
        int cw = w * scale;
        int ch = h * scale;
        BufferedImage img = new BufferedImage(cols * cw + (cols + 1) * gap, rows * ch + (rows + 1) * gap,
                BufferedImage.TYPE_INT_RGB);
        int[] bg = new int[img.getWidth() * img.getHeight()];
        java.util.Arrays.fill(bg, 0xff202020);
        img.setRGB(0, 0, img.getWidth(), img.getHeight(), bg, 0, img.getWidth());
        for (int k = 0; k < n; k++) {
            int[] px = scale(images.get(k), w, h, scale);
            int x0 = gap + (k % cols) * (cw + gap);
            int y0 = gap + (k / cols) * (ch + gap);
            img.setRGB(x0, y0, cw, ch, px, 0, cw);
        }
        return img;
    }

    public static BufferedImage image(Generated g, int n, int scale) {
        BufferedImage img = new BufferedImage(g.width() * scale, g.height() * scale, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, img.getWidth(), img.getHeight(), scale(argb(g, n), g.width(), g.height(), scale), 0,
                img.getWidth());
        return img;
    }

    /** Nearest-neighbour upscaling by an integer factor. */
    public static int[] scale(int[] px, int w, int h, int s) {
        if (s == 1) {
            return px;
        }
        int[] out = new int[w * s * h * s];
        for (int y = 0; y < h * s; y++) {
            int src = (y / s) * w;
            int dst = y * w * s;
            for (int x = 0; x < w * s; x++) {
                out[dst + x] = px[src + x / s];
            }
        }
        return out;
    }

    /** ARGB pixels (w × h) as an image scaled by an integer factor (nearest neighbour). */
    public static BufferedImage image(int[] argb, int w, int h, int scale) {
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w * scale, h * scale, scale(argb, w, h, scale), 0, w * scale);
        return img;
    }

    /** Frames side by side in one row, each scaled by an integer factor, no gaps. */
    public static BufferedImage strip(java.util.List<int[]> frames, int w, int h, int scale) {
        BufferedImage img = new BufferedImage(frames.size() * w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < frames.size(); i++) {
            img.setRGB(i * w * scale, 0, w * scale, h * scale, scale(frames.get(i), w, h, scale), 0, w * scale);
        }
        return img;
    }

    public static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, out -> PngEncoder.write(img, out));
    }
}
