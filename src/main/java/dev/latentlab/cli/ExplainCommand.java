package dev.latentlab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentlab.explain.StageReading;
import dev.latentlab.explain.TransposedConvSteps;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.DcganGenerator;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code explain}: the note's mechanics computed on the live model, headless. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        subcommands = {ExplainCommand.TransposedConv.class, ExplainCommand.Losses.class},
        description = {"The note's mechanics on a real model: transposed-conv (zeros, padding, the flipped kernel, "
            + "checked against the layer), losses (the two generator losses' gradients by autograd)."})
final class ExplainCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "transposed-conv", mixinStandardHelpOptions = true,
            description = {"One output channel of a generator stage computed by hand: zeros inserted between the input",
                "pixels (stride − 1), the border padded with k − p − 1 zeros, the flipped kernel slid with stride 1,",
                "summed over input channels; compared with the layer's own output (before BatchNorm).",
                "Prints each size, max_abs_diff (hand vs layer) and the kernel overlap counts (k 4 s 2: even; k 3 s 2:",
                "a checkerboard). --toy: the note's 2×2 → 5×5 example (k 3, s 2, no padding) against the definition."})
    static final class TransposedConv implements Callable<Integer> {
        @Option(names = "--model", description = "a DCGAN model folder or .pth")
        Path model;

        @Option(names = "--layer", defaultValue = "1", description = "stage: 0 = the 1×1 → 4×4 projection, 1.. the stride-2 stages (default: ${DEFAULT-VALUE})")
        int layer;

        @Option(names = "--channel", defaultValue = "0", description = "output channel (default: ${DEFAULT-VALUE})")
        int channel;

        @Option(names = "--seed", defaultValue = "1", description = "seed of z (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--toy", description = "the note's 2×2 → 5×5 example instead of a model")
        boolean toy;

        @Override
        public Integer call() {
            if (toy) {
                return toy();
            }
            if (model == null) {
                System.err.println("error: give --model M (or --toy)");
                return 2;
            }
            try (GanModel m = ModelStore.open(model)) {
                if (!(m.generator() instanceof DcganGenerator g)) {
                    System.err.println("error: " + m.name() + " is not a DCGAN: it has no transposed convolution");
                    return 2;
                }
                if (layer < 0 || layer >= g.stages()) {
                    System.err.println("error: --layer must be 0.." + (g.stages() - 1));
                    return 2;
                }
                float[] z = dev.latentlab.latent.Prior.sample(m.nz(), new Random(seed));
                StageReading r = StageReading.read(m, z, layer);
                if (channel < 0 || channel >= r.outChannels()) {
                    System.err.println("error: --channel must be 0.." + (r.outChannels() - 1) + " (stage " + layer + " has "
                            + r.outChannels() + " output channels)");
                    return 2;
                }
                TransposedConvSteps.Steps st = r.steps(channel);
                float[] layerOut = r.outputChannel(channel);
                int os = r.outputSide();
                int cin = r.inChannels();
                int stride = r.stride();
                int pad = r.padding();
                System.out.printf(Locale.ROOT, "# model %s, stage %d: ConvTranspose2d(%d, %d, 4, stride %d, padding %d), "
                        + "output channel %d, z seed %d%n", m.name(), layer, cin, r.outChannels(), stride, pad, channel, seed);
                System.out.printf(Locale.ROOT, "input           %d × %d × %d%n", cin, r.inputSide(), r.inputSide());
                System.out.printf(Locale.ROOT, "zeros inserted  %d × %d × %d   (stride − 1 = %d between pixels)%n", cin,
                        st.dilatedSide(), st.dilatedSide(), stride - 1);
                System.out.printf(Locale.ROOT, "padded          %d × %d × %d   (k − p − 1 = %d on every side)%n", cin,
                        st.paddedSide(), st.paddedSide(), 4 - pad - 1);
                System.out.printf(Locale.ROOT, "output          %d × %d        (flipped 4 × 4 kernel, stride 1; layer: %d × %d)%n",
                        st.outputSide(), st.outputSide(), os, os);
                System.out.printf(Locale.ROOT, "max_abs_diff %.3g%n", maxAbsDiff(st.output(), layerOut));
                System.out.printf(Locale.ROOT, "output range %.4f .. %.4f%n", min(layerOut), max(layerOut));
                printOverlap(8, 4, 2, 1, "k 4 s 2 p 1 (this layer's kind)");
                printOverlap(8, 3, 2, 1, "k 3 s 2 p 1 (uneven: the checkerboard)");
                return st.outputSide() == os ? 0 : 1;
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }

        /** The note's figure: a 2×2 input, a 3×3 kernel, stride 2, no padding → 5×5. */
        private static Integer toy() {
            StageReading toy = StageReading.toy();
            TransposedConvSteps.Steps st = toy.steps(0);
            float[] ref = toy.output(); // the definition: each input pixel scatters its weighted kernel
            System.out.println("# the note's example: input 2 × 2 = [[1, 2], [3, 4]], kernel 3 × 3 = [[1, 2, 1], [0, 1, 0], "
                    + "[-1, 0, 1]], stride 2, padding 0");
            System.out.printf(Locale.ROOT, "input           2 × 2%n");
            System.out.printf(Locale.ROOT, "zeros inserted  %d × %d%n", st.dilatedSide(), st.dilatedSide());
            print(st.padded(), st.paddedSide(), "padded          %d × %d   (k − p − 1 = 2 on every side)");
            print(st.output(), st.outputSide(), "output          %d × %d   (flipped kernel, stride 1)");
            System.out.printf(Locale.ROOT, "max_abs_diff %.3g%n", maxAbsDiff(st.output(), ref));
            return 0;
        }

        private static void print(float[] a, int side, String title) {
            System.out.printf(Locale.ROOT, title + "%n", side, side);
            for (int i = 0; i < side; i++) {
                StringBuilder b = new StringBuilder("   ");
                for (int j = 0; j < side; j++) {
                    b.append(String.format(Locale.ROOT, "%5.0f", a[i * side + j]));
                }
                System.out.println(b);
            }
        }

        private static void printOverlap(int s, int k, int stride, int pad, String what) {
            int[] n = TransposedConvSteps.overlap(s, k, stride, pad);
            int os = (s - 1) * stride + k - 2 * pad;
            int lo = Integer.MAX_VALUE;
            int hi = 0;
            // the interior, away from the border where fewer input pixels exist
            for (int i = k; i < os - k; i++) {
                for (int j = k; j < os - k; j++) {
                    lo = Math.min(lo, n[i * os + j]);
                    hi = Math.max(hi, n[i * os + j]);
                }
            }
            System.out.printf(Locale.ROOT, "overlap %-40s taps per interior output pixel: %d .. %d%n", what, lo, hi);
        }
    }

    @Command(name = "losses", mixinStandardHelpOptions = true,
            description = {"The model's own D on its own G(z): D(G(z)) and, by autograd, the mean |∂loss_G/∂logit| under",
                "minimax (log(1 − D(G(z)))) and non-saturating (−log D(G(z))) loss, per sample. When D wins (D(G(z))",
                "→ 0), the minimax gradient σ(l) vanishes while the non-saturating one, 1 − σ(l), stays near 1."})
    static final class Losses implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "a GAN model folder with its discriminator")
        Path model;

        @Option(names = "--samples", defaultValue = "256", description = "z drawn (default: ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--seed", defaultValue = "1", description = "seed of z (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            if (samples < 1 || samples > 100_000) {
                System.err.println("error: --samples must be 1..100000");
                return 2;
            }
            try (GanModel m = ModelStore.open(model)) {
                if (m.discriminator() == null) {
                    System.err.println("error: " + m.name() + " has no discriminator: there is no D to take loss_G through");
                    return 2;
                }
                float[] z = dev.latentlab.latent.Prior.sample(m.nz(), samples, new Random(seed));
                float[] images = m.generate(z, samples).images();
                double dMean = 0;
                double[] mean = new double[2];
                TorchRuntime.COLLECTOR_LOCK.lock();
                try (NDManager mm = TorchRuntime.engine().newBaseManager()) {
                    NDArray logits;
                    boolean grad = TorchRuntime.disableGrad();
                    try {
                        logits = m.discriminator().logits(mm.create(images, new Shape(samples, m.spec().channels(),
                                m.spec().imageSize(), m.spec().imageSize())), false);
                    } finally {
                        TorchRuntime.restoreGrad(grad);
                    }
                    float[] l = logits.toFloatArray();
                    for (int k = 0; k < 2; k++) {
                        NDArray x = mm.create(l);
                        x.setRequiresGradient(true);
                        try (GradientCollector gc = TorchRuntime.engine().newGradientCollector()) {
                            // per-sample losses summed, so each logit's gradient is its own sample's
                            NDArray loss = k == 0
                                    ? ai.djl.nn.Activation.softPlus(x).neg().sum()   // Σ log(1 − σ(l)) = −Σ softplus(l)
                                    : ai.djl.nn.Activation.softPlus(x.neg()).sum();  // Σ −log σ(l) = Σ softplus(−l)
                            gc.backward(loss);
                        }
                        for (float g : x.getGradient().toFloatArray()) {
                            mean[k] += Math.abs(g) / samples;
                        }
                    }
                    for (float v : l) {
                        dMean += 1 / (1 + Math.exp(-v)) / samples;
                    }
                } finally {
                    TorchRuntime.COLLECTOR_LOCK.unlock();
                }
                System.out.printf(Locale.ROOT, "# model %s, D in eval mode on %d samples of G (z seed %d)%n", m.name(),
                        samples, seed);
                System.out.printf(Locale.ROOT, "d_g_z.mean                 %.4f%n", dMean);
                System.out.printf(Locale.ROOT, "grad_logit.minimax         %.4f   (|∂ log(1 − σ(l)) / ∂l| = σ(l))%n", mean[0]);
                System.out.printf(Locale.ROOT, "grad_logit.nonsaturating   %.4f   (|∂ −log σ(l) / ∂l| = 1 − σ(l))%n", mean[1]);
                System.out.printf(Locale.ROOT, "ratio.nonsaturating_to_minimax %.2f%n", mean[1] / Math.max(mean[0], 1e-12));
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }
    }

    static float maxAbsDiff(float[] a, float[] b) {
        return StageReading.maxAbsDiff(a, b);
    }

    private static float min(float[] a) {
        float v = Float.POSITIVE_INFINITY;
        for (float x : a) {
            v = Math.min(v, x);
        }
        return v;
    }

    private static float max(float[] a) {
        float v = Float.NEGATIVE_INFINITY;
        for (float x : a) {
            v = Math.max(v, x);
        }
        return v;
    }
}
