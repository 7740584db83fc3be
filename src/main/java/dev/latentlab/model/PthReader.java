package dev.latentlab.model;

import dev.latentlab.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the tensors of a PyTorch state_dict saved with torch.save (the zip format of PyTorch ≥ 1.6):
 * a folder holding data.pkl (the pickled OrderedDict, whose tensors refer to storages by key)
 * and data/KEY (the raw little-endian storages). No Python needed.
 */
public final class PthReader {
    private PthReader() {}

    /** A storage type named in the pickle: torch.FloatStorage and friends. */
    private record StorageType(String name, int bytes) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            return this;
        }
    }

    private record Storage(StorageType type, String key, ZipFile zip, String prefix) {
        float[] read(long offset, long count, Path file) {
            ZipEntry e = zip.getEntry(prefix + "data/" + key);
            if (e == null) {
                throw new ModelException(file + ": storage data/" + key + " is missing from the archive");
            }
            try (InputStream in = zip.getInputStream(e)) {
                in.skipNBytes(offset * type.bytes);
                byte[] raw = in.readNBytes((int) (count * type.bytes));
                if (raw.length != count * type.bytes) {
                    throw new ModelException(file + ": storage data/" + key + " is truncated");
                }
                ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                float[] out = new float[(int) count];
                for (int i = 0; i < count; i++) {
                    out[i] = switch (type.name) {
                        case "FloatStorage" -> b.getFloat();
                        case "DoubleStorage" -> (float) b.getDouble();
                        case "HalfStorage" -> halfToFloat(b.getShort());
                        case "BFloat16Storage" -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                        case "LongStorage" -> b.getLong();
                        case "IntStorage" -> b.getInt();
                        case "ShortStorage" -> b.getShort();
                        case "CharStorage", "ByteStorage", "BoolStorage" -> b.get();
                        default -> throw new ModelException(file + ": unsupported storage type " + type.name);
                    };
                }
                return out;
            } catch (IOException ex) {
                throw new ModelException(file + ": cannot read storage data/" + key + " (" + ex.getMessage() + ")", ex);
            }
        }
    }

    /** The OrderedDict of a state_dict; its _metadata state (BUILD) is ignored. */
    private static final class OrderedDict extends LinkedHashMap<Object, Object> {}

    private static final IObjectConstructor ORDERED_DICT = args -> new OrderedDict();

    static {
        Object[][] types = {{"FloatStorage", 4}, {"DoubleStorage", 8}, {"HalfStorage", 2}, {"BFloat16Storage", 2},
            {"LongStorage", 8}, {"IntStorage", 4}, {"ShortStorage", 2}, {"CharStorage", 1}, {"ByteStorage", 1},
            {"BoolStorage", 1}};
        for (Object[] t : types) {
            Unpickler.registerConstructor("torch", (String) t[0], new StorageType((String) t[0], (Integer) t[1]));
        }
        Unpickler.registerConstructor("collections", "OrderedDict", ORDERED_DICT);
    }

    private static final class TorchUnpickler extends Unpickler {
        private final ZipFile zip;
        private final String prefix;
        private final Path file;

        TorchUnpickler(ZipFile zip, String prefix, Path file) {
            this.zip = zip;
            this.prefix = prefix;
            this.file = file;
        }

        @Override
        protected Object persistentLoad(Object pid) {
            // ('storage', storage_type, key, location, numel)
            if (pid instanceof Object[] t && t.length >= 3 && "storage".equals(t[0])
                    && t[1] instanceof StorageType type) {
                return new Storage(type, String.valueOf(t[2]), zip, prefix);
            }
            throw new ModelException(file + ": unexpected persistent id in the pickle; is it a state_dict?");
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key == Opcodes.BUILD) {
                stack.pop(); // the state_dict's _metadata: not needed
                return NO_RETURN_VALUE;
            }
            return super.dispatch(key);
        }
    }

    /** Reads every tensor of the state_dict, converted to float, in the file's order. */
    public static synchronized Map<String, Npy.Array> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + " does not exist or is not a file");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ModelException(file + " is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw new ModelException(file + " cannot be read: " + e.getMessage(), e);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String pkl = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (name.endsWith("data.pkl") && (name.equals("data.pkl") || name.indexOf('/') == name.length() - 9)) {
                    pkl = name;
                    break;
                }
            }
            if (pkl == null) {
                throw new ModelException(file + " is a zip archive without data.pkl: not a PyTorch checkpoint");
            }
            if (zip.getEntry(pkl.replace("data.pkl", "constants.pkl")) != null) {
                throw new ModelException(file + " is a TorchScript module, not a state_dict (open it as a .pt file)");
            }
            String prefix = pkl.substring(0, pkl.length() - "data.pkl".length());
            Object root;
            Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", args -> rebuild(args, file));
            Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
            try (InputStream in = zip.getInputStream(zip.getEntry(pkl))) {
                root = new TorchUnpickler(zip, prefix, file).load(in);
            }
            Map<String, Npy.Array> tensors = new LinkedHashMap<>();
            collect(root, "", tensors, file);
            if (tensors.isEmpty()) {
                throw new ModelException(file + " holds no tensors: not a state_dict");
            }
            return tensors;
        } catch (ZipException e) {
            throw new ModelException(file + " is not a PyTorch checkpoint (not a zip archive, or truncated: "
                    + e.getMessage() + ")", e);
        } catch (IOException | PickleException e) {
            throw new ModelException(file + " is corrupt: " + e.getMessage(), e);
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException(file + " could not be decoded as a PyTorch state_dict: " + e, e);
        }
    }

    private static Object rebuild(Object[] args, Path file) {
        // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)
        Storage s = (Storage) args[0];
        long offset = ((Number) args[1]).longValue();
        long[] size = longs(args[2]);
        long[] stride = longs(args[3]);
        long count = 1;
        for (long d : size) {
            count *= d;
        }
        // contiguous C order is what torch.save writes for parameters; check rather than assume
        long expect = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] > 1 && stride[i] != expect) {
                throw new ModelException(file + ": a tensor is not stored contiguously; re-save it with "
                        + "{k: v.contiguous() for k, v in state_dict.items()}");
            }
            expect *= size[i];
        }
        return new Npy.Array(size, s.read(offset, count, file));
    }

    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = bits >> 10 & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            return (sign != 0 ? -1 : 1) * mant * 0x1p-24f;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
    }

    private static long[] longs(Object o) {
        Object[] a = (Object[]) o;
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ((Number) a[i]).longValue();
        }
        return out;
    }

    private static void collect(Object node, String prefix, Map<String, Npy.Array> out, Path file) {
        if (node instanceof Npy.Array a) {
            out.put(prefix, a);
        } else if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                collect(e.getValue(), prefix.isEmpty() ? k : prefix + "." + k, out, file);
            }
        }
    }

    /** Keys in order, for messages. */
    public static List<String> keys(Map<String, Npy.Array> tensors) {
        return new ArrayList<>(tensors.keySet());
    }
}
