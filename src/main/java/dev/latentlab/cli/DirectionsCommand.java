package dev.latentlab.cli;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.FittedDirections.SefaLabel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code directions}: a model's attribute directions (fit accuracy) and what its SeFa directions do. */
@Command(name = "directions", mixinStandardHelpOptions = true,
        description = {"A model's named edit directions, as the app uses them:",
            "  attribute directions (InterFaceGAN): the unit normal of a logistic regression on z, fitted",
            "  from classifier-labelled samples; held-out accuracy and share of samples with the attribute;",
            "  SeFa directions: the classifier's mean attribute change from −3 to +3 along each, in points.",
            "Fitted once and cached in the model folder (directions.json) while the generator is unchanged."})
final class DirectionsCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--refit", description = "fit again even when the cache matches the generator")
    boolean refit;

    @Option(names = "--samples", defaultValue = "3000", description = "labelled samples to fit on (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sefa-samples", defaultValue = "64",
            description = "samples moved to ±3 along each SeFa direction for its label (default: ${DEFAULT-VALUE})")
    int sefaSamples;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (samples < 10 || sefaSamples < 0 || classifier.batch < 1) {
            err.println("error: --samples must be at least 10, --sefa-samples not negative, --batch positive");
            return 2;
        }
        return classifier.withFaces(model, err, true, (m, c, cdir) -> {
            DirectionFit.Options o = new DirectionFit.Options();
            o.samples = samples;
            o.seed = seed;
            o.sefaSamples = sefaSamples;
            o.batch = classifier.batch;
            DirectionFit.Result r = DirectionFit.cachedOrFit(m, ArithmeticEval.reader(c), cdir.getFileName().toString(), o, refit,
                    new ProgressBar(err, !classifier.quiet));
            FittedDirections f = r.directions();
            out.println("# model       " + m.path() + " (" + m.spec().describe() + ", generator "
                    + f.model().checksum() + ")");
            out.println("# classifier  " + f.classifier());
            for (String note : r.notes()) {
                out.println("# " + note);
            }
            out.println(String.format(Locale.ROOT, "# attribute directions: %d labelled samples (seed %d), "
                    + "held-out accuracy of the linear boundary on z", f.samples(), f.seed()));
            out.println(String.format(Locale.ROOT, "%-14s %9s %8s %8s", "attribute", "accuracy", "share", "offset"));
            for (Boundary b : f.boundaries()) {
                out.println(String.format(Locale.ROOT, "%-14s %8.1f%% %7.1f%% %+8.3f", b.attribute(),
                        100 * b.accuracy(), 100 * b.share(), b.offset()));
            }
            if (!f.sefa().isEmpty()) {
                out.println("# SeFa directions: mean change of the classifier's probabilities from −3 to +3, points");
                for (SefaLabel s : f.sefa()) {
                    out.println(String.format(Locale.ROOT, "#%-3d λ %-8.3g %s", s.index(), s.eigenvalue(), s.label()));
                }
            }
            return 0;
        });
    }
}
