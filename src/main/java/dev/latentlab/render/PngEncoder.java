package dev.latentlab.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes 8-bit RGB PNGs with java.util.zip alone. ImageIO is avoided on purpose: its writer
 * registers a JVM shutdown hook the first time it is used (so the final save of a run stopped by
 * Ctrl-C failed with "Shutdown in progress"), and its stream closer thread turned a full disk into
 * a NullPointerException. Each row uses the Sub filter, which suits smooth generated images.
 */
public final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {}

    /** The image (alpha, if any, is dropped: our images are opaque) as PNG bytes on {@code out}. */
    public static void write(BufferedImage img, OutputStream out) throws IOException {
        int w = img.getWidth();
        int h = img.getHeight();
        DataOutputStream data = new DataOutputStream(out);
        data.write(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, truecolour, deflate, adaptive filters, no interlace
        chunk(data, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(6);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            int[] argb = new int[w];
            byte[] row = new byte[1 + 3 * w];
            row[0] = 1; // Sub: each byte minus the same channel of the pixel to its left
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, argb, 0, w);
                int pr = 0;
                int pg = 0;
                int pb = 0;
                for (int x = 0; x < w; x++) {
                    int r = argb[x] >> 16 & 0xff;
                    int g = argb[x] >> 8 & 0xff;
                    int b = argb[x] & 0xff;
                    row[1 + 3 * x] = (byte) (r - pr);
                    row[2 + 3 * x] = (byte) (g - pg);
                    row[3 + 3 * x] = (byte) (b - pb);
                    pr = r;
                    pg = g;
                    pb = b;
                }
                z.write(row);
            }
        } finally {
            deflater.end();
        }
        chunk(data, "IDAT", idat.toByteArray());
        chunk(data, "IEND", new byte[0]);
        data.flush();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt(body.length);
        out.write(t);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }
}
