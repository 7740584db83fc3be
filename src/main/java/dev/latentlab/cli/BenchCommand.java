package dev.latentlab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentlab.nn.DcganGenerator;
import dev.latentlab.nn.FreshManager;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.Precision;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Generator latency (p50 and p99 at batch 1, 9 and 64) and resident-memory growth over",
            "repeated generate calls, one figure per line. `bench train` measures training throughput,",
            "`bench eval` the removal search and the evaluations, `bench start` the cold start."},
        subcommands = {TrainBenchCommand.class, UiBenchCommand.class, EvalBenchCommand.class, StartBenchCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model to time (default: a randomly initialised 64x64 RGB DCGAN, "
            + "nz 100, ngf 64: the same arithmetic as any trained one)")
    Path model;

    @Option(names = "--calls", converter = Numbers.Positive.class, defaultValue = "200", description = "timed calls per batch size (default: ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--memory-calls", converter = Numbers.Positive.class, defaultValue = "5000",
            description = "generate calls for the memory-growth figure (default: ${DEFAULT-VALUE})")
    int memoryCalls;

    @Override
    public Integer call() throws Exception {
        try (GanModel m = model != null ? ModelStore.open(model) : randomDcgan64()) {
            System.out.printf(Locale.ROOT, "model: %s (%s)%n", m.name(), m.spec().describe());
            System.out.printf(Locale.ROOT, "threads: %d intra-op, device %s, precision %s%n", TorchRuntime.threads(),
                    TorchRuntime.device(), Precision.describe());
            Random r = new Random(1);
            for (int batch : new int[] {1, 9, 64}) {
                float[] z = gaussian(batch * m.nz(), r);
                int warm = Math.max(5, calls / 10);
                for (int i = 0; i < warm; i++) {
                    m.generate(z, batch);
                }
                int n = batch == 64 ? Math.max(20, calls / 5) : calls;
                double[] ms = new double[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    m.generate(z, batch);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "latency batch %d: p50 %.2f ms, p99 %.2f ms (%d calls)%n", batch,
                        percentile(ms, 50), percentile(ms, 99), n);
            }
            if (m.generator() instanceof DcganGenerator g) {
                precisions(m, g, r);
            }
            float[] z = gaussian(m.nz(), r);
            for (int i = 0; i < 200; i++) {
                m.generate(z, 1);
            }
            System.gc();
            long before = rssKb();
            long t0 = System.nanoTime();
            for (int i = 0; i < memoryCalls; i++) {
                m.generate(z, 1);
            }
            System.gc();
            long after = rssKb();
            System.out.printf(Locale.ROOT, "memory growth over %d generate calls: %.1f MB (RSS %.1f → %.1f MB, %.1f s)%n",
                    memoryCalls, (after - before) / 1024.0, before / 1024.0, after / 1024.0,
                    (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }

    /**
     * LatentLab's own float32 pass, float32 and bfloat16 as {@code infer} runs them (the scripted
     * program) in one run, interleaved rounds, medians of the rounds' p50s; and what bfloat16 costs
     * in the images.
     */
    private void precisions(GanModel m, DcganGenerator g, Random r) {
        float[] z64 = gaussian(64 * m.nz(), r);
        double maxDiff = 0;
        double meanDiff = 0;
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager call = g.params().manager().newSubManager()) {
            NDArray z = call.create(z64, new Shape(64, m.nz()));
            float[] a = g.forward(z, false, Hooks.none()).toFloatArray();
            float[] b = g.infer(z, Precision.BFLOAT16).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                double d = Math.abs(a[i] - b[i]);
                maxDiff = Math.max(maxDiff, d);
                meanDiff += d / a.length;
            }
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
        System.out.printf(Locale.ROOT, "bfloat16 error over 64 samples: max |diff| %.4f, mean %.5f (images in [-1, 1]; "
                + "one 8-bit level is %.4f)%n", maxDiff, meanDiff, 2 / 255.0);
        int rounds = 5;
        for (int batch : new int[] {1, 64}) {
            float[] z = Arrays.copyOf(z64, batch * m.nz());
            int n = batch == 64 ? Math.max(10, calls / 10) : calls;
            Pass[] passes = Pass.values();
            double[][] p50 = new double[passes.length][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < passes.length; k++) {
                    double[] ms = new double[n];
                    for (int i = -Math.max(3, n / 4); i < n; i++) {
                        long t0 = System.nanoTime();
                        generate(g, z, batch, passes[k]);
                        if (i >= 0) {
                            ms[i] = (System.nanoTime() - t0) / 1e6;
                        }
                    }
                    p50[k][round] = median(ms);
                }
            }
            double own = median(p50[Pass.OWN.ordinal()]);
            double f = median(p50[Pass.FLOAT32.ordinal()]);
            double b = median(p50[Pass.BFLOAT16.ordinal()]);
            System.out.printf(Locale.ROOT, "precision batch %d: own float32 pass p50 %.2f ms, float32 %s %.2f ms (%.2fx), "
                    + "bfloat16 %.2f ms (%.2fx over float32) (medians of %d interleaved rounds of %d calls)%n", batch, own,
                    g.scriptsFloat32() ? "scripted" : "(own pass)", f, own / f, b, f / b, rounds, n);
        }
    }

    /**
     * The passes compared: LatentLab's own float32 pass (about 60 engine calls), and float32 and
     * bfloat16 as {@code infer} runs them (the scripted program where it applies).
     */
    private enum Pass { OWN, FLOAT32, BFLOAT16 }

    private static void generate(DcganGenerator g, float[] z, int batch, Pass pass) {
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager call = g.params().manager().newSubManager()) {
            NDArray zs = call.create(z, new Shape(batch, g.spec().nz()));
            NDArray out = switch (pass) {
                case OWN -> g.forward(zs, false, Hooks.none());
                case FLOAT32 -> g.infer(zs, Precision.FLOAT32);
                case BFLOAT16 -> g.infer(zs, Precision.BFLOAT16);
            };
            out.toFloatArray();
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    static GanModel randomDcgan64() {
        NetSpec spec = NetSpec.dcgan(64, 3, 100, 64, 64);
        return FreshManager.build(manager -> {
            GeneratorNet g = Networks.generator(spec, manager);
            Networks.initialize(g, new Random(1));
            return new GanModel(manager, ModelInfo.of("random DCGAN 64x64", spec), g, null, null,
                    GanModel.Source.NEW);
        });
    }

    static float[] gaussian(int n, Random r) {
        return Prior.sample(n, r);
    }

    static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return percentile(s, 50);
    }

    /** Resident set size of this process in KiB, from /proc (Linux); -1 elsewhere. */
    static long rssKb() {
        long bytes = dev.latentlab.nn.NativeMemory.residentBytes();
        return bytes > 0 ? bytes / 1024 : -1;
    }
}
