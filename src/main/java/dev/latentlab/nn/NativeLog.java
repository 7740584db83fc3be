package dev.latentlab.nn;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.Locale;

/**
 * libtorch's own log lines (c10's logging, written to stderr by the native code, such as the
 * "AutoNonVariableTypeMode is deprecated" warning DJL's JNI triggers on first use) below a level
 * are dropped: {@code -Dlatentlab.torch.log=error} keeps only errors, {@code warning} (libtorch's
 * default) and {@code info} show more. c10 reads the environment variable TORCH_CPP_LOG_LEVEL
 * only when Python initialises it, so the level is set in its global flag
 * {@code FLAGS_caffe2_log_level} (0 info, 1 warning, 2 error), which it checks at every message.
 */
final class NativeLog {
    static final String PROPERTY = "latentlab.torch.log";

    private NativeLog() {}

    /** Applies the property's level once the engine has loaded libc10; what was set, for diagnostics. */
    static String apply() {
        String want = System.getProperty(PROPERTY);
        if (want == null || want.isBlank()) {
            return "libtorch's default";
        }
        int level = switch (want.trim().toLowerCase(Locale.ROOT)) {
            case "info" -> 0;
            case "warning", "warn" -> 1;
            case "error" -> 2;
            default -> -1;
        };
        if (level < 0 || !Platform.isLinux()) {
            return "libtorch's default";
        }
        try {
            // libc10 is loaded already (by the engine): the dlopen by name returns that copy
            NativeLibrary.getInstance("c10").getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, level);
            return want;
        } catch (LinkageError | RuntimeException e) { // no JNA native part, no such library or symbol
            return "libtorch's default (" + e.getMessage() + ")";
        }
    }
}
