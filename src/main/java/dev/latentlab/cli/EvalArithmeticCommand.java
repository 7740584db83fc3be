package dev.latentlab.cli;

import com.google.gson.GsonBuilder;
import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Judges;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval arithmetic}: the success rate of the DCGAN paper's face analogies, read by the attribute classifier. */
@Command(name = "arithmetic", mixinStandardHelpOptions = true,
        description = {"Success rate of concept arithmetic (DCGAN paper, §6.3), checked by the attribute classifier:",
            "  smiling_man:        smiling woman − neutral woman + neutral man  → Smiling and Male",
            "  woman_with_glasses: man with glasses − man without glasses + woman without glasses",
            "                      → Eyeglasses and not Male",
            "Each trial draws fresh exemplars per concept from classifier-labelled samples, builds",
            "mean C + (mean A − mean B) and its 8 neighbours (uniform noise), and classifies the 9 images.",
            "The results are judged by the classifier and every --reader (by default the shipped second",
            "reader, models/classifier-faces-b): a reading counts when the reader is sure (--sure).",
            "Figures, one per line: NAME.centre (every reader surely reads the result itself as the",
            "target: the primary figure), NAME.majority (5 of the 9 cells do), NAME.reader.R (reader R",
            "alone), NAME.unsure / NAME.contested (no reader says no but not all are sure / readers",
            "disagree), the same with one exemplar (.single), and NAME.base_rate (share of random",
            "samples that every reader already reads as the target).",
            "With --write-presets DIR: writes the six concepts (most confident samples) as JSON instead."})
final class EvalArithmeticCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Mixin
    JudgeOptions judging;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--trials", converter = Numbers.Positive.class, defaultValue = "200", description = "trials per expression (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the samples, draws and noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--exemplars", converter = Numbers.Positive.class, defaultValue = "3", description = "exemplars per concept (default: ${DEFAULT-VALUE})")
    int exemplars;

    @Option(names = "--pool", converter = Numbers.Positive.class, defaultValue = "5000", description = "samples generated and labelled once (default: ${DEFAULT-VALUE})")
    int pool;

    @Option(names = "--noise", converter = Numbers.NonNegativeReal.class, defaultValue = "0.25", description = "uniform noise ±r of the 8 neighbours (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--confidence", defaultValue = "0.7",
            description = "probability a concept's attributes must be read with (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--write-presets", paramLabel = "DIR",
            description = "write the six concepts as JSON into DIR (e.g. MODEL/presets) instead of measuring")
    Path presets;

    @Option(names = "--preset-exemplars", converter = Numbers.Positive.class, defaultValue = "6", description = "exemplars per written concept (default: ${DEFAULT-VALUE})")
    int presetExemplars;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    @Option(names = "--grid", paramLabel = "FILE.png", description = "also write the first --grid-trials trials of "
            + "each expression as a PNG, a trial to a row: the exemplars of A, B and C, then the result, framed green "
            + "(every reader surely reads the target), red (one reads it absent), amber (unsure) or purple (contested)")
    Path grid;

    @Option(names = "--grid-trials", converter = Numbers.Positive.class, defaultValue = "12",
            description = "trials per expression in --grid (default: ${DEFAULT-VALUE})")
    int gridTrials;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (trials < 1 || exemplars < 1 || pool < 1 || classifier.batch < 1 || presetExemplars < 1) {
            err.println("error: --trials, --exemplars, --pool, --batch and --preset-exemplars must be positive");
            return 2;
        }
        if (confidence < 0.5 || confidence >= 1 || noise < 0) {
            err.println("error: --confidence must be in [0.5, 1) and --noise not negative");
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            Path cdir = classifier.locate(m, ClassifierInfo.Kind.FACES, err);
            if (cdir == null) {
                return 2;
            }
            if (judging.problem() != null) {
                err.println("error: " + judging.problem());
                return 2;
            }
            try (Classifier c = Classifier.open(cdir); JudgeOptions panel = judging) {
                ArithmeticEval.AttributeReader reader = ArithmeticEval.reader(c);
                Judges judges = judging.open(reader, cdir, ClassifierInfo.Kind.FACES);
                List<Path> others = judging.paths();
                ProgressBar bar = new ProgressBar(err, !classifier.quiet);
                if (presets != null) {
                    ArithmeticEval.Pool p = ArithmeticEval.labelPool(m, reader, pool, seed, classifier.batch, bar);
                    for (String line : ArithmeticEval.writePresets(p, ArithmeticEval.identity(m), presets,
                            presetExemplars, "the " + presetExemplars + " most confidently labelled of " + pool
                                    + " samples (seed " + seed + "): " + EvalCommands.commandLine(spec))) {
                        out.println("# wrote " + line);
                    }
                    return 0;
                }
                ArithmeticEval.Options o = new ArithmeticEval.Options();
                o.pool = pool;
                o.trials = trials;
                o.seed = seed;
                o.exemplars = exemplars;
                o.noise = noise;
                o.confidence = confidence;
                o.batch = classifier.batch;
                o.sure = judging.sure;
                if (grid != null) {
                    dev.latentlab.render.Pixels.requirePng(grid);
                    ArithmeticEval.checkSheet(2 * Math.min(gridTrials, trials), exemplars, m.spec().imageSize(), 1);
                    o.shown = gridTrials;
                }
                out.println("# model       " + m.path() + " (" + m.spec().describe() + ")");
                out.println("# precision   " + dev.latentlab.nn.Precision.describe());
                out.println("# classifier  " + cdir + " (" + c.describeInput() + "; selects the concepts' members)");
                for (Path p : others) {
                    out.println("# reader      " + p);
                }
                ArithmeticEval.Report r = ArithmeticEval.run(m, reader, judges, o, bar);
                for (String note : r.notes()) {
                    out.println("# " + note);
                }
                for (ArithmeticEval.Figure f : r.figures()) {
                    out.println(String.format(Locale.ROOT, "%-34s %s", f.name(), f.formatted()));
                }
                out.flush();
                if (grid != null) {
                    if (r.shown().isEmpty()) {
                        err.println("error: no trial ran (too few concept members), so there is nothing to show in "
                                + "--grid");
                        return 1;
                    }
                    dev.latentlab.render.Pixels.writePng(ArithmeticEval.sheet(m, r.shown(), 1), grid);
                    err.println("trials (a row each: " + o.exemplars + " exemplars of A, B, C, then the result): "
                            + grid);
                }
                if (json != null) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("model", String.valueOf(m.path()));
                    doc.put("classifier", cdir.toString());
                    doc.put("readers", others.stream().map(Path::toString).toList());
                    doc.put("command", EvalCommands.commandLine(spec));
                    doc.put("notes", r.notes());
                    Map<String, Double> figs = new LinkedHashMap<>();
                    r.figures().forEach(f -> figs.put(f.name(), Double.isNaN(f.value()) ? null : f.value()));
                    doc.put("figures", figs);
                    AtomicFiles.writeString(json, new GsonBuilder().setPrettyPrinting().serializeNulls()
                            .disableHtmlEscaping().create().toJson(doc));
                }
                return 0;
            }
        }
    }
}
