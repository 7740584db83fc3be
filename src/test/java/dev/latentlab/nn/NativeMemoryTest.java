package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    @Test
    void onLinuxWithGlibcTheEngineStartsWithTheSettings() {
        assumeTrue(NativeMemory.minorFaults() >= 0, "needs Linux");
        assertTrue(NativeMemory.describe().startsWith("glibc, mmap threshold 32 MB, trim threshold 1 GB"),
                NativeMemory.describe());
    }

    @Test
    void releaseHandsTheFreedTensorsOfAClosedModelBackToTheKernel() throws Exception {
        assumeTrue(NativeMemory.describe().startsWith("glibc, mmap threshold 32 MB"), NativeMemory.describe());
        long before = rssKiB();
        try (ai.djl.ndarray.NDManager m = TorchRuntime.engine().newBaseManager()) {
            for (int i = 0; i < 96; i++) {
                m.ones(new ai.djl.ndarray.types.Shape(256 * 1024)); // 1 MB each, from the C heap, touched
            }
        }
        // the 96 MB freed stay resident under the training settings; RSS may have grown by less when they
        // reused memory that earlier tests in this JVM had freed (and the settings also kept), so what is
        // measured is what release() hands back: the freed 96 MB, whatever they were carved from
        long kept = rssKiB() - before;
        NativeMemory.release();
        long after = rssKiB() - before;
        assertTrue(kept - after > 64 * 1024, "released: " + kept / 1024 + " MB resident before, " + after / 1024
                + " MB after (relative to the start)");
    }

    @Test
    void residentBytesGrowsWithTouchedMemory() {
        long before = NativeMemory.residentBytes();
        assumeTrue(before > 0, "needs /proc/self/statm");
        ByteBuffer b = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < b.capacity(); i += 4096) {
            b.put(i, (byte) 1);
        }
        long grown = NativeMemory.residentBytes() - before;
        assertTrue(grown >= (60L << 20), grown + " bytes more resident after touching 64 MB");
    }

    private static long rssKiB() {
        return NativeMemory.residentBytes() / 1024;
    }

    @Test
    void minorFaultsCountsFreshPagesAsTheyAreTouched() {
        long before = NativeMemory.minorFaults();
        assumeTrue(before >= 0, "needs /proc/self/stat");
        ByteBuffer b = ByteBuffer.allocateDirect(64 << 20);
        for (int i = 0; i < b.capacity(); i += 4096) {
            b.put(i, (byte) 1);
        }
        long faults = NativeMemory.minorFaults() - before;
        assertTrue(faults >= (64 << 20) / 4096 * 9 / 10, faults + " faults for 16,384 fresh pages");
    }
}
