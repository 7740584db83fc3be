package dev.latentlab.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The number format of the generator's inference passes (G(z) without masks or captured
 * activations: the live view, sampling, the evaluations' generated images). Training, gradients
 * (encoding), masked and split passes (Ablate, the removal search) always run in float32.
 *
 * <p>Chosen once per process from {@code -Dlatentlab.precision} (or the CLI's {@code --precision}):
 * {@code auto} (the default) is bfloat16 where the CPU has AMX tiles for it ({@code amx_bf16} in
 * /proc/cpuinfo: Intel Sapphire Rapids and later), where oneDNN runs the generator 1.5–2.2× as fast
 * as in float32 (bench); float32 elsewhere (CPUs with AVX-512 BF16 but no AMX, such as AMD Zen 4,
 * have not been measured on this path, so they keep float32 unless asked). {@code bf16} forces bfloat16 (correct on any x86 CPU, emulated and
 * slow without AVX-512 BF16), {@code fp32} forces float32. bfloat16 images differ from float32's
 * by up to about 0.04 on [−1, 1] (5 levels of 255; {@code bench} measures it).
 */
public enum Precision {
    FLOAT32,
    BFLOAT16;

    public static final String PROPERTY = "latentlab.precision";

    private static volatile Precision current;
    private static volatile Set<String> cpuFlags;
    /** Why float32 was preferred over the setting (the eval commands), for {@link #describe}; else null. */
    private static volatile String because;

    /** The process's precision, resolved on first use from {@link #PROPERTY}. */
    public static Precision current() {
        Precision p = current;
        if (p == null) {
            synchronized (Precision.class) {
                if (current == null) {
                    String setting = System.getProperty(PROPERTY, "auto");
                    // auto is a CPU rule: on a GPU (the -Pcuda build) it stays float32
                    boolean gpu = TorchRuntime.device().isGpu();
                    current = gpu && setting.trim().equalsIgnoreCase("auto") ? FLOAT32 : resolve(setting, cpuFlags());
                }
                p = current;
            }
        }
        return p;
    }

    /** Sets the process's precision (the CLI's --precision; tests). */
    public static void set(Precision p) {
        current = p;
        because = null;
    }

    /**
     * float32 unless the user chose (-Dlatentlab.precision, or --precision, which is applied
     * after this): the eval commands, whose figures must be the same on every CPU.
     */
    public static void preferFloat32(String reason) {
        if (System.getProperty(PROPERTY) == null) {
            current = FLOAT32;
            because = reason;
        }
    }

    /** {@code auto}, {@code bf16}/{@code bfloat16} or {@code fp32}/{@code float32}, for a CPU with these flags. */
    public static Precision resolve(String setting, Set<String> flags) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto", "" -> flags.contains("amx_bf16") ? BFLOAT16 : FLOAT32;
            case "bf16", "bfloat16" -> BFLOAT16;
            case "fp32", "float32", "off" -> FLOAT32;
            default -> throw new IllegalArgumentException("precision must be auto, bf16 or fp32, got '" + setting + "'");
        };
    }

    /** For the status bar, bench and eval headers: "bfloat16 (AMX)", "float32 (no AMX on this CPU)", "float32 (why)". */
    public static String describe() {
        Precision p = current();
        boolean amx = cpuFlags().contains("amx_bf16");
        String setting = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        boolean auto = setting.isEmpty() || setting.equals("auto");
        if (p == BFLOAT16) {
            return amx ? "bfloat16 (AMX)" : "bfloat16 (no AMX: emulated)";
        }
        if (because != null) {
            return "float32 (" + because + ")";
        }
        return auto && !amx ? "float32 (no AMX on this CPU)" : "float32";
    }

    /** The CPU's feature flags from /proc/cpuinfo (empty where there is none). */
    public static Set<String> cpuFlags() {
        Set<String> f = cpuFlags;
        if (f == null) {
            f = new HashSet<>();
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("flags")) {
                        int colon = line.indexOf(':');
                        f.addAll(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or unreadable: no flags, so auto means float32
            }
            cpuFlags = f = Set.copyOf(f);
        }
        return f;
    }
}
