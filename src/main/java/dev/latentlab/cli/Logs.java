package dev.latentlab.cli;

/**
 * How much of the libraries' own logging a command prints: quiet (the default) keeps DJL's log
 * to errors and libtorch's native log to errors, so only LatentLab's lines appear; verbose lets
 * DJL's INFO lines and libtorch's warnings through. Both take effect when the logger and the
 * engine start, which is after the command line is parsed.
 */
final class Logs {
    /** slf4j-simple's default level, read once when the first logger is made. */
    static final String DJL_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    /** libtorch's native log level, applied when the engine starts (see dev.latentlab.nn.NativeLog). */
    static final String TORCH_LEVEL = "latentlab.torch.log";

    private Logs() {}

    static void quiet(boolean quiet) {
        System.setProperty(DJL_LEVEL, quiet ? "error" : "info");
        System.setProperty(TORCH_LEVEL, quiet ? "error" : "warning");
    }
}
