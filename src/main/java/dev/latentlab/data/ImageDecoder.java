package dev.latentlab.data;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one image file (PNG 8/16-bit, gray or colour, JPEG incl. progressive, CMYK and YCCK,
 * BMP, GIF, TIFF) to uint8 CHW bytes of a given {@link ImageSpec}. Thread-safe (stateless).
 *
 * <p>Colour handling: RGB/gray samples are taken as stored (embedded ICC profiles are ignored,
 * as most ML tools do); transparent pixels are composited over white; 4-component JPEGs are read
 * as raw rasters and converted with the usual Adobe conventions (inverted CMYK, YCCK).
 */
final class ImageDecoder {
    /** Largest image we try to decode (pixels); bigger ones are skipped rather than risking OOM. */
    static final long MAX_PIXELS = 400_000_000L;

    private ImageDecoder() {
    }

    /** Why a file could not be used; the message is the user-facing reason. */
    static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;

        DecodeException(String reason) {
            super(reason, null, false, false);
        }
    }

    static byte[] decode(byte[] bytes, ImageSpec spec) throws DecodeException {
        if (bytes.length == 0) {
            throw new DecodeException("empty file");
        }
        try {
            return decodeWithImageIO(bytes, spec, false);
        } catch (DecodeException e) {
            throw e;
        } catch (EOFException e) {
            throw new DecodeException("truncated file (unexpected end of data)");
        } catch (IOException | RuntimeException e) {
            throw new DecodeException("corrupt or unsupported image (" + describe(e) + ")");
        }
    }

    private static byte[] decodeWithImageIO(byte[] bytes, ImageSpec spec, boolean rasterOnly)
            throws IOException, DecodeException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = findReader(in, bytes);
            try {
                reader.setInput(in, false, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((src, msg) -> warnings.add(msg));
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                boolean jpeg = format.equals("jpeg") || format.equals("jpg");
                JpegInfo info = jpeg ? JpegInfo.parse(bytes) : null;

                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new DecodeException("image has no pixels (" + w + "×" + h + ")");
                }
                if ((long) w * h > MAX_PIXELS) {
                    throw new DecodeException("image too large (" + w + "×" + h + ")");
                }
                int side = Math.min(w, h);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceRegion(new Rectangle((w - side) / 2, (h - side) / 2, side, side));
                // very large sources: let the reader skip pixels, keeping >= 8 samples per output pixel
                int sub = Math.max(1, side / (8 * spec.size()));
                if (sub > 1) {
                    param.setSourceSubsampling(sub, sub, 0, 0);
                }
                int orientation = info != null ? info.orientation() : 1;

                byte[] out;
                if (jpeg && (info.components() == 4 || rasterOnly)) {
                    Raster raster = reader.readRaster(0, param);
                    checkWarnings(warnings);
                    out = renderJpegRaster(raster, info, spec, orientation);
                } else {
                    BufferedImage img;
                    try {
                        img = reader.read(0, param);
                    } catch (IOException | RuntimeException e) {
                        if (jpeg && !rasterOnly && !(e instanceof EOFException) && !isTruncation(e)) {
                            // e.g. "Unsupported Image Type" or a broken ICC profile: decode the raw raster
                            return decodeWithImageIO(bytes, spec, true);
                        }
                        throw e;
                    }
                    checkWarnings(warnings);
                    out = renderImage(img, spec, orientation);
                }
                return out;
            } finally {
                reader.dispose();
            }
        }
    }

    private static ImageReader findReader(ImageInputStream in, byte[] bytes) throws IOException, DecodeException {
        Iterator<ImageReader> it = ImageIO.getImageReaders(in);
        while (it.hasNext()) {
            ImageReader r = it.next();
            // WBMP has no magic number and "recognises" almost anything
            if (!r.getFormatName().toLowerCase(Locale.ROOT).contains("wbmp")) {
                return r;
            }
        }
        throw new DecodeException(looksLikeText(bytes)
                ? "not an image (the file contains text)"
                : "not an image in a supported format (PNG, JPEG, BMP, GIF, TIFF)");
    }

    private static boolean looksLikeText(byte[] b) {
        int n = Math.min(b.length, 512);
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c == '\n' || c == '\r' || c == '\t' || (c >= 32 && c < 127) || c >= 0xC0) {
                printable++;
            }
        }
        return n > 0 && printable >= n * 0.95;
    }

    private static void checkWarnings(List<String> warnings) throws DecodeException {
        for (String w : warnings) {
            String l = w.toLowerCase(Locale.ROOT);
            if (l.contains("premature end") || l.contains("truncated")) {
                throw new DecodeException("truncated file (" + w + ")");
            }
        }
    }

    private static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Premature end") || m.contains("Truncated"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (root != e) {
            m += ": " + (root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName());
        }
        return m;
    }

    // ---- BufferedImage → rows ----

    static byte[] renderImage(BufferedImage img, ImageSpec spec, int orientation) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        int csType = cm.getColorSpace().getType();
        boolean raw = cm instanceof ComponentColorModel
                && ((csType == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3)
                || (csType == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1));
        ImageOps.RowSource rows;
        if (raw) {
            Raster ras = img.getRaster();
            int bands = ras.getNumBands();
            int colors = cm.getNumColorComponents();
            boolean alpha = cm.hasAlpha() && bands > colors;
            float[] scale = new float[bands];
            for (int i = 0; i < bands; i++) {
                int bits = cm.getComponentSize(Math.min(i, cm.getNumComponents() - 1));
                scale[i] = (float) (255.0 / ((1L << bits) - 1));
            }
            int[] buf = new int[w * bands];
            int mx = ras.getMinX();
            int my = ras.getMinY();
            rows = (y, r, g, b) -> {
                ras.getPixels(mx, my + y, w, 1, buf);
                for (int x = 0, p = 0; x < w; x++, p += bands) {
                    float rv = buf[p] * scale[0];
                    float gv = colors == 3 ? buf[p + 1] * scale[1] : rv;
                    float bv = colors == 3 ? buf[p + 2] * scale[2] : rv;
                    if (alpha) {
                        float a = buf[p + colors] * scale[colors] / 255f;
                        rv = rv * a + 255f * (1 - a);
                        gv = gv * a + 255f * (1 - a);
                        bv = bv * a + 255f * (1 - a);
                    }
                    r[x] = rv;
                    g[x] = gv;
                    b[x] = bv;
                }
            };
        } else {
            int[] buf = new int[w];
            boolean alpha = cm.hasAlpha();
            rows = (y, r, g, b) -> {
                img.getRGB(0, y, w, 1, buf, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = buf[x];
                    float rv = (argb >> 16) & 0xFF;
                    float gv = (argb >> 8) & 0xFF;
                    float bv = argb & 0xFF;
                    if (alpha) {
                        float a = (argb >>> 24) / 255f;
                        rv = rv * a + 255f * (1 - a);
                        gv = gv * a + 255f * (1 - a);
                        bv = bv * a + 255f * (1 - a);
                    }
                    r[x] = rv;
                    g[x] = gv;
                    b[x] = bv;
                }
            };
        }
        return ImageOps.render(rows, w, h, spec, orientation);
    }

    // ---- raw JPEG rasters (CMYK, YCCK, and the fallback for YCbCr/gray) ----

    static byte[] renderJpegRaster(Raster ras, JpegInfo info, ImageSpec spec, int orientation) throws DecodeException {
        int w = ras.getWidth();
        int h = ras.getHeight();
        int bands = ras.getNumBands();
        int mx = ras.getMinX();
        int my = ras.getMinY();
        int[] buf = new int[w * bands];
        ImageOps.RowSource rows;
        if (bands == 4) {
            boolean ycck = info.adobeTransform() == 2;
            rows = (y, r, g, b) -> {
                ras.getPixels(mx, my + y, w, 1, buf);
                for (int x = 0, p = 0; x < w; x++, p += 4) {
                    float c;
                    float m;
                    float ye;
                    if (ycck) {
                        // YCC encodes the ink amounts; the stored (Adobe-inverted) CMY is 255 - that
                        float yy = buf[p];
                        float cb = buf[p + 1] - 128f;
                        float cr = buf[p + 2] - 128f;
                        c = 255f - clamp(yy + 1.402f * cr);
                        m = 255f - clamp(yy - 0.344136f * cb - 0.714136f * cr);
                        ye = 255f - clamp(yy + 1.772f * cb);
                    } else {
                        c = buf[p];
                        m = buf[p + 1];
                        ye = buf[p + 2];
                    }
                    // Adobe convention (which libjpeg-based tools assume for all CMYK JPEGs):
                    // samples are inverted, 255 = no ink
                    float k = buf[p + 3] / 255f;
                    r[x] = c * k;
                    g[x] = m * k;
                    b[x] = ye * k;
                }
            };
        } else if (bands == 3) {
            boolean rgb = info.adobe() && info.adobeTransform() == 0;
            rows = (y, r, g, b) -> {
                ras.getPixels(mx, my + y, w, 1, buf);
                for (int x = 0, p = 0; x < w; x++, p += 3) {
                    if (rgb) {
                        r[x] = buf[p];
                        g[x] = buf[p + 1];
                        b[x] = buf[p + 2];
                    } else {
                        float yy = buf[p];
                        float cb = buf[p + 1] - 128f;
                        float cr = buf[p + 2] - 128f;
                        r[x] = clamp(yy + 1.402f * cr);
                        g[x] = clamp(yy - 0.344136f * cb - 0.714136f * cr);
                        b[x] = clamp(yy + 1.772f * cb);
                    }
                }
            };
        } else if (bands == 1) {
            rows = (y, r, g, b) -> {
                ras.getPixels(mx, my + y, w, 1, buf);
                for (int x = 0; x < w; x++) {
                    r[x] = buf[x];
                    g[x] = buf[x];
                    b[x] = buf[x];
                }
            };
        } else {
            throw new DecodeException("unsupported JPEG with " + bands + " colour components");
        }
        return ImageOps.render(rows, w, h, spec, orientation);
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : Math.min(v, 255f);
    }
}
