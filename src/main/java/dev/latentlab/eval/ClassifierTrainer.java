package dev.latentlab.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.latentlab.data.ImageSet;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.train.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a {@link Classifier} on a labelled image set: a seeded shuffle sets aside the held-out
 * images, the rest trains with Adam (cosine learning-rate decay) on cross-entropy (digits) or
 * per-attribute binary cross-entropy (faces), with random left-right flips and the
 * generator-artifact augmentations of {@link ArtifactAugment} (faces) or shifts of up to two pixels
 * (digits). Accuracy on the held-out images goes into classifier.json.
 *
 * <p>Uses a gradient collector, of which DJL allows one per process: do not run it beside a GAN
 * training in the same JVM.
 */
public final class ClassifierTrainer {
    private ClassifierTrainer() {}

    public static final class Options {
        public ClassifierInfo.Kind kind;
        public int heldOut = 2000;
        public int epochs = 6;
        public int batchSize = 64;
        public double learningRate = 2e-3;
        public long seed = 1;
        public long splitSeed = 1;
        public boolean augment = true;
        /**
         * Faces: also {@link ColourAugment} (hue rotation, desaturation, channel permutation), with the
         * hair-colour outputs left out of a recoloured image's loss.
         */
        public boolean colour = true;
        /** Faces: also {@link ColourAugment#applyPart} (a band of the face recoloured and darkened or lightened). */
        public boolean partColour = false;
        /** {@link ClassifierInfo#design}: "standard" or "gap" (a second reader of another shape). */
        public String design = ClassifierInfo.STANDARD;
        /** Stop after this many iterations (0: run all epochs); for tests. */
        public long maxIterations;
        public String dataset;
        public String datasetCommand;
        public Long datasetSeed;
        public String command;
    }

    /** Indices of the held-out images and of the training images. */
    public record Split(int[] heldOut, int[] train) {}

