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
 * {@code auto} (the default) is what {@link PrecisionProbe} measured on this machine, once, and kept
 * in the user's LatentLab folder: bfloat16 only where its images agree with float32's and it is
 * measurably faster (on Intel Sapphire Rapids, AMX, 1.5–2.2× in bench; on AMD EPYC family 26,
 * AVX-512 BF16, 1.7–2.5×); float32 elsewhere, with the reason ({@link #describe}). {@code bf16}
 * forces bfloat16 (emulated and slow without AVX-512 BF16), {@code fp32} forces float32. bfloat16 images differ from float32's
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
    /** What auto chose and why, once measured or read from the cache. */
    private static volatile PrecisionProbe.Choice auto;

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

    /**
     * {@code auto}, {@code bf16}/{@code bfloat16} or {@code fp32}/{@code float32}; auto is this
     * machine's measured choice ({@link #autoChoice}: float32 at once on a CPU whose flags list no
     * bfloat16 instructions, else the probe's cached result or a probe of under two seconds).
     */
    public static Precision resolve(String setting, Set<String> flags) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "auto", "" -> PrecisionProbe.bf16Instructions(flags) ? autoChoice().precision() : FLOAT32;
            case "bf16", "bfloat16" -> BFLOAT16;
            case "fp32", "float32", "off" -> FLOAT32;
            default -> throw new IllegalArgumentException("precision must be auto, bf16 or fp32, got '" + setting + "'");
        };
    }

    /** auto's choice on this machine: measured once ({@link PrecisionProbe}) and cached in the user's folder. */
    public static PrecisionProbe.Choice autoChoice() {
        PrecisionProbe.Choice c = auto;
        if (c == null) {
            synchronized (Precision.class) {
                if (auto == null) {
                    auto = PrecisionProbe.bf16Instructions(cpuFlags())
                            ? PrecisionProbe.choice(PrecisionProbe.defaultCache())
                            : new PrecisionProbe.Choice(FLOAT32, "no bfloat16 instructions on this CPU");
                }
                c = auto;
            }
        }
        return c;
    }

    /**
     * For the status bar, bench and eval headers: "float32 (auto: why)", "bfloat16 (auto: measured
     * 1.5× as fast …)", "float32 (why the eval chose it)", or what was forced.
     */
    public static String describe() {
        Precision p = current();
        String setting = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        boolean isAuto = setting.isEmpty() || setting.equals("auto");
        if (p == FLOAT32 && because != null) {
            return "float32 (" + because + ")";
        }
        if (isAuto && !TorchRuntime.device().isGpu()) {
            return p.label() + " (auto: " + autoChoice().reason() + ")";
        }
        if (p == BFLOAT16) {
            return cpuFlags().contains("amx_bf16") ? "bfloat16 (AMX)"
                    : cpuFlags().contains("avx512_bf16") ? "bfloat16 (AVX-512 BF16)" : "bfloat16 (emulated: slow)";
        }
        return "float32";
    }

    /** For the status bar: "float32", "bfloat16", with " (auto)" when auto chose it (the reason: {@link #describe}). */
    public static String brief() {
        Precision p = current();
        String setting = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        boolean isAuto = (setting.isEmpty() || setting.equals("auto")) && because == null;
        return p.label() + (isAuto ? " (auto)" : "");
    }

    /** "bfloat16" or "float32". */
    public String label() {
        return this == BFLOAT16 ? "bfloat16" : "float32";
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
