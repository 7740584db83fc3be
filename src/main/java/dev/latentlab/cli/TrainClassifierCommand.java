package dev.latentlab.cli;

import dev.latentlab.data.AttributeTable;
import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.Idx;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.ClassifierTrainer;
import dev.latentlab.eval.Labels;
import dev.latentlab.eval.ProgressBar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train-classifier", mixinStandardHelpOptions = true,
        description = {"Train the small CNN that eval uses: face attributes (64×64 RGB, list_attr.txt)",
            "or digits (28×28 gray, labels 0–9). A seeded shuffle holds out images; their",
            "accuracy per attribute or class goes into OUT/classifier.json (+ classifier.npz).",
            "Example: train-classifier --kind digits --data builtin:digits --out models/classifier-digits"})
final class TrainClassifierCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kind", required = true, description = "faces or digits")
    String kind;

    @Option(names = "--data", required = true, paramLabel = "SOURCE",
            description = "builtin:digits, an IDX file with labels, or a folder of faces with list_attr.txt")
    String data;

    @Option(names = "--out", description = "classifier folder to write")
    Path out;

    @Option(names = "--held-out", converter = Numbers.NonNegative.class, defaultValue = "2000", description = "images kept out of training (default: ${DEFAULT-VALUE})")
    int heldOut;

    @Option(names = "--epochs", converter = Numbers.Positive.class, defaultValue = "6", description = "passes over the training images (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--iterations", converter = Numbers.NonNegativeLong.class, defaultValue = "0", description = "stop after N iterations (0: all epochs)")
    long iterations;

    @Option(names = "--batch", converter = Numbers.Positive.class, defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", converter = Numbers.PositiveReal.class, defaultValue = "2e-3", description = "Adam's starting learning rate, decayed to 0 (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights, batches and augmentation (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--split-seed", defaultValue = "1", description = "seed of the held-out split (default: ${DEFAULT-VALUE})")
    long splitSeed;

    @Option(names = "--attributes", split = ",", description = "attributes to learn (faces; default: all in list_attr.txt)")
    List<String> attributes;

    @Option(names = "--design", defaultValue = "standard",
            description = "architecture: standard (the shipped reader), gap (another design, global average "
                    + "pooling: a second, independent reader) or, for faces, patch (8×8 patches embedded first: a "
                    + "third) (default: ${DEFAULT-VALUE})")
    String design;

    @Option(names = "--no-colour-augment", description = {"faces: no hue rotation, desaturation or channel",
        "permutation (by default half the images are recoloured and their hair colours left out of the loss)"})
    boolean noColour;

    @Option(names = "--part-colour-augment", description = {"faces: also recolour a band of half the images (25-60%% of",
        "the height, recoloured then darkened or lightened): a faded or darkened cap is still a cap"})
    boolean partColour;

    @Option(names = "--no-augment", description = "no flips and artifact augmentations (faces) or shifts (digits)")
    boolean noAugment;

    @Option(names = "--limit", converter = Numbers.NonNegative.class, defaultValue = "0", description = "use only the first N images (0 = all)")
    int limit;

    @Option(names = "--data-seed", description = "seed the dataset was generated with, recorded in classifier.json")
    Long dataSeed;

    @Option(names = "--data-command", description = "how the dataset was made, recorded in classifier.json")
    String dataCommand;

    @Option(names = "--export-held-out", paramLabel = "DIR",
            description = "instead of training, write the first --export-count held-out images (PNGs + list_attr.txt "
                    + "for faces, IDX files for digits) to DIR: the committed test samples")
    Path exportDir;

    @Option(names = "--export-count", converter = Numbers.Positive.class, defaultValue = "200", description = "images to export (default: ${DEFAULT-VALUE})")
    int exportCount;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        ClassifierInfo.Kind k;
        try {
            k = ClassifierInfo.Kind.parse(kind);
            ClassifierInfo.design(k, design, List.of("x"));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (out == null && exportDir == null) {
            System.err.println("error: give --out DIR (or --export-held-out DIR)");
            return 2;
        }
        ImageSpec imageSpec = k == ClassifierInfo.Kind.FACES ? ImageSpec.rgb(64) : ImageSpec.gray(28);
        System.err.println("loading " + data + " …");
        ImageSet set = DatasetSource.open(data, imageSpec, System.err::println);
        if (limit > 0 && limit < set.size()) {
            set = set.limit(limit);
        }
        Labels labels = k == ClassifierInfo.Kind.FACES ? Labels.attributes(set, attributes) : Labels.digits(set);
        if (exportDir != null) {
            export(set, labels, k);
            return 0;
        }
        ClassifierTrainer.Options o = new ClassifierTrainer.Options();
        o.kind = k;
        o.heldOut = heldOut;
        o.epochs = epochs;
        o.maxIterations = iterations;
        o.batchSize = batch;
        o.learningRate = lr;
        o.seed = seed;
        o.splitSeed = splitSeed;
        o.augment = !noAugment;
        o.design = design;
        o.colour = !noColour;
        o.partColour = partColour;
        o.dataset = data;
        o.datasetSeed = dataSeed;
        o.datasetCommand = dataCommand;
        o.command = EvalCommands.commandLine(spec);
        ClassifierInfo info = ClassifierTrainer.train(set, labels, o, out, System.err::println,
                new ProgressBar(System.err, !quiet));
        // "faces" is the kind of every multi-label reader (its attributes are list_attr.txt's, faces or not)
        System.out.printf(Locale.ROOT, "%s classifier: %d held-out images, %s accuracy %.4f, lowest %.4f (%.0f s)%n",
                k.multiLabel() ? "attribute" : "digit", info.heldOut.images, k.multiLabel() ? "mean" : "overall", info.heldOut.overall,
                info.heldOut.lowest, info.training.wallSeconds);
        for (Map.Entry<String, Double> e : info.heldOut.accuracy.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-12s %.4f%n", e.getKey(), e.getValue());
        }
        System.out.println("wrote " + out.resolve(dev.latentlab.eval.Classifier.INFO) + " and "
                + dev.latentlab.eval.Classifier.WEIGHTS);
        return 0;
    }

    private void export(ImageSet set, Labels labels, ClassifierInfo.Kind k) throws Exception {
        int[] held = ClassifierTrainer.split(set.size(), heldOut, splitSeed).heldOut();
        int[] pick = Arrays.copyOf(held, Math.min(exportCount, held.length));
        Files.createDirectories(exportDir);
        if (k == ClassifierInfo.Kind.FACES) {
            AttributeTable t = set.attributes().orElseThrow().select(pick);
            for (int i = 0; i < pick.length; i++) {
                ImageIO.write(set.toImage(pick[i]), "png", exportDir.resolve(t.fileName(i)).toFile());
            }
            t.write(exportDir.resolve("list_attr.txt"));
        } else {
            int per = set.spec().valuesPerImage();
            byte[] px = new byte[pick.length * per];
            int[] lab = new int[pick.length];
            for (int i = 0; i < pick.length; i++) {
                set.copyPixels(pick[i], px, i * per);
                lab[i] = labels.classOf(pick[i]);
            }
            Idx.writeImages(exportDir.resolve("digits-images-idx3-ubyte.gz"), set.spec().size(), set.spec().size(), px);
            Idx.writeLabels(exportDir.resolve("digits-labels-idx1-ubyte.gz"), lab);
        }
        System.err.println("wrote " + pick.length + " held-out images (split seed " + splitSeed + ", first "
                + pick.length + " of " + held.length + ") to " + exportDir);
    }
}
