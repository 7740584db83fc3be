package dev.latentlab.cli;

import dev.latentlab.model.GanModel;
import dev.latentlab.render.RenderService;
import dev.latentlab.train.Throughput;
import java.util.Arrays;
import java.util.Locale;

/**
 * What rendering a number of frames will cost, checked before the work starts: the frames are
 * held in memory until the file is written (refused when they would not fit), and the time is
 * estimated from a few frames rendered first (refused above an hour unless --force).
 */
final class FrameBudget {
    /** Longer than this needs --force: a mistyped --frames or steps should not hold the machine for hours. */
    static final double MAX_SECONDS = 3600;

    private FrameBudget() {}

    /**
     * Why the frames cannot be rendered (a sentence), or null; prints the estimate when they can.
     * {@code stripScale} is the scale of a PNG strip of them (0 for a video).
     */
    static String check(GanModel g, long frames, int stripScale, boolean force) {
        int side = g.spec().imageSize();
        if (stripScale > 0) {
            try {
                dev.latentlab.render.Pixels.checkSize(frames * side * stripScale, (long) side * stripScale);
            } catch (IllegalArgumentException e) {
                return "a strip of " + frames + " frames: " + e.getMessage() + " (or write a video)";
            }
        }
        long bytes = frames * ((long) side * side * 4 + (long) g.nz() * 4 * 2);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2) {
            return String.format(Locale.ROOT, "%d frames of %dx%d need about %.1f GB of memory, and this Java has"
                    + " %.1f GB: lower the frame count (--frames, or the recipe's steps)", frames, side, side,
                    bytes / 1e9, heap / 1e9);
        }
        double ms = millisPerFrame(g);
        double seconds = frames * ms / 1000;
        if (seconds > MAX_SECONDS && !force) {
            return String.format(Locale.ROOT, "%d frames would take about %s to render here (%.0f ms a frame):"
                    + " lower the frame count, or give --force to render them anyway", frames,
                    Throughput.duration(seconds), ms);
        }
        System.err.printf(Locale.ROOT, "rendering %d frames (about %s)%n", frames, Throughput.duration(seconds));
        return null;
    }

    /** A few frames of the prior's mean, timed after one warm-up pass. */
    private static double millisPerFrame(GanModel g) {
        float[] z = new float[8 * g.nz()];
        Arrays.fill(z, 0.1f);
        RenderService.renderAll(g, z, 8);
        return RenderService.renderAll(g, z, 8).millisPerImage();
    }
}
