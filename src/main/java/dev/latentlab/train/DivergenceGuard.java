package dev.latentlab.train;

/**
 * Watches iteration records for a run that has gone wrong: a NaN or infinite loss (stop at once),
 * or D winning outright — D(x) near 1 and D(G(z)) near 0 — for a long stretch, when G's gradient
 * vanishes and training has effectively stopped.
 */
public final class DivergenceGuard {
    public enum Verdict { OK, NOT_FINITE, D_WINS }

    private final double level;
    private final int patience;
    private int streak;

    public DivergenceGuard(double level, int patience) {
        this.level = level;
        this.patience = patience;
    }

    public Verdict check(IterationRecord r) {
        if (!r.isFinite()) {
            return Verdict.NOT_FINITE;
        }
        streak = r.dReal() > level && r.dFakeBefore() < 1 - level ? streak + 1 : 0;
        if (streak >= patience) {
            streak = 0;
            return Verdict.D_WINS;
        }
        return Verdict.OK;
    }

    public String explain(Verdict v, long iteration) {
        return switch (v) {
            case OK -> "";
            case NOT_FINITE -> "training diverged at iteration " + iteration + ": a loss is NaN or infinite";
            case D_WINS -> "paused at iteration " + iteration + ": for " + patience + " iterations D(x) > " + level
                    + " and D(G(z)) < " + String.format(java.util.Locale.ROOT, "%.3f", 1 - level)
                    + " — D has won and G gets no useful gradient. Resume to go on anyway.";
        };
    }
}
