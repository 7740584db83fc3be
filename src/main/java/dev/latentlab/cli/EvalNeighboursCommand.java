package dev.latentlab.cli;

import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.NearestNeighbours;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.eval.RealImages;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.Pixels;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval neighbours}: does the model copy its data? Samples beside their nearest training images. */
@Command(name = "neighbours", mixinStandardHelpOptions = true,
        description = {"The DCGAN paper's memorisation check: --count samples, each beside its nearest",
            "training image in the classifier's feature space, as a PNG of pairs (sample | nearest), and",
            "the median distance of a sample to its nearest real image against that of a real image to",
            "its nearest other real image (ratio > 1: samples are further from the data than the data",
            "is from itself)."})
final class EvalNeighboursCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--real", paramLabel = "DATA", description = {"the training images: a folder, an IDX file or builtin:digits",
        "(default: the model's training set when it is on this machine, else the reference set shipped for it,",
        "e.g. builtin:faces64h-reference: held-out images, so the check then shows how close samples come to",
        "the data, not whether they copy training images)"})
    String real;

    @Option(names = "--count", converter = Numbers.Positive.class, defaultValue = "32", description = "samples (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "seed of z (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "PNG of the pairs, 4 pairs a row")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        PrintStream err = System.err;
        try (GanModel m = ModelStore.open(model)) {
            Path cdir = classifier.locate(m, null, err);
            if (cdir == null) {
                return 2;
            }
            ImageSpec spec = new ImageSpec(m.spec().imageSize(), m.spec().channels());
            RealImages realImages = RealImages.of(m, real).orElse(null);
            if (realImages == null) {
                err.println("error: " + m.name() + "'s training set (" + m.info().dataset.source
                        + ") is not on this machine: pass --real DATA");
                return 2;
            }
            ImageSet set = EvalCommand.loadReal(realImages.source(), spec, Integer.MAX_VALUE, err);
            try (Classifier c = Classifier.open(cdir)) {
                NearestNeighbours.Result r = NearestNeighbours.find(m, c, set, count, seed, classifier.batch,
                        new ProgressBar(err, !classifier.quiet));
                // the samples again, from the same seed, for the picture
                Random rng = new Random(seed);
                float[] z = new float[count * m.nz()];
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) rng.nextGaussian();
                }
                Generated g = m.generate(z, count);
                int s = spec.size();
                int cols = 4;
                int rows = (count + cols - 1) / cols;
                int gap = 4;
                BufferedImage img = new BufferedImage(cols * (2 * s + gap) - gap, rows * (s + gap) - gap,
                        BufferedImage.TYPE_INT_RGB);
                for (int i = 0; i < count; i++) {
                    int x0 = (i % cols) * (2 * s + gap);
                    int y0 = (i / cols) * (s + gap);
                    img.setRGB(x0, y0, s, s, Pixels.argb(g, i), 0, s);
                    BufferedImage nn = set.toImage(r.nearest()[i]);
                    img.getGraphics().drawImage(nn, x0 + s, y0, null);
                }
                Pixels.writePng(img, out);
                o.println("# model       " + m.path() + " (" + m.spec().describe() + ")");
                o.println("# precision   " + dev.latentlab.nn.Precision.describe());
                o.println("# classifier  " + cdir + " (features: its penultimate layer)");
                o.println("# real        " + realImages.source() + " (" + set.size() + " images)");
                if (realImages.note() != null) {
                    o.println("# " + realImages.note() + "; the nearest images are held-out ones: this shows how "
                            + "close samples come to the data, not whether they copy training images");
                }
                o.println("# wrote       " + out + " (" + count + " pairs: sample | nearest "
                        + (realImages.heldOut() ? "held-out" : "training") + " image)");
                o.println(String.format(Locale.ROOT, "%-28s %.4f", "distance.generated_to_real", r.medianGenerated()));
                o.println(String.format(Locale.ROOT, "%-28s %.4f", "distance.real_to_real", r.medianReal()));
                o.println(String.format(Locale.ROOT, "%-28s %.4f", "distance.ratio", r.medianGenerated() / r.medianReal()));
                return 0;
            }
        }
    }
}
