package dev.latentlab.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (huggingface/safetensors), read and written without Python:
 * <pre>
 *   u64 N (little-endian)   the header's length in bytes
 *   N bytes of UTF-8 JSON   {NAME: {"dtype": "F32", "shape": [..], "data_offsets": [BEGIN, END]}, …,
 *                            "__metadata__": {STR: STR}}   (padded with spaces to a multiple of 8)
 *   the byte buffer         each tensor's values at [BEGIN, END) of it, C order, little-endian
 * </pre>
 * Reading converts F32, F16, BF16 and F64 (and the integer types, e.g. a BatchNorm's I64
 * num_batches_tracked) to float32; writing writes F32. A file that breaks the format is refused
 * with a {@link ModelException} naming the file and the problem.
 */
public final class SafetensorsFile {
    public static final String EXTENSION = ".safetensors";
    static final String METADATA = "__metadata__";
    /** The reference implementation refuses headers over 100 MB; so do we. */
    static final long MAX_HEADER = 100_000_000L;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafetensorsFile() {}

    /** The tensors (float32, in the header's order) and the header's {@code __metadata__}. */
    public record Contents(Map<String, Npy.Array> tensors, Map<String, String> metadata) {}

    private enum Dtype {
        F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        float get(ByteBuffer b) {
            return switch (this) {
                case F32 -> b.getFloat();
                case F16 -> PthReader.halfToFloat(b.getShort());
                case BF16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                case F64 -> (float) b.getDouble();
                case I64 -> b.getLong();
                case I32 -> b.getInt();
                case I16 -> b.getShort();
                case I8 -> b.get();
                case U8, BOOL -> b.get() & 0xff;
            };
        }

        static Dtype parse(String s) {
            for (Dtype d : values()) {
                if (d.name().equals(s)) {
                    return d;
                }
            }
            return null;
        }
    }

