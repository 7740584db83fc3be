package dev.latentlab.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy .npy and .npz files of float32 arrays, C order (the format numpy.save writes).
 * Reading also accepts float64, int64, int32 and uint8 and converts to float.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** A float array with its shape. */
    public record Array(long[] shape, float[] data) {
        public Array {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + data.length);
            }
        }

        public int dim(int i) {
            return (int) shape[i];
        }

        public String shapeString() {
            return Arrays.toString(shape);
        }
    }

    public static Array read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static Array read(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(6);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + " is not a NumPy .npy file (bad magic)");
        }
        int major = in.read();
        in.read();
        int headerLen;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            headerLen = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new IOException(name + ": unsupported .npy version " + major);
        }
        String header = new String(in.readNBytes(headerLen), StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(name + ": unreadable .npy header: " + header.trim());
        }
        if (f.group(1).equals("True")) {
            throw new IOException(name + ": Fortran-ordered arrays are not supported; save with C order");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.trim()));
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long x : shape) {
            count *= x;
        }
        if (count > Integer.MAX_VALUE / 8) {
            throw new IOException(name + ": array too large: " + Arrays.toString(shape));
        }
        String descr = d.group(1);
        int width = switch (descr) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "|u1", "|i1", "|b1" -> 1;
            default -> throw new IOException(name + ": unsupported dtype " + descr + " (expected float32)");
        };
        byte[] raw = in.readNBytes((int) count * width);
        if (raw.length != count * width) {
            throw new IOException(name + " is truncated: expected " + count * width + " data bytes, found " + raw.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[(int) count];
        for (int i = 0; i < count; i++) {
            data[i] = switch (descr) {
                case "<f4" -> buf.getFloat();
                case "<f8" -> (float) buf.getDouble();
                case "<i4" -> buf.getInt();
                case "<i8" -> buf.getLong();
                case "|i1" -> buf.get();
                default -> buf.get() & 0xff;
            };
        }
        return new Array(shape, data);
    }

    public static void write(OutputStream out, Array array) throws IOException {
        writeHeader(out, array.shape());
        writeFloats(out, array.data(), 0, array.data().length);
    }

    /** A float32 array's header: its values follow with {@link #writeFloats}, as many as the shape holds. */
    public static void writeHeader(OutputStream out, long[] dims) throws IOException {
        StringBuilder shape = new StringBuilder();
        for (long dim : dims) {
            shape.append(dim).append(", ");
        }
        if (dims.length > 1) {
            shape.setLength(shape.length() - 2);
        } else if (dims.length == 1) {
            shape.setLength(shape.length() - 1);
        }
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = MAGIC.length + 2 + 2 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8 & 0xff);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Values after {@link #writeHeader}, a part at a time (little-endian float32). */
    public static void writeFloats(OutputStream out, float[] data, int from, int count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data, from, count);
        out.write(buf.array());
    }

    /** Writes atomically: a temporary file in the same folder, then a rename. */
    public static void write(Path file, Array array) throws IOException {
        AtomicFiles.write(file, out -> write(out, array));
    }

    public static Map<String, Array> readNpz(Path file) throws IOException {
        Map<String, Array> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String key = e.getName().endsWith(".npy")
                        ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                out.put(key, read(zip, file.getFileName() + ":" + e.getName()));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is not a valid .npz archive (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no arrays (empty or not an .npz archive)");
        }
        return out;
    }

    /** Writes an uncompressed .npz (numpy.savez) atomically. */
    /** 1980-01-01 00:00 local time, the zip format's epoch: every entry's timestamp. */
    private static final long FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();

    public static void writeNpz(Path file, Map<String, Array> arrays) throws IOException {
        AtomicFiles.write(file, os -> {
            ZipOutputStream zip = new ZipOutputStream(os);
            zip.setLevel(1);
            for (Map.Entry<String, Array> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setTime(FIXED_TIME); // the same arrays make the same bytes: a model folder round-trips exactly
                zip.putNextEntry(entry);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                write(bytes, e.getValue());
                bytes.writeTo(zip);
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
