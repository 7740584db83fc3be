package dev.latentlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal bar says how long is left, at the rate so far. */
class ProgressBarTest {
    @Test
    void theTimeLeftIsTheRateSoFarAppliedToTheRest() {
        assertEquals("0:30", ProgressBar.eta(10_000_000_000L, 25, 100), "a quarter in 10 s: 30 s to go");
        assertEquals("1:05", ProgressBar.eta(13_000_000_000L, 1, 6));
        assertEquals("0:00", ProgressBar.eta(5_000_000_000L, 100, 100));
        assertEquals("", ProgressBar.eta(10_000_000_000L, 0, 100), "no rate before any work");
        assertEquals("", ProgressBar.eta(50_000_000L, 3, 100), "too early to say");
    }

    @Test
    void theLineShowsTheTimeLeftWhileWorkRemains() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        bar.start("search", 10);
        Thread.sleep(250);
        bar.advance(5);
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("5/10") && line.contains("ETA 0:0"), line);
        bar.finish();
        String last = out.toString(StandardCharsets.UTF_8);
        last = last.substring(last.lastIndexOf('\r') + 1);
        assertTrue(last.contains("10/10") && !last.contains("ETA"), last);
    }

    @Test
    void workFoundAlongTheWayMovesTheBarBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out, true, StandardCharsets.UTF_8), true);
        bar.start("search", 10);
        bar.advance(8);
        bar.extend(10);
        Thread.sleep(150);
        bar.advance(1);
        String line = out.toString(StandardCharsets.UTF_8);
        line = line.substring(line.lastIndexOf('\r') + 1);
        assertTrue(line.contains(" 45%  9/20"), line);
    }
}