    private record Entry(String name, Dtype dtype, long[] shape, long begin, long end) {}

    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + " does not exist or is not a file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelException(file + " is too short to be a safetensors file (" + size
                        + " bytes; it starts with an 8-byte header length)");
            }
            long n = readFully(ch, 0, 8, file).getLong();
            if (n < 2 || n > MAX_HEADER) {
                throw new ModelException(file + " is not a safetensors file: its header length is " + Long.toUnsignedString(n)
                        + " bytes (at most " + MAX_HEADER + ")");
            }
            if (n > size - 8) {
                throw new ModelException(file + ": the header (" + n + " bytes) runs past the end of the file ("
                        + size + " bytes): truncated, or not a safetensors file");
            }
            String json = StandardCharsets.UTF_8.decode(readFully(ch, 8, (int) n, file)).toString();
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            JsonObject header;
            try {
                JsonElement e = JsonParser.parseString(json);
                if (!e.isJsonObject()) {
                    throw new ModelException(file + ": the safetensors header is not a JSON object");
                }
                header = e.getAsJsonObject();
            } catch (JsonParseException e) {
                throw new ModelException(file + ": the safetensors header is not valid JSON (" + e.getMessage() + ")", e);
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals(METADATA)) {
                    metadata = metadata(e.getValue(), file);
                } else {
                    entries.add(entry(e.getKey(), e.getValue(), dataSize, file));
                }
            }
            checkOverlaps(entries, file);
            Map<String, Npy.Array> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer b = readFully(ch, dataStart + e.begin, (int) (e.end - e.begin), file);
                float[] values = new float[(int) ((e.end - e.begin) / e.dtype.bytes)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = e.dtype.get(b);
                }
                tensors.put(e.name, new Npy.Array(e.shape, values));
            }
            if (tensors.isEmpty()) {
                throw new ModelException(file + " holds no tensors");
            }
            return new Contents(tensors, metadata);
        } catch (IOException e) {
            throw new ModelException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new ModelException(file + " is truncated");
            }
        }
        return b.flip();
    }

    private static Map<String, String> metadata(JsonElement value, Path file) {
        if (!value.isJsonObject()) {
            throw new ModelException(file + ": __metadata__ is not a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            if (!m.getValue().isJsonPrimitive() || !m.getValue().getAsJsonPrimitive().isString()) {
                throw new ModelException(file + ": __metadata__ value '" + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().getAsString());
        }
        return out;
    }

    private static Entry entry(String name, JsonElement value, long dataSize, Path file) {
        String where = file + ": tensor '" + name + "'";
        if (!value.isJsonObject()) {
            throw new ModelException(where + " is not described by a JSON object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dt = o.get("dtype");
        if (dt == null || !dt.isJsonPrimitive()) {
            throw new ModelException(where + " has no dtype");
        }
        Dtype dtype = Dtype.parse(dt.getAsString());
        if (dtype == null) {
            throw new ModelException(where + " has dtype '" + dt.getAsString() + "', an unknown dtype for LatentLab "
                    + "(it reads F32, F16, BF16, F64 and the integer types " + Arrays.toString(
                            Arrays.copyOfRange(Dtype.values(), 4, Dtype.values().length)) + ")");
        }
        long[] shape = longs(o.get("shape"), where + " has no valid shape (a list of sizes ≥ 0)");
        long[] offsets = longs(o.get("data_offsets"), where + " has no valid data_offsets [begin, end]");
        if (offsets.length != 2) {
            throw new ModelException(where + " has " + offsets.length + " data_offsets; expected [begin, end]");
        }
        long count = 1;
        for (long d : shape) {
            if (d != 0 && count > Integer.MAX_VALUE / d) {
                throw new ModelException(where + " has shape " + Arrays.toString(shape) + ": a huge shape, over "
                        + Integer.MAX_VALUE + " values (LatentLab's limit per tensor)");
            }
            count *= d;
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end || end > dataSize) {
            throw new ModelException(where + " has data_offsets [" + begin + ", " + end + "] out of range: the data "
                    + "after the header is " + dataSize + " bytes (is the file truncated?)");
        }
        if (end - begin != count * dtype.bytes) {
            throw new ModelException(where + " has data_offsets [" + begin + ", " + end + "] (" + (end - begin)
                    + " bytes), not matching its shape " + Arrays.toString(shape) + " of " + dtype + " ("
                    + count * dtype.bytes + " bytes)");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] longs(JsonElement e, String problem) {
        if (e == null || !e.isJsonArray()) {
            throw new ModelException(problem);
        }
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            try {
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
                    throw new ModelException(problem);
                }
                out[i] = x.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | NumberFormatException ex) {
                throw new ModelException(problem + ": " + x + " is not a whole number in range");
            }
            if (out[i] < 0) {
                throw new ModelException(problem + ": " + out[i] + " is negative");
            }
        }
        return out;
    }

    private static void checkOverlaps(List<Entry> entries, Path file) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin < a.end) {
                throw new ModelException(file + ": tensors '" + a.name + "' [" + a.begin + ", " + a.end + ") and '"
                        + b.name + "' [" + b.begin + ", " + b.end + ") overlap in the data");
            }
        }
    }

    /**
     * Writes float32 tensors in the given order (the state_dict's), atomically, with
     * {@code metadata} as __metadata__; the header is padded with spaces to a multiple of 8.
     */
    public static void write(Path file, Map<String, Npy.Array> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, metadata);
        }
        long offset = 0;
        for (Map.Entry<String, Npy.Array> e : tensors.entrySet()) {
            long bytes = 4L * e.getValue().data().length;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", e.getValue().shape());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(e.getKey(), entry);
            offset += bytes;
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicFiles.write(file, os -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            os.write(len.array());
            os.write(head);
            for (Npy.Array a : tensors.values()) {
                writeFloats(os, a.data());
            }
        });
    }

    private static void writeFloats(OutputStream os, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i += 4096) {
            b.clear();
            int n = Math.min(4096, values.length - i);
            b.asFloatBuffer().put(values, i, n);
            os.write(b.array(), 0, 4 * n);
        }
    }
}
