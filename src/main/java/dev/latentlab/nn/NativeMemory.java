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
 * <p>libtorch allocates every CPU tensor with {@code posix_memalign}. One 64x64 training
 * iteration allocates and frees about 1.5 GB in blocks of up to 38 MB, and with glibc's
 * defaults much of it goes back to the kernel when freed (blocks above the mmap threshold are
 * unmapped; free space at the top of a heap over the trim threshold is trimmed), so the next
 * iteration faults the same pages in again, zero-filled: about 55,000 page faults per
 * iteration, 8–10% of its time. Two settings keep freed memory in the process for reuse:
 * <ul>
 *   <li>{@code M_MMAP_THRESHOLD} 32 MB (glibc's maximum): blocks up to that size come from
 *       the heap, and a fixed threshold also stops glibc from lowering the trim threshold
 *       again;</li>
 *   <li>{@code M_TRIM_THRESHOLD} 1 GB: free space at the top of a heap stays mapped until
 *       it exceeds 1 GB.</li>
 * </ul>
 * Either alone is worse than the defaults (setting one turns glibc's adaptive thresholds off);
 * together they cut the faults about fourfold ({@code latentlab bench train} prints both).
 * The cost: up to that much freed memory stays resident between iterations. Set
 * {@code -Dlatentlab.malloc=default} to keep glibc's defaults.
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
                        : "glibc defaults (mallopt refused the settings)";
            } catch (UnsatisfiedLinkError | RuntimeException e) {
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