    /**
     * A Fisher–Yates shuffle of 0..n−1 from {@code seed}: the first {@code heldOut} indices are held
     * out, the rest train. (The built-in digits are stored sorted by class, so a shuffle is needed.)
     */
    public static Split split(int n, int heldOut, long seed) {
        if (heldOut < 1 || heldOut >= n) {
            throw new IllegalArgumentException("cannot hold out " + heldOut + " of " + n + " images");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Split(Arrays.copyOf(order, heldOut), Arrays.copyOfRange(order, heldOut, n));
    }

    /** Trains, measures on the held-out images and saves to {@code out}; returns the saved classifier's info. */
    public static ClassifierInfo train(ImageSet set, Labels labels, Options o, Path out, Consumer<String> log,
            ProgressBar bar) throws IOException {
        long t0 = System.nanoTime();
        ClassifierInfo info = ClassifierInfo.design(o.kind, o.design, labels.names());
        if (set.spec().channels() != info.channels) {
            throw new IllegalArgumentException(set.name() + " has " + set.spec().describe() + " images; the "
                    + o.kind.id() + " classifier needs " + info.channels + " channel(s)");
        }
        Split split = split(set.size(), o.heldOut, o.splitSeed);
        int[] train = split.train();
        int perEpoch = train.length / o.batchSize;
        if (perEpoch == 0) {
            throw new IllegalArgumentException(train.length + " training images are fewer than one batch of "
                    + o.batchSize);
        }
        long total = (long) perEpoch * o.epochs;
        if (o.maxIterations > 0) {
            total = Math.min(total, o.maxIterations);
        }
        log.accept(String.format(Locale.ROOT, "%d images: %d train, %d held out; %d iterations of %d (%d epochs)",
                set.size(), train.length, split.heldOut().length, total, o.batchSize, o.epochs));
        Engine engine = TorchRuntime.engine();
        int side = set.spec().size();
        int ch = set.spec().channels();
        int per = set.spec().valuesPerImage();
        int k = labels.outputs();
        try (NDManager base = engine.newBaseManager();
                Classifier net = new Classifier(info, base);
                Adam adam = new Adam(net.params(), o.learningRate, 0.9, 0.999)) {
            net.initialize(new Random(o.seed));
            SplittableRandom aug = new SplittableRandom(o.seed * 31 + 7);
            float[] x = new float[o.batchSize * per];
            float[] y = new float[o.batchSize * k];
            float[] mask = new float[o.batchSize * k];
            boolean[] keepOnRecolour = ColourAugment.keptOnRecolour(labels.names());
            boolean colour = o.augment && o.colour && labels.multiLabel() && ch == 3;
            long it = 0;
            double lossSum = 0;
            int lossCount = 0;
            bar.start("training", total);
            outer:
            for (int epoch = 0; epoch < o.epochs; epoch++) {
                int[] order = shuffled(train, o.seed * 1_000_003L + epoch);
                for (int b = 0; b < perEpoch; b++) {
                    if (it >= total) {
                        break outer;
                    }
                    for (int i = 0; i < o.batchSize; i++) {
                        int img = order[b * o.batchSize + i];
                        boolean flip = o.augment && labels.multiLabel() && aug.nextBoolean();
                        set.copyImage(img, x, i * per, flip);
                        if (o.augment && !labels.multiLabel()) {
                            shift(x, i * per, ch, side, aug.nextInt(5) - 2, aug.nextInt(5) - 2);
                        } else if (o.augment) {
                            ArtifactAugment.apply(x, i * per, ch, side, aug);
                        }
                        boolean recoloured = colour && ColourAugment.apply(x, i * per, ch, side, aug);
                        if (colour && o.partColour) {
                            recoloured |= ColourAugment.applyPart(x, i * per, ch, side, aug);
                        }
                        labels.target(img, y, i * k);
                        for (int j = 0; j < k; j++) {
                            mask[i * k + j] = recoloured && !keepOnRecolour[j] ? 0f : 1f;
                        }
                    }
                    adam.setLearningRate(o.learningRate * 0.5 * (1 + Math.cos(Math.PI * it / total)));
                    double loss = step(engine, net, adam, x, y, mask, o.batchSize, ch, side, k, labels.multiLabel());
                    lossSum += loss;
                    lossCount++;
                    it++;
                    bar.advance(1);
                    if (it % 20 == 0) {
                        bar.status(String.format(Locale.ROOT, "epoch %d  loss %.4f", epoch + 1, lossSum / lossCount));
                    }
                }
                bar.status(String.format(Locale.ROOT, "epoch %d  loss %.4f", epoch + 1, lossSum / Math.max(1, lossCount)));
                lossSum = 0;
                lossCount = 0;
            }
            bar.finish();
            bar.start("held-out accuracy", split.heldOut().length);
            Accuracy acc = Accuracy.measure(net, set, split.heldOut(), labels, 250, bar);
            bar.finish();
            info.heldOut.images = acc.images();
            info.heldOut.accuracy = acc.perOutput();
            info.heldOut.positives = acc.positives();
            info.heldOut.overall = acc.overall();
            info.heldOut.lowest = acc.lowest();
            if (labels.multiLabel() && ch == 3) {
                info.heldOut.gray = shapeOnly(Accuracy.measure(net, set, split.heldOut(), labels, 250, null,
                        (img, off, s) -> ColourAugment.transform(img, off, s, ColourAugment.Kind.GRAY, 1)));
                info.heldOut.swapped = shapeOnly(Accuracy.measure(net, set, split.heldOut(), labels, 250, null,
                        (img, off, s) -> ColourAugment.transform(img, off, s, ColourAugment.Kind.PERMUTE, 4)));
                log.accept("held out, gray: " + info.heldOut.gray + "; R and B swapped: " + info.heldOut.swapped);
            }
            ClassifierInfo.Training t = info.training;
            t.dataset = o.dataset != null ? o.dataset : set.name();
            t.datasetCommand = o.datasetCommand;
            t.datasetSeed = o.datasetSeed;
            t.datasetImages = set.size();
            t.trainImages = train.length;
            t.splitSeed = o.splitSeed;
            t.seed = o.seed;
            t.epochs = o.epochs;
            t.iterations = it;
            t.batchSize = o.batchSize;
            t.learningRate = o.learningRate;
            t.schedule = "Adam (0.9, 0.999), cosine decay to 0";
            t.augmentation = !o.augment ? "none"
                    : labels.multiLabel()
                            ? "random left-right flip; generator-artifact augmentations (ArtifactAugment: shift ±3 px, "
                                    + "colour jitter, blur, checkerboard, noise)"
                                    + (colour ? "; ColourAugment (p 0.5: hue rotation, desaturation or channel "
                                            + "permutation, then a colour jitter; hair colours left out of such "
                                            + "an image's loss)" : "")
                                    + (colour && o.partColour ? "; ColourAugment.applyPart (p 0.5: a band of 25-60% "
                                            + "of the height recoloured, then darkened or lightened)" : "")
                            : "random shift of up to 2 px in x and y";
            t.wallSeconds = Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
            t.threads = TorchRuntime.threads();
            t.command = o.command;
            t.created = Instant.now().toString();
            t.trainedWith = "LatentLab, DJL " + ai.djl.engine.Engine.getDjlVersion() + " PyTorch "
                    + engine.getVersion() + " on " + TorchRuntime.device();
            net.save(out);
            return info;
        }
    }

    /** The accuracies of the attributes that do not name a colour. */
    private static Map<String, Double> shapeOnly(Accuracy a) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        a.perOutput().forEach((name, v) -> {
            if (!ColourAugment.isColourOutput(name)) {
                out.put(name, v);
            }
        });
        return out;
    }

