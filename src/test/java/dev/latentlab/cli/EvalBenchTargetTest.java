package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** bench eval's figures beside their targets: a missed figure never reads as the target itself. */
class EvalBenchTargetTest {
    @Test
    void aFigureJustOverItsTargetShowsTheDecimalsThatMissIt() {
        assertEquals("12.3 s (target ≤ 30 s: met)", EvalBenchCommand.target(12.34, 30, "s"));
        assertEquals("1.0 s (target ≤ 1 s: met)", EvalBenchCommand.target(0.996, 1, "s"));
        assertEquals("1.02 s (target ≤ 1 s: missed)", EvalBenchCommand.target(1.02, 1, "s"));
        assertEquals("1.004 s (target ≤ 1 s: missed)", EvalBenchCommand.target(1.004, 1, "s"));
        assertEquals("2.10 ms (target ≤ 2 ms: missed)", EvalBenchCommand.target(2.1, 2, "ms"));
        assertEquals("1.24 ms (target ≤ 2 ms: met)", EvalBenchCommand.target(1.24, 2, "ms"));
    }
}
