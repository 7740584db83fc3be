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