    /** One Adam step on a batch; returns the loss before the step. */
    static double step(Engine engine, Classifier net, Adam adam, float[] x, float[] y, int n, int ch, int side,
            int k, boolean multiLabel) {
        float[] all = new float[n * k];
        java.util.Arrays.fill(all, 1f);
        return step(engine, net, adam, x, y, all, n, ch, side, k, multiLabel);
    }

    /**
     * One Adam step on a batch; returns the loss before the step. Multi-label: the mean BCE over the
     * (image, output) pairs whose {@code mask} is 1 (a recoloured image's hair colours are 0).
     */
    static double step(Engine engine, Classifier net, Adam adam, float[] x, float[] y, float[] mask, int n, int ch,
            int side, int k, boolean multiLabel) {
        TorchRuntime.COLLECTOR_LOCK.lock(); // one gradient collector per process
        try (NDManager step = net.manager().newSubManager()) {
            NDArray xs = step.create(x, new Shape(n, ch, side, side));
            NDArray ys = step.create(y, new Shape(n, k));
            NDArray ms = step.create(mask, new Shape(n, k));
            adam.zeroGradients();
            double loss;
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray logits = net.logits(xs, true);
                NDArray l = multiLabel
                        // y·softplus(−l) + (1−y)·softplus(l): BCE on sigmoid(l), stable form
                        ? ys.mul(Activation.softPlus(logits.neg())).add(ys.neg().add(1).mul(Activation.softPlus(logits)))
                                .mul(ms).sum().div(ms.sum())
                        : ys.mul(logits.logSoftmax(1)).sum(new int[] {1}).neg().mean();
                gc.backward(l);
                loss = l.getFloat();
            }
            boolean grad = TorchRuntime.disableGrad();
            try {
                adam.step();
            } finally {
                TorchRuntime.restoreGrad(grad);
            }
            return loss;
        } finally {
            TorchRuntime.COLLECTOR_LOCK.unlock();
        }
    }

    private static int[] shuffled(int[] a, long seed) {
        int[] o = a.clone();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = o.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    /** Moves an image by (dx, dy) pixels in place, filling with −1 (black). */
    static void shift(float[] x, int off, int channels, int side, int dx, int dy) {
        ArtifactAugment.shift(x, off, channels, side, dx, dy, false);
    }
}
