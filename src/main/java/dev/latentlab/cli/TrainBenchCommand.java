package dev.latentlab.cli;

import ai.djl.ndarray.NDManager;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.NativeMemory;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.train.GanTrainer;
import dev.latentlab.train.VaeTrainer;
import dev.latentlab.train.TrainConfig;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Training throughput in images per second at batch 64 (one D and one G update per",
            "iteration, the pytorch/examples recipe) for the 64x64 RGB DCGAN and the MNIST-shaped DCGANs",
            "(28x28 and 32x32 gray), and for the VAE with the same networks (decoder = that G, encoder = D's",
            "body with a 2·nz head, one ELBO update per iteration). Prints the median of --repeats timed blocks."})
final class TrainBenchCommand implements Callable<Integer> {
    @Option(names = "--iterations", converter = Numbers.Positive.class, defaultValue = "10", description = "iterations per timed block (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--repeats", converter = Numbers.Positive.class, defaultValue = "3", description = "timed blocks (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--shape", split = ",", defaultValue = "64x3,32x1,28x1",
            description = "SIZExCHANNELS list (default: ${DEFAULT-VALUE})")
    String[] shapes;

    @Override
    public Integer call() {
        System.out.printf(Locale.ROOT, "threads: %d intra-op, device %s%n", TorchRuntime.threads(),
                TorchRuntime.device());
        System.out.println("native allocator: " + NativeMemory.describe());
        for (String shape : shapes) {
            String[] p = shape.split("x");
            TrainConfig c = new TrainConfig();
            c.imageSize = Integer.parseInt(p[0]);
            c.channels = Integer.parseInt(p[1]);
            c.batchSize = 64;
            long before = BenchCommand.rssKb();
            Blocks b = measure(c, iterations, repeats);
            long after = BenchCommand.rssKb();
            System.out.printf(Locale.ROOT, "train %dx%dx%d DCGAN (ngf=ndf=64, batch 64): %.1f images/s (median of %d)%n",
                    c.imageSize, c.imageSize, c.channels, BenchCommand.median(b.rates), b.rates.length);
            System.out.printf(Locale.ROOT, "  resident memory growth over %d iterations: %.1f MB; "
                    + "page faults per timed iteration: %.0f%n",
                    iterations * repeats + 2, (after - before) / 1024.0, b.faultsPerIteration);
            c.arch = "vae";
            double[] vae = measureVae(c, iterations, repeats);
            System.out.printf(Locale.ROOT, "train %dx%dx%d VAE (the same G as decoder, D's body as encoder, batch 64): "
                    + "%.1f images/s (median of %d), %.2f× the GAN's%n", c.imageSize, c.imageSize, c.channels,
                    BenchCommand.median(vae), vae.length, BenchCommand.median(vae) / BenchCommand.median(b.rates));
        }
        return 0;
    }

    /** Images per second of each timed block of VAE updates (after two warm-up updates). */
    static double[] measureVae(TrainConfig c, int iterations, int repeats) {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = Networks.generator(c.spec(), m);
            EncoderNet e = Networks.encoder(c.spec(), m, 2 * c.nz);
            Random r = new Random(1);
            Networks.initialize(g, r);
            e.initialize(r);
            float[] x = batch(c, r);
            try (VaeTrainer t = new VaeTrainer(c, e, g, m, 2)) {
                return blocks(c, iterations, repeats, () -> t.step(() -> x)).rates();
            }
        }
    }

    /** Images per second of each timed block, and the minor page faults per timed iteration. */
    record Blocks(double[] rates, double faultsPerIteration) {}

    /** Times {@code repeats} blocks of {@code iterations} after two warm-up iterations. */
    static Blocks measure(TrainConfig c, int iterations, int repeats) {
        try (NDManager m = TorchRuntime.engine().newBaseManager()) {
            GeneratorNet g = Networks.generator(c.spec(), m);
            DiscriminatorNet d = Networks.discriminator(c.spec(), m);
            Random r = new Random(1);
            Networks.initialize(g, r);
            Networks.initialize(d, r);
            float[] x = batch(c, r);
            try (GanTrainer t = new GanTrainer(c, g, d, m, 2)) {
                return blocks(c, iterations, repeats, () -> t.step(() -> x));
            }
        }
    }

    /** One batch of uniform noise images in [−1, 1]: what a step reads (its values do not change the time). */
    private static float[] batch(TrainConfig c, Random r) {
        float[] x = new float[c.batchSize * c.spec().pixels()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** Two warm-up steps, then {@code repeats} timed blocks of {@code iterations} steps each. */
    private static Blocks blocks(TrainConfig c, int iterations, int repeats, Runnable step) {
        for (int i = 0; i < 2; i++) {
            step.run();
        }
        double[] rates = new double[repeats];
        long faults = NativeMemory.minorFaults();
        for (int k = 0; k < repeats; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                step.run();
            }
            rates[k] = (double) iterations * c.batchSize / ((System.nanoTime() - t0) / 1e9);
        }
        faults = NativeMemory.minorFaults() - faults;
        return new Blocks(rates, (double) faults / (iterations * repeats));
    }
}
