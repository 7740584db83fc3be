package dev.latentlab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentlab.explain.StageReading;
import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.explain.GeneratorLosses;
import dev.latentlab.explain.TransposedConvSteps;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.DcganGenerator;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Networks;
import dev.latentlab.nn.Hooks;
import dev.latentlab.nn.TransposedConv2d;
import dev.latentlab.train.Adam;
import dev.latentlab.train.StepThrough;
import dev.latentlab.train.TrainConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code explain}: the note's mechanics computed on the live model, headless. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        subcommands = {ExplainCommand.TransposedConv.class, ExplainCommand.Losses.class, ExplainCommand.Step.class},
        description = {"The note's mechanics on a real model: transposed-conv (zeros, padding, the flipped kernel, "
            + "checked against the layer), losses (the two generator losses' gradients by autograd), step (one training "
            + "iteration in five steps, with every parameter's gradient norm)."})
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
                float[] l;
                try (NDManager mm = TorchRuntime.engine().newBaseManager()) {
                    boolean grad = TorchRuntime.disableGrad();
                    try {
                        l = m.discriminator().logits(mm.create(images, new Shape(samples, m.spec().channels(),
                                m.spec().imageSize(), m.spec().imageSize())), false).toFloatArray();
                    } finally {
                        TorchRuntime.restoreGrad(grad);
                    }
                }
                GeneratorLosses.Gradients g = GeneratorLosses.byAutograd(l);
                for (int i = 0; i < samples; i++) {
                    mean[0] += Math.abs(g.minimax()[i]) / samples;
                    mean[1] += Math.abs(g.nonSaturating()[i]) / samples;
                    dMean += 1 / (1 + Math.exp(-l[i])) / samples;
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

    @Command(name = "step", mixinStandardHelpOptions = true,
            description = {"One training iteration of a GAN taken apart in the note's five steps, as the Train view's Step",
                "through shows it: z sampled; G(z); D(x) and D(G(z)) per image; BCE(D(x), 1), BCE(D(G(z)), 0) and",
                "BCE(D(G(z)), 1); backward from loss_G with the gradient norm of every parameter of G and of D (D's",
                "discarded: D's weights do not move while G steps), then loss_D's backward and D's step. The",
                "model's own weights, a real batch of its data (the first --batch images), fresh Adam optimisers."})
    static final class Step implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "a GAN model folder with its discriminator")
        Path model;

        @Option(names = "--data", description = "the real images (default: the model's own training data)")
        String data;

        @Option(names = "--batch", defaultValue = "16", description = "images in the batch (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--seed", defaultValue = "1", description = "seed of z (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            if (batch < 2 || batch > 1024) {
                System.err.println("error: --batch must be 2..1024 (BatchNorm needs two images)");
                return 2;
            }
            try (GanModel m = ModelStore.open(model)) {
                if (m.isVae() || m.discriminator() == null) {
                    System.err.println("error: " + m.name() + " has no discriminator: step through shows a GAN's iteration");
                    return 2;
                }
                TrainConfig c = dev.latentlab.train.Continuation.of(model).config();
                if (data != null) {
                    c.data = data;
                } else {
                    c = dev.latentlab.train.Continuation.of(model).requireData(model, "give --data");
                }
                c.batchSize = batch;
                ImageSet set = DatasetSource.open(c.data, new ImageSpec(c.imageSize, c.channels), null);
                int n = Math.min(batch, set.size());
                float[] x = new float[n * c.spec().pixels()];
                for (int i = 0; i < n; i++) {
                    set.copyImage(i, x, i * c.spec().pixels(), false);
                }
                float[] z = dev.latentlab.train.Noise.sample(c.noise, new Random(seed), n * c.nz);
                try (NDManager mm = TorchRuntime.engine().newBaseManager();
                        GeneratorNet g = Networks.generator(c.spec(), mm);
                        DiscriminatorNet d = Networks.discriminator(c.spec(), mm, c.spectralNorm);
                        Adam adamG = new Adam(g.params(), c.lrG, c.beta1, c.beta2);
                        Adam adamD = new Adam(d.params(), c.lrD, c.beta1, c.beta2)) {
                    g.params().copyFrom(m.generator().params());
                    d.params().copyFrom(m.discriminator().params());
                    StepThrough st = new StepThrough(c, g, d, adamG, adamD, mm, x, z);
                    System.out.printf(Locale.ROOT, "# model %s, %d real images of %s, z seed %d, loss %s%n", m.name(), n,
                            c.data, seed, c.loss.name().toLowerCase(Locale.ROOT));
                    StepThrough.Report r = null;
                    while (r == null || !r.finished()) {
                        r = st.next();
                        print(r);
                    }
                }
                return 0;
            } catch (IllegalArgumentException | dev.latentlab.model.ModelException | dev.latentlab.data.DatasetException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }

        private static void print(StepThrough.Report r) {
            System.out.println("## " + r.stage().title());
            switch (r.stage()) {
                case Z -> System.out.printf(Locale.ROOT, "z                    %d × %d, mean %.4f%n", r.count(), r.nz(),
                        mean(r.z()));
                case G_OF_Z -> System.out.printf(Locale.ROOT, "g_z                  range %.4f .. %.4f%n", min(r.fakes()),
                        max(r.fakes()));
                case D_OUTPUTS -> {
                    System.out.printf(Locale.ROOT, "d_x                  mean %.4f  %s%n", mean(r.dReal()), first(r.dReal()));
                    System.out.printf(Locale.ROOT, "d_g_z                mean %.4f  %s%n", mean(r.dFake()), first(r.dFake()));
                }
                case LOSSES -> {
                    System.out.printf(Locale.ROOT, "bce.d_x_1            %.6f%n", r.bceReal());
                    System.out.printf(Locale.ROOT, "bce.d_g_z_0          %.6f%n", r.bceFake());
                    System.out.printf(Locale.ROOT, "loss_d               %.6f%n", r.bceReal() + r.bceFake());
                    System.out.printf(Locale.ROOT, "bce.d_g_z_1 (loss_g) %.6f%n", r.bceG());
                }
                case BACKWARD -> {
                    System.out.println("# from loss_G: G's gradient norms (applied)");
                    r.gFromLossG().forEach((k, v) -> System.out.printf(Locale.ROOT, "grad.G.%-24s %.6f%n", k, v));
                    System.out.println("# from loss_G: D's gradient norms (computed, discarded) | from loss_D (applied)");
                    r.dFromLossG().forEach((k, v) -> System.out.printf(Locale.ROOT, "grad.D.%-24s %.6f | %.6f%n", k, v,
                            r.dFromLossD().get(k)));
                    System.out.printf(Locale.ROOT, "d_weights_change_at_g_step %.3g%n", r.dChangeAtGStep());
                    System.out.printf(Locale.ROOT, "g_weights_change_at_g_step %.3g%n", r.gChangeAtGStep());
                    System.out.printf(Locale.ROOT, "d_weights_change_at_d_step %.3g%n", r.dChangeAtDStep());
                }
            }
        }

        private static double mean(float[] a) {
            double s = 0;
            for (float v : a) {
                s += v;
            }
            return s / a.length;
        }

        private static double mean(double[] a) {
            double s = 0;
            for (double v : a) {
                s += v;
            }
            return s / a.length;
        }

        private static String first(double[] a) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < Math.min(8, a.length); i++) {
                b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", a[i]));
            }
            return b.append(a.length > 8 ? " …)" : ")").toString();
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
