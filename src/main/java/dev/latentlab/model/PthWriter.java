package dev.latentlab.model;

import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a state_dict the way torch.save does (the zip format of PyTorch ≥ 1.6, the one
 * {@link PthReader} reads), so torch.load reads it (also with weights_only=True):
 * <pre>
 *   archive/data.pkl     pickle protocol 2 of an OrderedDict key → tensor, each tensor
 *                        torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())
 *                        with the storage a persistent id ('storage', torch.FloatStorage, "i", 'cpu', numel)
 *   archive/byteorder    "little"
 *   archive/data/i       tensor i's raw little-endian values, C order
 *   archive/version      "3\n"
 * </pre>
 * Entries are stored uncompressed with their data aligned to 64 bytes (padding in an "FB"
 * extra field, as PyTorch's own writer does). A fixed timestamp makes the file a function of
 * the tensors alone.
 */
public final class PthWriter {
    private static final String ARCHIVE = "archive/";
    private static final int ALIGNMENT = 64;
    private static final long TIME = 315532800000L + 86_400_000L; // 1980-01-02, inside the DOS date range

    private PthWriter() {}

    /** A tensor of a state_dict: float32 values of any shape, or a 0-dim int64 (num_batches_tracked). */
    public sealed interface Tensor permits Float32, Int64Scalar {}

    public record Float32(Npy.Array array) implements Tensor {}

    public record Int64Scalar(long value) implements Tensor {}

    /** Writes {@code tensors} in order (the state_dict's key order) to {@code file}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        List<byte[]> storages = new ArrayList<>();
        byte[] pickle = pickle(tensors, storages);
        AtomicFiles.write(file, os -> {
            CountingStream counted = new CountingStream(os);
            ZipOutputStream zip = new ZipOutputStream(counted, StandardCharsets.UTF_8);
            entry(zip, counted, ARCHIVE + "data.pkl", pickle);
            entry(zip, counted, ARCHIVE + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
                entry(zip, counted, ARCHIVE + "data/" + i, storages.get(i));
            }
            entry(zip, counted, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            zip.finish();
        });
    }

    private static void entry(ZipOutputStream zip, CountingStream counted, String name, byte[] data)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(TIME);
        // the local header is 30 bytes + name + extra; pad the extra so the data starts aligned
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        long start = counted.count + 30 + nameBytes + 4;
        int pad = (int) ((ALIGNMENT - start % ALIGNMENT) % ALIGNMENT);
        byte[] extra = new byte[4 + pad];
        extra[0] = 'F';
        extra[1] = 'B';
        extra[2] = (byte) pad;
        extra[3] = (byte) (pad >> 8);
        java.util.Arrays.fill(extra, 4, extra.length, (byte) 'Z');
        e.setExtra(extra);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts the bytes that reach the file, so entries can be aligned. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    // ---- the pickle (protocol 2, the opcodes torch.save's pickler emits) ----

    private static final int PROTO = 0x80, GLOBAL = 'c', EMPTY_TUPLE = ')', REDUCE = 'R', MARK = '(',
            TUPLE = 't', TUPLE1 = 0x85, TUPLE2 = 0x86, TUPLE3 = 0x87, BINUNICODE = 'X', BININT1 = 'K',
            BININT2 = 'M', BININT = 'J', BINPERSID = 'Q', NEWFALSE = 0x89, SETITEMS = 'u', STOP = '.';

    private static byte[] pickle(Map<String, Tensor> tensors, List<byte[]> storages) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(PROTO);
        p.write(2);
        global(p, "collections", "OrderedDict");
        p.write(EMPTY_TUPLE);
        p.write(REDUCE);
        p.write(MARK);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            string(p, e.getKey());
            long[] shape;
            String storageType;
            byte[] raw;
            if (e.getValue() instanceof Float32 f) {
                shape = f.array().shape();
                storageType = "FloatStorage";
                float[] v = f.array().data();
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(v);
                raw = b.array();
            } else {
                shape = new long[0];
                storageType = "LongStorage";
                raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(((Int64Scalar) e.getValue()).value()).array();
            }
            long numel = 1;
            for (long d : shape) {
                numel *= d;
            }
            // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)
            global(p, "torch._utils", "_rebuild_tensor_v2");
            p.write(MARK);
            p.write(MARK);
            string(p, "storage");
            global(p, "torch", storageType);
            string(p, Integer.toString(storages.size()));
            string(p, "cpu");
            integer(p, numel);
            p.write(TUPLE);
            p.write(BINPERSID);
            integer(p, 0);
            tuple(p, shape);
            tuple(p, stridesOf(shape));
            p.write(NEWFALSE);
            global(p, "collections", "OrderedDict");
            p.write(EMPTY_TUPLE);
            p.write(REDUCE);
            p.write(TUPLE);
            p.write(REDUCE);
            storages.add(raw);
        }
        p.write(SETITEMS);
        p.write(STOP);
        return p.toByteArray();
    }

    private static long[] stridesOf(long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return stride;
    }

    private static void global(ByteArrayOutputStream p, String module, String name) {
        p.write(GLOBAL);
        p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void string(ByteArrayOutputStream p, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.write(BINUNICODE);
        p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        p.writeBytes(b);
    }

    private static void integer(ByteArrayOutputStream p, long v) {
        if (v >= 0 && v < 256) {
            p.write(BININT1);
            p.write((int) v);
        } else if (v >= 0 && v < 65536) {
            p.write(BININT2);
            p.write((int) v & 0xff);
            p.write((int) (v >> 8) & 0xff);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            p.write(BININT);
            p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        } else {
            throw new IllegalArgumentException("tensor too large for this writer: " + v + " elements");
        }
    }

    private static void tuple(ByteArrayOutputStream p, long[] values) {
        if (values.length == 0) {
            p.write(EMPTY_TUPLE);
            return;
        }
        if (values.length > 3) {
            p.write(MARK);
        }
        for (long v : values) {
            integer(p, v);
        }
        p.write(switch (values.length) {
            case 1 -> TUPLE1;
            case 2 -> TUPLE2;
            case 3 -> TUPLE3;
            default -> TUPLE;
        });
    }
}
