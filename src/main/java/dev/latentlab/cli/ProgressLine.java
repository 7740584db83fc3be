package dev.latentlab.cli;

/** A progress line rewritten in place on stderr, ended when closed (so an error that follows starts a line). */
final class ProgressLine implements AutoCloseable {
    private final boolean shown;
    private boolean written;

    /** A line that shows only when {@code shown} (short work needs none). */
    ProgressLine(boolean shown) {
        this.shown = shown;
    }

    void show(String text) {
        if (shown) {
            System.err.print("\r" + text);
            written = true;
        }
    }

    @Override
    public void close() {
        if (written) {
            System.err.println();
        }
    }
}
