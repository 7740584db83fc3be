package dev.latentlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.latentlab.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * What {@code --precision auto} chooses on this machine, measured rather than guessed from the CPU's
 * name: bfloat16 only where its images agree with LatentLab's own float32 pass (on an engine that
 * fails {@link EngineCheck} too, since the bfloat16 programs avoid the shapes it gets wrong; before
 * they did, AMD EPYC family 26 drew faces64 off by up to 1.33) and it is measurably faster (at least
 * {@link #MIN_SPEEDUP}×) on a 64×64 DCGAN at batch 16. The probe takes under two seconds; its result
 * is kept in the user's LatentLab folder ({@code precision.json} beside {@code settings.json}) for
 * this CPU and engine, so it runs once per machine.
 */
public final class PrecisionProbe {
    /** bfloat16 must be at least this much faster than float32 to be chosen. */
    public static final double MIN_SPEEDUP = 1.1;
    /** Largest |bfloat16 − float32| on images in [−1, 1] that still counts as the same picture (about 13 levels of 255). */
    public static final double MAX_DIFF = 0.1;
    /** The probe's time budget for the timing rounds. */
    static final long BUDGET_NANOS = 1_500_000_000L;
    /**
     * Which probe measured a kept result: 2 since the bfloat16 programs avoid the channel counts that
     * AMD EPYC family 26 computes wrongly (probe 1 kept float32 there without measuring).
     */
    static final int PROBE_VERSION = 2;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private PrecisionProbe() {}

    /**
     * What the probe measured: whether the engine's convolutions are sound, whether this CPU has
     * bfloat16 instructions at all, bfloat16's largest difference from float32 (as a share of the
     * float32 images' largest value), and the medians of both passes (NaN where not measured).
     */
    public record Measurement(boolean engineSound, boolean bf16Instructions, double maxDiff, double fp32Ms,
            double bf16Ms) {}

    /** The choice and why, in words a status bar can show. */
    public record Choice(Precision precision, String reason) {}

    /** The probe's result as kept on disk, with the machine it was measured on. */
    static final class Cached {
        String machine;
        String precision;
        String reason;
    }

    /**
     * The decision, from a measurement (pure: the tests feed it measurements). An engine that fails
     * {@link EngineCheck} does not rule bfloat16 out by itself: the bfloat16 programs give oneDNN only
     * channel counts that are multiples of 16 (the counts it gets wrong on AMD EPYC family 26), and the
     * probe compares their images with LatentLab's own float32 pass, which avoids the faulty shapes too.
     */
    public static Choice decide(Measurement m) {
        if (!m.bf16Instructions()) {
            return new Choice(Precision.FLOAT32, "no bfloat16 instructions on this CPU");
        }
        if (!(m.maxDiff() <= MAX_DIFF)) {
            return new Choice(Precision.FLOAT32, String.format(Locale.ROOT,
                    "bfloat16's images differed from float32's by %.3f of their range (more than %.2f)", m.maxDiff(), MAX_DIFF)
                    + (m.engineSound() ? "" : "; this CPU's libtorch computes some convolutions wrongly (engine check)"));
        }
        double speedup = m.fp32Ms() / m.bf16Ms();
        if (speedup >= MIN_SPEEDUP) {
            return new Choice(Precision.BFLOAT16, String.format(Locale.ROOT,
                    "measured %.2f× as fast as float32 (%.1f vs %.1f ms at batch 16)", speedup, m.bf16Ms(), m.fp32Ms())
                    + (m.engineSound() ? "" : String.format(Locale.ROOT, "; this CPU's libtorch computes some "
                    + "convolution shapes wrongly (engine check), which the bfloat16 pass avoids: its images agreed "
                    + "with float32's to %.3f of their range", m.maxDiff())));
        }
        return new Choice(Precision.FLOAT32, String.format(Locale.ROOT,
                "bfloat16 measured no faster here (%.1f vs %.1f ms at batch 16)", m.bf16Ms(), m.fp32Ms()));
    }

    /**
     * max |a − b| over max |a| (infinite where b is not finite; 0 for the same numbers): how far a
     * bfloat16 pass is from the float32 one, as a share of what the float32 pass draws or reads.
     */
    public static double relativeDifference(float[] a, float[] b) {
        double diff = 0;
        double range = 1e-6;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Float.isFinite(b[i]) ? Math.abs(a[i] - b[i]) : Double.POSITIVE_INFINITY);
            range = Math.max(range, Math.abs(a[i]));
        }
        return diff / range;
    }

    /** Whether a CPU with these flags has bfloat16 arithmetic (AVX-512 BF16 or AMX). */
    public static boolean bf16Instructions(Set<String> flags) {
        return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }

    /**
     * The choice for this machine: from {@code cache} when it was measured on the same CPU and engine,
     * else measured now and written there (a file that cannot be written only costs a probe next time).
     */
    public static Choice choice(Path cache) {
        return choice(cache, machine(), PrecisionProbe::measure);
    }

    /** The same with the machine's identity and the probe given (the tests count the probes). */
    static Choice choice(Path cache, String machine, java.util.function.Supplier<Measurement> probe) {
        Cached c = read(cache);
        if (c != null && machine.equals(c.machine) && c.precision != null) {
            try {
                return new Choice(Precision.valueOf(c.precision), c.reason);
            } catch (IllegalArgumentException e) {
                // a file from another version: measure again
            }
        }
        Choice fresh = decide(probe.get());
        write(cache, machine, fresh);
        return fresh;
    }

    /** The cache beside the app's settings: {@code latentlab.home}, else ~/.latentlab. */
    public static Path defaultCache() {
        String h = System.getProperty("latentlab.home");
        Path home = h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".latentlab");
        return home.resolve("precision.json");
    }

    static Cached read(Path file) {
        try {
            if (file != null && Files.isRegularFile(file)) {
                return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Cached.class);
            }
        } catch (IOException | JsonParseException e) {
            // unreadable: measure again
        }
        return null;
    }

    static void write(Path file, String machine, Choice choice) {
        if (file == null) {
            return;
        }
        Cached c = new Cached();
        c.machine = machine;
        c.precision = choice.precision().name();
        c.reason = choice.reason();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.writeString(file, GSON.toJson(c));
        } catch (IOException e) {
            System.err.println("LatentLab: could not save " + file + ": " + e.getMessage());
        }
    }

    /** What the result depends on: the CPU (model name and flags), the engine's version, its threads and oneDNN's ISA limit. */
    static String machine() {
        String model = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            model = System.getProperty("os.arch");
        }
        Set<String> flags = Precision.cpuFlags();
        String[] relevant = {"avx512f", "avx512_bf16", "amx_bf16", "amx_tile"};
        String has = String.join(" ", Arrays.stream(relevant).filter(flags::contains).toList());
        String isa = System.getenv("ONEDNN_MAX_CPU_ISA"); // changes which kernels run, and whether they are right
        return model + " [" + has + "] " + TorchRuntime.engine().getEngineName() + " "
                + TorchRuntime.engine().getVersion() + ", " + TorchRuntime.threads() + " threads"
                + (isa == null ? "" : ", ONEDNN_MAX_CPU_ISA=" + isa) + ", probe " + PROBE_VERSION;
    }

    /**
     * Measures this machine: the engine check, then (where the CPU has bfloat16 instructions)
     * bfloat16's images against LatentLab's own float32 pass and both scripted passes' speed at batch
     * 16, interleaved.
     */
    static Measurement measure() {
        boolean instructions = bf16Instructions(Precision.cpuFlags());
        boolean sound = EngineCheck.convolutionsSound();
        if (!instructions) {
            return new Measurement(sound, false, Double.NaN, Double.NaN, Double.NaN);
        }
        NetSpec spec = NetSpec.dcgan(64, 3, 100, 64, 64);
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            DcganGenerator g = (DcganGenerator) Networks.generator(spec, m);
            Networks.initialize(g, new Random(1));
            float[] z = new float[16 * spec.nz()];
            Random r = new Random(2);
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            NDArray zs = m.create(z, new Shape(16, spec.nz()));
            float[] a = g.forward(zs, false, Hooks.none()).toFloatArray(); // the own pass: no faulty shapes
            float[] b = g.infer(zs, Precision.BFLOAT16).toFloatArray();
            // relative to the float32 images' largest value: a freshly initialised generator draws values
            // of a few hundredths, so an absolute difference would hide a wrong convolution
            double diff = relativeDifference(a, b);
            double[][] ms = new double[2][12];
            int rounds = 0;
            long start = System.nanoTime();
            while (rounds < 12 && (rounds < 3 || System.nanoTime() - start < BUDGET_NANOS)) {
                for (int k = 0; k < 2; k++) {
                    try (NDManager call = m.newSubManager()) {
                        NDArray zc = call.create(z, new Shape(16, spec.nz()));
                        long t0 = System.nanoTime();
                        g.infer(zc, k == 0 ? Precision.FLOAT32 : Precision.BFLOAT16).toFloatArray();
                        ms[k][rounds] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                rounds++;
            }
            g.close();
            return new Measurement(sound, true, diff, median(ms[0], rounds), median(ms[1], rounds));
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    private static double median(double[] v, int n) {
        double[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
