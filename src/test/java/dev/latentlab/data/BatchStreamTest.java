package dev.latentlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStreamTest {
    /** n 2×2 gray images; image i has (i & 255) in its top row and (i >> 8) in its bottom row (flip-proof). */
    private static ImageSet indexed(int n) {
        byte[][] px = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte lo = (byte) (i & 0xFF);
            byte hi = (byte) (i >> 8);
            px[i] = new byte[] {lo, lo, hi, hi};
        }
        return ImageSet.of("indexed", ImageSpec.gray(2), px);
    }

    private static int value(float f) {
        return Math.round((f + 1f) * 127.5f);
    }

    private static int[] indices(BatchStream.Batch b) {
        int[] out = new int[b.batchSize()];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(b.data()[i * 4]) | value(b.data()[i * 4 + 2]) << 8;
        }
        return out;
    }

    private static List<int[]> take(BatchStream s, int count) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BatchStream.Batch b = s.next();
            out.add(indices(b));
            s.recycle(b);
        }
        return out;
    }

    @Test
    void everyImageAppearsOncePerEpochAndTheRemainderIsDropped() {
        ImageSet set = indexed(103);
        try (BatchStream s = new BatchStream(set, 10, 42, true)) {
            assertEquals(10, s.batchesPerEpoch());
            for (int epoch = 0; epoch < 3; epoch++) {
                boolean[] seen = new boolean[103];
                int count = 0;
                for (int b = 0; b < 10; b++) {
                    BatchStream.Batch batch = s.next();
                    assertEquals(epoch, batch.epoch());
                    assertEquals(b, batch.indexInEpoch());
                    assertEquals(10, batch.batchesPerEpoch());
                    assertEquals(10, batch.batchSize());
                    assertEquals(40, batch.data().length);
                    for (int idx : indices(batch)) {
                        assertTrue(idx < 103 && !seen[idx], "image " + idx + " repeated in epoch " + epoch);
                        seen[idx] = true;
                        count++;
                    }
                    s.recycle(batch);
                }
                assertEquals(100, count);
            }
        }
    }

    @Test
    void sameSeedGivesSameBatchesAndOtherSeedsOrEpochsDiffer() {
        ImageSet set = indexed(64);
        List<int[]> a;
        List<int[]> b;
        List<int[]> c;
        try (BatchStream s = new BatchStream(set, 8, 7, true)) {
            a = take(s, 24);
        }
        try (BatchStream s = new BatchStream(set, 8, 7, true)) {
            b = take(s, 24);
        }
        try (BatchStream s = new BatchStream(set, 8, 8, true)) {
            c = take(s, 24);
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
        assertNotEquals(Arrays.deepToString(a.toArray()), Arrays.deepToString(c.toArray()));
        assertNotEquals(Arrays.toString(a.get(0)), Arrays.toString(a.get(8)), "epochs are reshuffled");
        int[] order = BatchStream.epochOrder(64, 7, 1);
        assertArrayEquals(Arrays.copyOfRange(order, 8, 16), a.get(9), "documented order");
    }

    @Test
    void resumingStartsAtTheRightBatchWithTheSameFlips() {
        byte[][] px = new byte[40][];
        for (int i = 0; i < 40; i++) {
            px[i] = new byte[] {(byte) i, (byte) (100 + i), 0, 0}; // flipping swaps the top row
        }
        ImageSet set = ImageSet.of("flippable", ImageSpec.gray(2), px);
        List<float[]> full = new ArrayList<>();
        try (BatchStream s = new BatchStream(set, 4, 3, true)) {
            for (int i = 0; i < 25; i++) {
                BatchStream.Batch b = s.next();
                full.add(b.data().clone());
                s.recycle(b);
            }
        }
        try (BatchStream s = new BatchStream(set, 4, 3, true, 1, 3)) {
            for (int i = 13; i < 25; i++) {
                BatchStream.Batch b = s.next();
                assertEquals(i / 10, b.epoch());
                assertEquals(i % 10, b.indexInEpoch());
                assertEquals(i, b.step());
                assertArrayEquals(full.get(i), b.data(), "batch " + i);
                s.recycle(b);
            }
        }
        try (BatchStream s = new BatchStream(set, 4, 3, true, 0, 10)) { // end of epoch 0 = start of epoch 1
            BatchStream.Batch b = s.next();
            assertEquals(1, b.epoch());
            assertEquals(0, b.indexInEpoch());
            assertArrayEquals(full.get(10), b.data());
        }
        int flipped = 0;
        for (float[] d : full) {
            for (int i = 0; i < 4; i++) {
                flipped += value(d[i * 4]) >= 100 ? 1 : 0;
            }
        }
        assertTrue(flipped > 20 && flipped < 80, "about half the images are flipped: " + flipped);
        try (BatchStream s = new BatchStream(set, 4, 3, false)) {
            for (int i = 0; i < 20; i++) {
                BatchStream.Batch b = s.next();
                for (int k = 0; k < 4; k++) {
                    assertTrue(value(b.data()[k * 4]) < 100, "no flips without hflip");
                }
            }
        }
    }

    @Test
    void recycledBuffersAreReused() {
        try (BatchStream s = new BatchStream(indexed(32), 4, 1, false)) {
            take(s, 200);
            assertTrue(s.allocatedBuffers() <= BatchStream.PREFETCH + 3, "allocated " + s.allocatedBuffers());
        }
    }

    @Test
    void recyclingABatchTwiceDoesNotShareItsBuffer() {
        try (BatchStream s = new BatchStream(indexed(64), 4, 1, false)) {
            BatchStream.Batch a = s.next();
            s.recycle(a);
            s.recycle(a);
            s.recycle(new BatchStream.Batch(new float[16], 4, 0, 0, 16));
            List<float[]> held = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                float[] d = s.next().data();
                for (float[] h : held) {
                    assertTrue(h != d, "two live batches share a buffer");
                }
                held.add(d);
            }
        }
    }

    @Test
    void fewerImagesThanOneBatchFailsClearly() {
        DatasetException e = assertThrows(DatasetException.class, () -> new BatchStream(indexed(5), 8, 1, false));
        assertTrue(e.getMessage().contains("5 images") && e.getMessage().contains("batch of 8"), e.getMessage());
    }

    @Test
    void closedStreamRefusesNext() {
        BatchStream s = new BatchStream(indexed(8), 4, 1, false);
        s.next();
        s.close();
        assertThrows(IllegalStateException.class, s::next);
    }
}
