package dev.latentlab.model;

import dev.latentlab.io.Npy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fingerprint of a generator's weights: SHA-256 over every tensor (sorted by name: the name,
 * the shape, the float32 values little-endian), as "sha256:" + 16 hex digits. The same weights
 * give the same checksum whatever file or format they came from (folder, .pth, a training
 * snapshot), and a z saved for one generator can be checked against the one that is open.
 */
public final class GeneratorChecksum {
    private GeneratorChecksum() {}

    public static String of(GanModel m) {
        return of(m.generator().params().toArrays());
    }

    public static String of(Map<String, Npy.Array> tensors) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, Npy.Array> e : new TreeMap<>(tensors).entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            ByteBuffer shape = ByteBuffer.allocate(8 * e.getValue().shape().length).order(ByteOrder.LITTLE_ENDIAN);
            for (long d : e.getValue().shape()) {
                shape.putLong(d);
            }
            md.update(shape.array());
            float[] v = e.getValue().data();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            md.update(b.array());
        }
        byte[] h = md.digest();
        StringBuilder sb = new StringBuilder("sha256:");
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", h[i]));
        }
        return sb.toString();
    }
}
