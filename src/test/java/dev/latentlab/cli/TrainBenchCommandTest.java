package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.latentlab.nn.NativeMemory;
import dev.latentlab.train.TrainConfig;
import org.junit.jupiter.api.Test;

class TrainBenchCommandTest {
    /**
     * What the allocator settings are for (see NativeMemory): with glibc's defaults a 64x64
     * training iteration faults about 50,000 pages back in that the previous one freed
     * (measured 46,000–62,000 with -Dlatentlab.malloc=default); kept for reuse, a few hundred.
     */
    @Test
    void a64x64TrainingIterationReusesFreedMemoryInsteadOfFaultingItIn() {
        assumeTrue(NativeMemory.minorFaults() >= 0 && NativeMemory.describe().startsWith("glibc,"),
                "needs Linux and glibc");
        TrainConfig c = new TrainConfig();
        c.imageSize = 64;
        c.channels = 3;
        c.batchSize = 64;
        TrainBenchCommand.Blocks b = TrainBenchCommand.measure(c, 3, 1);
        assertEquals(1, b.rates().length);
        assertTrue(b.rates()[0] > 0);
        assertTrue(b.faultsPerIteration() < 10_000, b.faultsPerIteration() + " page faults per iteration");
    }
}
