package dev.latentlab.train;

import java.util.Locale;

/**
 * Images per second as a run reports them, smoothed (an exponential average, 0.95 old + 0.05
 * new, of the iterations that trained both networks), and what that leaves: the ETA, written like
 * "12m05s" or "1h04m". The command line's progress line and the Train view show the same figures.
 */
public final class Throughput {
    private double smoothed;

    /** Takes an iteration's rate into the average (a GAN's single D or G update, with a NaN loss, is left out). */
    public void add(IterationRecord r) {
        if (Double.isFinite(r.imagesPerSecond()) && r.imagesPerSecond() > 0 && Double.isFinite(r.lossG())
                && (r.isVae() || Double.isFinite(r.lossDReal()))) {
            smoothed = smoothed == 0 ? r.imagesPerSecond() : 0.95 * smoothed + 0.05 * r.imagesPerSecond();
        }
    }

    public void reset() {
        smoothed = 0;
    }

    /** The smoothed rate, 0 before the first iteration. */
    public double imagesPerSecond() {
        return smoothed;
    }

    /** Seconds until the run's last iteration at the smoothed rate (0 while there is none). */
    public double etaSeconds(TrainConfig config, long iteration, long totalIterations) {
        return smoothed > 0 ? (totalIterations - iteration) * (double) config.batchSize * config.dSteps / smoothed : 0;
    }

    /** A duration as "MmSSs", or "HhMMm" from an hour on. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
