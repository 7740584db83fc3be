package dev.latentlab.nn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * glibc malloc settings for libtorch's CPU tensors.
 *
 * <p>libtorch allocates every CPU tensor with {@code posix_memalign}. With glibc's defaults much
 * of what a training iteration frees goes back to the kernel (blocks above the mmap threshold
 * are unmapped; free space at the top of a heap beyond the trim threshold is trimmed, and a
 * heap that empties is unmapped), so the next iteration faults the same pages in again,
 * zero-filled: about 50,000 minor page faults per 64x64 iteration, several percent of its
 * time. Three settings keep freed memory in the process for reuse:
 * <ul>
 *   <li>{@code M_MMAP_THRESHOLD} 32 MB (glibc's maximum): blocks up to that size come from
 *       a heap;</li>
 *   <li>{@code M_TRIM_THRESHOLD} 1 GB: free space at the top of a heap stays mapped until
 *       it exceeds 1 GB;</li>
 *   <li>{@code M_TOP_PAD} 256 MB: keeps emptied heaps of the threads' arenas from being
 *       unmapped.</li>
 * </ul>
 * Setting the trim threshold or the top pad without the mmap threshold is far worse than the
 * defaults (setting any of them turns glibc's adaptive mmap threshold off, so every block over
 * 128 KB is mapped and unmapped); together they leave a few hundred faults per iteration
 * ({@code latentlab bench train} prints them). The cost: freed memory stays resident, about
 * 130 MB more during 64x64 training. Set {@code -Dlatentlab.malloc=default} to keep glibc's
 * defaults.
 */
public final class NativeMemory {
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;
    static final int TOP_PAD = 256 << 20;
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;

    private static volatile String state = "not set";

    private NativeMemory() {}

    /** Applies the settings once; returns what the allocator now runs with, in words. */
    static synchronized String tune() {
        if (!state.equals("not set")) {
            return state;
        }
        if ("default".equals(System.getProperty("latentlab.malloc"))) {
            state = "glibc defaults (-Dlatentlab.malloc=default)";
        } else if (!Platform.isLinux()) {
            state = "the platform's defaults";
        } else {
            try {
                Function mallopt = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mallopt");
                boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1
                        & mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1
                        & mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD}) == 1;
                state = ok ? "glibc, mmap threshold 32 MB, trim threshold 1 GB, top pad 256 MB"
                        : "glibc (mallopt refused some of the settings)";
            } catch (LinkageError | RuntimeException e) { // JNA or its native part missing, or no mallopt
                state = "the C library's defaults (no mallopt: " + e.getMessage() + ")";
            }
        }
        return state;
    }

    /** What {@link #tune()} did, in words. */
    public static String describe() {
        TorchRuntime.engine();
        return state;
    }

    /**
     * Hands the free pages of every C heap arena back to the kernel (glibc's {@code malloc_trim(0)}):
     * for after a model is closed, when its arrays will not be allocated again soon but the
     * settings above would keep them resident (each model switch in Explore left up to a few tens
     * of MB more resident). Training never calls it. Whether glibc released anything; false
     * elsewhere.
     */
    public static boolean release() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Function trim = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("malloc_trim");
            return trim.invokeInt(new Object[] {0}) == 1;
        } catch (LinkageError | RuntimeException e) { // JNA or its native part missing, or no malloc_trim
            return false;
        }
    }

    /** The process's resident memory in bytes (Linux), or 0 where /proc does not say. */
    public static long residentBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * 4096; // resident pages
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The process's minor page faults so far (Linux), or -1 where /proc does not say. */
    public static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the second field, the command, is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Long.parseLong(f[7]); // field 10 of the whole line: minflt
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
