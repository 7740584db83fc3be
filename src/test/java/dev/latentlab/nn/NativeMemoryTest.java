package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    /**
     * What the allocator settings are for: memory a training iteration frees is reused by the
     * next one instead of being returned to the kernel and faulted in again. 160 MB of 8 MB
     * tensors, made and freed four times: with glibc's defaults every round after the first
     * faults in ~40,000 fresh pages (the free heap top is trimmed at 16 MB); tuned, almost none.
     */
    @Test
    void freedTensorMemoryIsReusedWithoutPageFaults() {
        assumeTrue(NativeMemory.minorFaults() >= 0, "needs /proc/self/stat");
        assumeTrue(NativeMemory.describe().startsWith("glibc,"), "needs glibc");
        long[] faults = new long[4];
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            for (int round = 0; round < faults.length; round++) {
                long before = NativeMemory.minorFaults();
                List<NDArray> held = new ArrayList<>();
                try (NDManager frame = m.newSubManager()) {
                    for (int i = 0; i < 20; i++) {
                        held.add(frame.ones(new Shape(2048, 1024))); // 8 MB, written
                    }
                    assertEquals(20f * 2048 * 1024, sum(held), 0f);
                }
                faults[round] = NativeMemory.minorFaults() - before;
            }
        }
        long pages = 20L * 8 * 1024 * 1024 / 4096;
        for (int round = 1; round < faults.length; round++) {
            assertTrue(faults[round] < pages / 4, "round " + round + " faulted " + faults[round]
                    + " pages of " + pages + " (all rounds: " + java.util.Arrays.toString(faults) + ")");
        }
    }

    @Test
    void describesTheSettings() {
        String s = NativeMemory.describe();
        assertTrue(s.contains("32 MB") || s.contains("defaults"), s);
    }

    private static float sum(List<NDArray> arrays) {
        float s = 0;
        for (NDArray a : arrays) {
            s += a.sum().getFloat();
        }
        return s;
    }
}
