package dev.latentlab.eval;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal stream (stderr), redrawn in place with '\r' at most ten
 * times a second: {@code label [########............]  41%  4100/10000  0:12  ETA 0:17  status}
 * (elapsed, then the time left at the rate so far, once a tenth of a second's work is done).
 */
public final class ProgressBar {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean enabled;
    private String label = "";
    private String status = "";
    private long total;
    private long done;
    private long started;
    private long lastDraw;
    private int lastLength;

    public ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled && out != null;
    }

    /** A bar that draws nothing. */
    public static ProgressBar silent() {
        return new ProgressBar(null, false);
    }

    public synchronized void start(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        this.done = 0;
        this.status = "";
        this.started = System.nanoTime();
        this.lastDraw = 0;
        draw(true);
    }

    public synchronized void advance(long n) {
        done = Math.min(total, done + n);
        draw(false);
    }

    /** More work than announced at {@link #start} (the bar and its time left follow). */
    public synchronized void extend(long more) {
        total += Math.max(0, more);
        draw(false);
    }

    public synchronized void status(String s) {
        status = s == null ? "" : s;
        draw(false);
    }

    /** Draws the bar full and ends its line. */
    public synchronized void finish() {
        done = total;
        draw(true);
        if (enabled) {
            out.println();
            out.flush();
        }
        lastLength = 0;
    }

    private void draw(boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = (int) (WIDTH * done / total);
        long s = (now - started) / 1_000_000_000L;
        String eta = eta(now - started, done, total);
        String line = String.format(Locale.ROOT, "%-20s [%s%s] %3d%%  %d/%d  %d:%02d%s%s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), 100 * done / total, done, total, s / 60, s % 60,
                eta.isEmpty() || done >= total ? "" : "  ETA " + eta, status.isEmpty() ? "" : "  " + status);
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    /**
     * The time left at the rate so far, "m:ss" (rounded up to the second), or "" before any work or
     * before a tenth of a second has passed (too early to say).
     */
    public static String eta(long elapsedNanos, double done, double total) {
        if (done <= 0 || elapsedNanos < 100_000_000L || total <= 0) {
            return "";
        }
        long left = (long) Math.ceil(elapsedNanos / 1e9 * Math.max(0, total - done) / done);
        return String.format(Locale.ROOT, "%d:%02d", left / 60, left % 60);
    }
}
