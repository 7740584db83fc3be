package dev.latentlab.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * One image file read exactly as a training image of {@link ImageFolder} is (same decoder,
 * centre crop to a square, resize to the model's size, gray ↔ RGB), for tools that take a
 * user's own picture. The conversions that happened are named in {@link Image#notes()}.
 */
public final class ImageFile {
    /** Smallest side accepted: below this the picture holds almost nothing to match. */
    public static final int MIN_SIDE = 4;
    private static final long MAX_FILE_BYTES = 256L << 20;

    private ImageFile() {}

    /**
     * A decoded image: uint8 CHW bytes of {@code spec}, the source's size, whether the source was
     * gray (every pixel R = G = B), and the conversions made, for people.
     */
    public record Image(Path file, ImageSpec spec, byte[] chw, int sourceWidth, int sourceHeight, boolean sourceGray,
            List<String> notes) {
        /** The pixels as floats in [-1, 1], as the networks see them (x / 127.5 − 1). */
        public float[] floats() {
            float[] f = new float[chw.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (chw[i] & 0xFF) / 127.5f - 1f;
            }
            return f;
        }
    }

    /**
     * Reads {@code file} for a model of {@code spec}.
     *
     * @throws DatasetException with a message for people: not an image, empty, truncated,
     *     too small, unreadable
     */
    public static Image read(Path file, ImageSpec spec) {
        byte[] bytes;
        try {
            if (!Files.isRegularFile(file)) {
                throw new DatasetException(file + ": " + (Files.exists(file) ? "not a file" : "no such file"));
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new DatasetException(file + ": file too large (" + size / 1_000_000 + " MB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + dev.latentlab.io.IoErrors.plain(e), e);
        }
        int[] wh = dimensions(bytes);
        if (wh != null && Math.min(wh[0], wh[1]) < MIN_SIDE) {
            throw new DatasetException(file + ": the image is " + wh[0] + "×" + wh[1] + " pixels; at least "
                    + MIN_SIDE + "×" + MIN_SIDE + " are needed to encode it");
        }
        byte[] rgb;
        try {
            rgb = ImageDecoder.decode(bytes, ImageSpec.rgb(spec.size()));
        } catch (ImageDecoder.DecodeException e) {
            throw new DatasetException(file + ": " + e.getMessage());
        }
        boolean gray = isGray(rgb);
        List<String> notes = new ArrayList<>();
        byte[] chw = rgb;
        if (spec.isGray()) {
            try {
                chw = ImageDecoder.decode(bytes, spec);
            } catch (ImageDecoder.DecodeException e) {
                throw new DatasetException(file + ": " + e.getMessage());
            }
            if (!gray) {
                notes.add("colour image converted to gray (luma 0.299 R + 0.587 G + 0.114 B) for this gray model");
            }
        } else if (gray) {
            notes.add("gray image: its gray value is used for R, G and B of this RGB model");
        }
        if (hasTransparency(bytes)) {
            notes.add("transparent pixels composited over white (the model knows no transparency)");
        }
        int w = wh != null ? wh[0] : spec.size();
        int h = wh != null ? wh[1] : spec.size();
        int side = Math.min(w, h);
        if (w != h) {
            notes.add(String.format(Locale.ROOT, "%d×%d image: only its centre %d×%d square is used%s", w, h, side,
                    side, Math.max(w, h) >= 4 * side ? " (most of this elongated picture is cut away)" : ""));
        }
        if (side < spec.size()) {
            notes.add(side + "×" + side + " upscaled to " + spec.size() + "×" + spec.size() + " (blurry)");
        } else if (side > spec.size()) {
            notes.add("resized from " + side + "×" + side + " to " + spec.size() + "×" + spec.size());
        }
        return new Image(file, spec, chw, w, h, gray, List.copyOf(notes));
    }

    /** Width and height from the file's header, or null when no reader knows the format. */
    private static int[] dimensions(byte[] bytes) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            while (it.hasNext()) {
                ImageReader r = it.next();
                if (r.getFormatName().toLowerCase(Locale.ROOT).contains("wbmp")) {
                    continue;
                }
                try {
                    r.setInput(in, true, true);
                    return new int[] {r.getWidth(0), r.getHeight(0)};
                } finally {
                    r.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the decoder reports what is wrong with the file
        }
        return null;
    }

    /** Whether any pixel is less than opaque (such pixels are decoded over white). */
    private static boolean hasTransparency(byte[] bytes) {
        java.awt.image.BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return false; // the decoder has read it already; a reader that cannot is not asked again
        }
        if (img == null || !img.getColorModel().hasAlpha()) {
            return false;
        }
        int[] row = new int[img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, row.length, 1, row, 0, row.length);
            for (int argb : row) {
                if (argb >>> 24 != 0xff) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isGray(byte[] rgb) {
        int n = rgb.length / 3;
        for (int i = 0; i < n; i++) {
            if (Math.abs(rgb[i] - rgb[n + i]) > 1 || Math.abs(rgb[i] - rgb[2 * n + i]) > 1) {
                return false;
            }
        }
        return true;
    }
}
