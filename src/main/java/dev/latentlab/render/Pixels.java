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
        BufferedImage img = gridCanvas(images.size(), w, h, cols, scale);
        for (int k = 0; k < images.size(); k++) {
            place(img, k, images.get(k), w, h, cols, scale);
        }
        return img;
    }

    private static final int GAP = 2;

    /** An empty grid (the gaps' grey) for n images: fill it with {@link #place}, a batch at a time. */
    public static BufferedImage gridCanvas(int n, int w, int h, int cols, int scale) {
        int rows = (n + cols - 1) / cols;
        long width = (long) cols * w * scale + (cols + 1L) * GAP;
        long height = (long) rows * h * scale + (rows + 1L) * GAP;
        checkSize(width, height);
        BufferedImage img = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] bg = new int[img.getWidth()];
        java.util.Arrays.fill(bg, 0xff202020);
        for (int y = 0; y < img.getHeight(); y++) {
            img.setRGB(0, y, img.getWidth(), 1, bg, 0, img.getWidth());
        }
        return img;
    }

    /** Puts image k of a {@link #gridCanvas}. */
    public static void place(BufferedImage grid, int k, int[] argb, int w, int h, int cols, int scale) {
        int cw = w * scale;
        int ch = h * scale;
        int x0 = GAP + (k % cols) * (cw + GAP);
        int y0 = GAP + (k / cols) * (ch + GAP);
        grid.setRGB(x0, y0, cw, ch, scale(argb, w, h, scale), 0, cw);
    }

    /** The most pixels an image LatentLab makes may have (256 MB as RGB in memory). */
    public static final long MAX_PIXELS = 1L << 26;

    /** Refuses an image too large to hold in memory, before any work, in words that say what to change. */
    public static void checkSize(long width, long height) {
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || width * height > MAX_PIXELS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the image would be %d × %d pixels (%.0f million); LatentLab makes images of at most %d million"
                    + " pixels: lower --scale or the number of images", width, height, width * (double) height / 1e6,
                    MAX_PIXELS / 1_000_000));
        }
    }

    /**
     * Refuses an output name whose extension is not .png (the bytes written are PNG, and a viewer
     * trusting a .jpg name would misread them).
     */
    public static void requirePng(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && !name.substring(dot + 1).equalsIgnoreCase("png")) {
            throw new IllegalArgumentException(file + ": LatentLab writes PNG images; give a name ending in .png");
        }
    }

    public static BufferedImage image(Generated g, int n, int scale) {
        checkSize((long) g.width() * scale, (long) g.height() * scale);
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
        checkSize((long) w * scale, (long) h * scale);
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w * scale, h * scale, scale(argb, w, h, scale), 0, w * scale);
        return img;
    }

    /** Frames side by side in one row, each scaled by an integer factor, no gaps. */
    public static BufferedImage strip(java.util.List<int[]> frames, int w, int h, int scale) {
        checkSize((long) frames.size() * w * scale, (long) h * scale);
        BufferedImage img = new BufferedImage(frames.size() * w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < frames.size(); i++) {
            img.setRGB(i * w * scale, 0, w * scale, h * scale, scale(frames.get(i), w, h, scale), 0, w * scale);
        }
        return img;
    }

    public static void writePng(BufferedImage img, Path file) throws IOException {
        requirePng(file);
        AtomicFiles.write(file, out -> PngEncoder.write(img, out));
    }
}
