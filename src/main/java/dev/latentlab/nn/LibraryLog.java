package dev.latentlab.nn;

/**
 * How much of the libraries' own logging LatentLab prints: quiet (the default of the app and of
 * every command) keeps DJL's log to errors and libtorch's native log to errors, so only
 * LatentLab's lines appear; verbose lets DJL's INFO lines and libtorch's warnings through. Both
 * take effect when the logger and the engine start, so they are set before either does.
 */
public final class LibraryLog {
    /** slf4j-simple's default level, read once when the first logger is made. */
    static final String DJL_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    /** libtorch's native log level, applied when the engine starts (see {@link NativeLog}). */
    static final String TORCH_LEVEL = NativeLog.PROPERTY;

    private LibraryLog() {}

    public static void quiet(boolean quiet) {
        System.setProperty(DJL_LEVEL, quiet ? "error" : "info");
        System.setProperty(TORCH_LEVEL, quiet ? "error" : "warning");
    }

    /** Quiet, except for a level the user chose with -D (or a command's --verbose) before this. */
    public static void quietUnlessChosen() {
        if (System.getProperty(DJL_LEVEL) == null) {
            System.setProperty(DJL_LEVEL, "error");
        }
        if (System.getProperty(TORCH_LEVEL) == null) {
            System.setProperty(TORCH_LEVEL, "error");
        }
    }
}
