package dev.latentlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code lab2d}: the ring is learned on a fixed seed, the figures repeat, and a bad option is named. */
class Lab2dCommandTest {
    @Test
    void theRingsModesAreCoveredAndTheFiguresRepeat() {
        CliRun a = CliRun.inProcess("lab2d", "--target", "ring8", "--iterations", "1000", "--seed", "1");
        assertEquals(0, a.exitCode(), a.err());
        Matcher m = Pattern.compile("(?m)^modes_covered\\s+(\\d+) of 8").matcher(a.out());
        assertTrue(m.find(), a.out());
        assertTrue(Integer.parseInt(m.group(1)) >= 7, "seed 1 covers the ring after 1,000 iterations: " + a.out());
        assertEquals(a.out(), CliRun.inProcess("lab2d", "--target", "ring8", "--iterations", "1000", "--seed", "1").out(),
                "the same seed gives the same figures");
        CliRun moons = CliRun.inProcess("lab2d", "--target", "moons", "--iterations", "50");
        assertFalse(moons.out().contains("modes_covered"), "the moons have no modes to count");
        assertTrue(moons.out().contains("js"), moons.out());
        // G may also be updated several times per iteration: another run, named in the header
        CliRun twice = CliRun.inProcess("lab2d", "--target", "ring8", "--iterations", "20", "--seed", "1", "--g-steps", "2");
        assertEquals(0, twice.exitCode(), twice.err());
        assertTrue(twice.out().contains("1 D steps and 2 G steps per iteration"), twice.out());
        String once = CliRun.inProcess("lab2d", "--target", "ring8", "--iterations", "20", "--seed", "1").out();
        assertFalse(once.substring(once.indexOf('\n')).equals(twice.out().substring(twice.out().indexOf('\n'))),
                "two G steps train differently");
        CliRun bad = CliRun.inProcess("lab2d", "--target", "spiral");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("ring8, grid25 or moons"), bad.err());
    }
}
