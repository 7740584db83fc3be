package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `latentlab lab1d`: the 1-D lab's GAN and VAE tails, measured without a window. */
class Lab1dCommandTest {
    private static void refused(String expected, String... args) {
        CliRun r = CliRun.inProcess(args);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains(expected), "expected \"" + expected + "\" in: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.out().isEmpty(), "nothing trained: " + r.out());
    }

    @Test
    void aWrongArgumentIsRefusedWithAClearMessage() {
        refused("'--noise': must be one of normal, uniform, student-t, not \"cauchy\"", "lab1d", "--noise", "cauchy");
        refused("'--target': must be one of normal, bimodal, student-t, uniform, not \"gamma\"", "lab1d",
                "--target", "gamma");
        refused("'--nu': must be a finite number, not NaN", "lab1d", "--nu", "NaN");
        refused("'--nu': must be above 0, not 0", "lab1d", "--nu", "0");
        refused("'--iterations': must be at least 1, not 0", "lab1d", "--iterations", "0");
        refused("--nu is the degrees of freedom of --target student-t", "lab1d", "--target", "normal", "--nu", "3");
        refused("--samples must be at least 1000", "lab1d", "--samples", "10");
    }

    @Test
    void aShortRunPrintsTheQuantilesOfTargetGanAndVae() {
        CliRun r = CliRun.inProcess("lab1d", "--target", "student-t", "--nu", "3", "--noise", "student-t",
                "--iterations", "300", "--seed", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("target Student-t, ν = 3"), r.out());
        assertTrue(r.out().contains("GAN noise student-t"), r.out());
        assertTrue(r.out().contains("Q(1%)") && r.out().contains("Q(99%)") && r.out().contains("Q(99.9%)"), r.out());
        // the target's row: its 99.9% quantile is 0.7·t₃(0.999) = 7.15, and its own ratio is 1
        Matcher m = Pattern.compile("(?m)^target +(-?[0-9.]+) +(-?[0-9.]+) +(-?[0-9.]+) +([0-9.]+) +([0-9.]+)$")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(7.15, Double.parseDouble(m.group(3)), 0.6, r.out());
        assertEquals(1.0, Double.parseDouble(m.group(4)), 1e-9, r.out());
        assertEquals(3.0, Double.parseDouble(m.group(5)), 0.5, "Hill's α of a t₃: " + r.out());
        assertTrue(Pattern.compile("(?m)^GAN +-?[0-9.]+ ").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^VAE +-?[0-9.]+ ").matcher(r.out()).find(), r.out());
    }
}
