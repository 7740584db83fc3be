package dev.latentlab.cli;

import com.google.gson.GsonBuilder;
import dev.latentlab.data.DatasetException;
import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageFolder;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.eval.RealImages;
import dev.latentlab.eval.SampleQuality;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.latent.Truncation;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.model.TruncatedGenerator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval}: a model's sample-quality figures. Further evaluations ({@code eval arithmetic},
 * {@code eval ablation}) go into {@code subcommands} below as their own classes; they can reach
 * this command's options through {@code @ParentCommand} or declare their own. Without a
 * subcommand, eval measures sample quality.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = {EvalAblationCommand.class, EvalArithmeticCommand.class,
        EvalEditCommand.class, EvalReadersCommand.class, EvalNeighboursCommand.class, EvalEncodeCommand.class,
        EvalCompareCommand.class, EvalEyeCommand.class, EvalPicksCommand.class},
        description = {"Sample-quality figures of a model, one per line (progress on stderr):",
            "the Fréchet distance between Gaussian fits of a classifier's penultimate",
            "features (real vs generated), precision and recall (k nearest neighbours),",
            "and what the classifier sees: attribute rates (faces, 64×64 RGB), or the",
            "class histogram and share of confident answers (digits, 28/32 gray).",
            "Deterministic for a seed; compare figures made with the same --samples."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--samples", converter = Numbers.Positive.class, defaultValue = "10000",
            description = "generated samples, and the most real images used (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "seed of z and of the pick of real images (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--real", paramLabel = "DATA",
            description = "real images: a folder, an IDX file, builtin:digits or builtin:NAME-reference (default: the "
                    + "model's training set when it is on this machine, else the reference set shipped for it, e.g. "
                    + "builtin:faces64h-reference; builtin:digits for digit models)")
    String real;

    @Option(names = "--k", converter = Numbers.Positive.class, defaultValue = "3", description = "neighbours for precision and recall (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    @Option(names = "--truncation", paramLabel = "ψ", defaultValue = "1",
            description = "measure the generator truncated at ψ: G(ψ·z) (default: ${DEFAULT-VALUE}, none)")
    double truncation;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (model == null) {
            err.println("error: give --model MODEL (or a subcommand; see eval --help)");
            return 2;
        }
        if (!(truncation >= Truncation.MIN && truncation <= Truncation.MAX)) {
            err.println("error: --truncation must be between 0 and 2 (1 = none)");
            return 2;
        }
        if (samples < k + 2 || classifier.batch < 1) {
            err.println("error: --samples must be at least " + (k + 2) + " and --batch positive");
            return 2;
        }
        try (GanModel opened = ModelStore.open(model); GanModel m = TruncatedGenerator.view(opened, truncation)) {
            Path cdir = classifier.locate(m, null, err);
            if (cdir == null) {
                return 2;
            }
            try (Classifier c = Classifier.open(cdir)) {
                ImageSpec imageSpec = new ImageSpec(m.spec().imageSize(), m.spec().channels());
                Optional<RealImages> realImages = RealImages.of(m, real);
                String source = realImages.map(RealImages::source).orElse(null);
                out.println("# model       " + m.path() + " (" + m.spec().describe() + ", trained on "
                        + m.info().dataset.name + ")" + (truncation == 1 ? "" : ", truncated: G(ψ·z), ψ = " + truncation));
                out.println("# precision   " + dev.latentlab.nn.Precision.describe());
                out.println(String.format(Locale.ROOT, "# classifier  %s (%s, %s, held-out accuracy: %s %.4f, lowest %.4f)",
                        cdir, c.info().multiLabel() ? "attributes" : "digit classes", c.describeInput(), c.info().multiLabel() ? "mean" : "overall",
                        c.info().heldOut.overall, c.info().heldOut.lowest));
                if (realImages.isPresent() && realImages.get().note() != null) {
                    out.println("# " + realImages.get().note());
                }
                ImageSet realSet = null;
                String missing = null;
                if (source == null) {
                    missing = "the model's training set (" + m.info().dataset.source + ") is not on this machine";
                } else {
                    try {
                        realSet = loadReal(source, imageSpec, samples, err);
                    } catch (DatasetException e) {
                        if (real != null) {
                            // asked for by name: a figure without it would answer another question
                            err.println("error: --real " + real + ": " + e.getMessage());
                            return 2;
                        }
                        missing = e.getMessage();
                    }
                }
                if (realSet == null) {
                    out.println("# real images UNAVAILABLE: " + missing + "; pass --real DATA for the Fréchet distance, "
                            + "precision and recall. Figures below are of generated samples only.");
                }
                SampleQuality.Options o = new SampleQuality.Options();
                o.samples = samples;
                o.seed = seed;
                o.batch = classifier.batch;
                o.k = k;
                SampleQuality.Report r = SampleQuality.evaluate(m, c, realSet, o,
                        new ProgressBar(err, !classifier.quiet));
                for (String note : r.notes()) {
                    out.println("# " + note);
                }
                for (SampleQuality.Figure f : r.figures()) {
                    out.println(String.format(Locale.ROOT, "%-28s %s", f.name(), f.formatted()));
                }
                out.flush();
                if (json != null) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("model", String.valueOf(m.path()));
                    doc.put("classifier", cdir.toString());
                    doc.put("command", EvalCommands.commandLine(spec));
                    doc.put("samples", samples);
                    doc.put("seed", seed);
                    doc.put("truncation", truncation);
                    doc.put("real", realSet == null ? null : source);
                    doc.put("notes", r.notes());
                    Map<String, Double> figs = new LinkedHashMap<>();
                    for (SampleQuality.Figure f : r.figures()) {
                        figs.put(f.name(), f.value());
                    }
                    doc.put("figures", figs);
                    AtomicFiles.writeString(json, new GsonBuilder().setPrettyPrinting().serializeNulls()
                            .disableHtmlEscaping().create().toJson(doc));
                }
                return 0;
            }
        }
    }

    /** A folder gives its first {@code max} images (sorted by name); other sources load whole. */
    static ImageSet loadReal(String source, ImageSpec spec, int max, PrintStream log) {
        Path p = Path.of(source.startsWith("~/") ? System.getProperty("user.home") + source.substring(1) : source);
        if (!source.startsWith("builtin:") && Files.isDirectory(p)) {
            return ImageFolder.load(p, spec, max, log::println);
        }
        return DatasetSource.open(source, spec, log::println);
    }
}
