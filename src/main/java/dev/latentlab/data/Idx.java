package dev.latentlab.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * MNIST's IDX files: images (magic 0x00000803: uint8, count × rows × cols, big-endian header) and
 * labels (magic 0x00000801: uint8, count). Files may be raw or gzipped; gzip is recognised by its
 * magic bytes, not by the file name. Writers gzip when the output name ends in ".gz".
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {
    }

    /** Raw IDX images: {@code data} holds {@code count} row-major {@code rows×cols} uint8 images back to back. */
    public record Images(int count, int rows, int cols, byte[] data) {
        public Images {
            if ((long) count * rows * cols != data.length) {
                throw new IllegalArgumentException(data.length + " bytes for " + count + " images of " + rows + "×" + cols);
            }
        }

        /** A copy of image {@code i}'s pixels. */
        public byte[] image(int i) {
            int n = rows * cols;
            byte[] out = new byte[n];
            System.arraycopy(data, java.util.Objects.checkIndex(i, count) * n, out, 0, n);
            return out;
        }
    }

    /** Reads an IDX image file. Bad magic, truncation or corruption → {@link DatasetException} naming the file. */
    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            int magic = readInt(in, file, "header");
            if (magic != IMAGES_MAGIC) {
                throw new DatasetException(magic == LABELS_MAGIC
                        ? "IDX file " + file + " holds labels, not images"
                        : String.format(Locale.ROOT, "Not an IDX image file: %s (magic 0x%08X, expected 0x%08X)",
                        file, magic, IMAGES_MAGIC));
            }
            int count = readInt(in, file, "header");
            int rows = readInt(in, file, "header");
            int cols = readInt(in, file, "header");
            long total = (long) count * rows * cols;
            if (count < 0 || rows <= 0 || cols <= 0 || total > Integer.MAX_VALUE - 16) {
                throw new DatasetException("Bad IDX header in " + file + ": " + count + " images of " + rows + "×" + cols);
            }
            byte[] data = new byte[(int) total];
            int got = in.readNBytes(data, 0, data.length);
            if (got < data.length) {
                throw new DatasetException("Truncated IDX file " + file + ": header says " + count + " images of "
                        + rows + "×" + cols + " (" + total + " bytes) but only " + got + " bytes follow");
            }
            return new Images(count, rows, cols, data);
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /** Reads an IDX label file (values 0..255). */
    public static int[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            int magic = readInt(in, file, "header");
            if (magic != LABELS_MAGIC) {
                throw new DatasetException(magic == IMAGES_MAGIC
                        ? "IDX file " + file + " holds images, not labels"
                        : String.format(Locale.ROOT, "Not an IDX label file: %s (magic 0x%08X, expected 0x%08X)",
                        file, magic, LABELS_MAGIC));
            }
            int count = readInt(in, file, "header");
            if (count < 0) {
                throw new DatasetException("Bad IDX header in " + file + ": " + count + " labels");
            }
            byte[] raw = new byte[count];
            int got = in.readNBytes(raw, 0, count);
            if (got < count) {
                throw new DatasetException("Truncated IDX file " + file + ": header says " + count
                        + " labels but only " + got + " follow");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw ioError(file, e);
        }
    }

    /**
     * Loads IDX images (and optionally labels) as an {@link ImageSet} of {@code spec}: gray images
     * are replicated to RGB if asked; 28×28 → 32×32 (generally size+4) pads 2 black pixels on each
     * side, as is conventional for MNIST; other sizes are resampled (non-square images are
     * centre-cropped).
     */
    public static ImageSet loadImages(Path images, Optional<Path> labels, ImageSpec spec) {
        Images raw = readImages(images);
        int[] labs = labels.map(Idx::readLabels).orElse(null);
        if (labs != null && labs.length != raw.count()) {
            throw new DatasetException("Label file " + labels.get() + " has " + labs.length + " labels but "
                    + images + " has " + raw.count() + " images");
        }
        if (raw.count() == 0) {
            throw new DatasetException("IDX file " + images + " holds no images");
        }
        byte[][] out = new byte[raw.count()][];
        int n = raw.rows() * raw.cols();
        boolean square = raw.rows() == raw.cols();
        int t = spec.size();
        for (int i = 0; i < raw.count(); i++) {
            int off = i * n;
            byte[] gray;
            if (square && t == raw.rows()) {
                gray = new byte[n];
                System.arraycopy(raw.data(), off, gray, 0, n);
            } else if (square && t == raw.rows() + 4) {
                gray = new byte[t * t];
                for (int y = 0; y < raw.rows(); y++) {
                    System.arraycopy(raw.data(), off + y * raw.cols(), gray, (y + 2) * t + 2, raw.cols());
                }
            } else {
                int cols = raw.cols();
                gray = ImageOps.render((y, r, g, b) -> {
                    for (int x = 0; x < cols; x++) {
                        float v = raw.data()[off + y * cols + x] & 0xFF;
                        r[x] = v;
                        g[x] = v;
                        b[x] = v;
                    }
                }, raw.cols(), raw.rows(), ImageSpec.gray(t), 1);
            }
            if (spec.channels() == 3) {
                byte[] rgb = new byte[3 * t * t];
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(gray, 0, rgb, c * t * t, t * t);
                }
                gray = rgb;
            }
            out[i] = gray;
        }
        String name = images.getFileName().toString();
        String[] names = new String[raw.count()];
        for (int i = 0; i < names.length; i++) {
            names[i] = name + "#" + i;
        }
        return new ImageSet(name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name, spec, out, names,
                labs, null, List.of());
    }

    /**
     * The labels file that goes with an images file by MNIST naming ("train-images-idx3-ubyte.gz" →
     * "train-labels-idx1-ubyte.gz", also ".idx3-ubyte" and "-images.idx" styles, with or without .gz).
     */
    public static Optional<Path> findLabelsFor(Path images) {
        String name = images.getFileName().toString();
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        String l = base.replace("images", "labels").replace("Images", "Labels").replace("idx3", "idx1");
        if (l.equals(base)) {
            return Optional.empty();
        }
        Path dir = images.toAbsolutePath().getParent();
        for (String candidate : List.of(l + ".gz", l)) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Writes IDX images ({@code data}: count row-major rows×cols uint8 images); gzipped if the name ends in ".gz". */
    public static void writeImages(Path out, int rows, int cols, byte[] data) {
        int n = rows * cols;
        if (n <= 0 || data.length % n != 0) {
            throw new IllegalArgumentException(data.length + " bytes is not a whole number of " + rows + "×" + cols + " images");
        }
        try (DataOutputStream d = new DataOutputStream(create(out))) {
            d.writeInt(IMAGES_MAGIC);
            d.writeInt(data.length / n);
            d.writeInt(rows);
            d.writeInt(cols);
            d.write(data);
        } catch (IOException e) {
            throw new DatasetException("Cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** Writes IDX images; gzipped if the name ends in ".gz". */
    public static void writeImages(Path out, Images images) {
        writeImages(out, images.rows(), images.cols(), images.data());
    }

    /** Writes IDX labels (each 0..255); gzipped if the name ends in ".gz". */
    public static void writeLabels(Path out, int[] labels) {
        try (DataOutputStream d = new DataOutputStream(create(out))) {
            d.writeInt(LABELS_MAGIC);
            d.writeInt(labels.length);
            for (int v : labels) {
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("label " + v + " is outside 0..255");
                }
                d.write(v);
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream create(Path out) throws IOException {
        OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
        return out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPOutputStream(o, 1 << 16) : o;
    }

    /** Opens a file, transparently un-gzipping it if it starts with the gzip magic bytes. */
    static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("IDX file not found: " + file);
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    private static int readInt(InputStream in, Path file, String what) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new DatasetException("Truncated IDX file " + file + " (ends inside the " + what + ")");
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static DatasetException ioError(Path file, IOException e) {
        if (e instanceof EOFException) {
            return new DatasetException("Truncated IDX file " + file + " (unexpected end of compressed data)", e);
        }
        if (e instanceof ZipException) {
            return new DatasetException("Corrupt gzip data in IDX file " + file + ": " + e.getMessage(), e);
        }
        return new DatasetException("Cannot read IDX file " + file + ": " + e.getMessage(), e);
    }
}
