package dev.latentlab.cli;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.eval.PickProbe;
import dev.latentlab.eval.PickSimulation;
import dev.latentlab.eval.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval picks}: how many picks a direction from picks needs to edit as well as the classifier-fitted one. */
@Command(name = "picks", mixinStandardHelpOptions = true,
        description = {"How many picks per side a direction from picks (`directions --positive --negative`)",
            "needs to edit as well as the classifier-fitted direction. The picker (a reader standing in for a",
            "person) picks, in order, samples it reads surely with A and surely without; for each count the",
            "first k of each side give a direction. Every direction then edits the same samples without A",
            "(as `eval edit`: to --margin past its own boundary), judged by --classifier, another reader.",
            "Columns: accuracy (5-fold over the picks; held out for the classifier's), cosine with the",
            "classifier-fitted normal, success (share the judge reads as A), mean step in z."})
final class EvalPicksCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Option(names = "--model", required = true, description = "model folder, state_dict (.pth, .safetensors) or TorchScript (.pt)")
    Path model;

    @Option(names = "--attribute", required = true, description = "the attribute picked, e.g. Smiling")
    String attribute;

    @Option(names = "--picker", paramLabel = "DIR", description = "the reader that picks and fits the classifier-fitted "
            + "direction (default: models/classifier-faces-b; --classifier, the judge, defaults to models/classifier-faces)")
    Path picker;

    @Option(names = "--counts", split = ",", defaultValue = "10,30,60,100", description = "picks per side (default: ${DEFAULT-VALUE})")
    int[] counts;

    @Option(names = "--pool", defaultValue = "1000", description = "samples the picker looks through (default: ${DEFAULT-VALUE})")
    int pool;

    @Option(names = "--pool-seed", defaultValue = "3", description = "seed of those samples (default: ${DEFAULT-VALUE})")
    long poolSeed;

    @Option(names = "--sure", defaultValue = "0.9", description = "a pick is read with p >= this, or <= 1 - this (default: ${DEFAULT-VALUE})")
    double sure;

    @Option(names = "--suggest", defaultValue = "0", description = "0: pick while browsing the pool in order; N: after "
            + "10 picks per side, pick from pages of the N samples nearest the boundary fitted so far, as the app's "
            + "Suggest does (default: ${DEFAULT-VALUE})")
    int suggest;

    @Option(names = "--samples", defaultValue = "300", description = "samples without A that are edited (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "2", description = "seed of the edited samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--margin", defaultValue = "1.0", description = "how far past the boundary, in units of z (default: ${DEFAULT-VALUE})")
    double margin;

    @Option(names = "--z-only", description = "fit from the picks in z only, not also through the model's features "
            + "(the app's fit, `directions --positive --negative`)")
    boolean zOnly;

    @Option(names = "--features", paramLabel = "g:L+d:L", description = "the stages the features fit reads: generator "
            + "(g) or discriminator (d) stage L, joined by + (default: the discriminator's second-to-last, or the generator's without a discriminator)")
    String features;

    @Option(names = "--features-pool", defaultValue = "6000", description = "samples the features fit labels (default: ${DEFAULT-VALUE})")
    int featuresPool;

    @Option(names = "--reference-seeds", split = ",", paramLabel = "S", description = "also fit the classifier-fitted "
            + "direction again on samples of these seeds (as many as the reference): its own spread, the yardstick")
    long[] referenceSeeds = {};

    /** "d:2+g:2" as stages. */
    static java.util.List<PickProbe.Stage> stages(String spec) {
        java.util.List<PickProbe.Stage> out = new java.util.ArrayList<>();
        for (String part : spec.split("\\+")) {
            String t = part.strip().toLowerCase(Locale.ROOT);
            if (!t.matches("[gd]:\\d+")) {
                throw new IllegalArgumentException("--features: '" + part + "' is not g:L or d:L (e.g. d:2+g:2)");
            }
            out.add(new PickProbe.Stage(t.charAt(0) == 'd' ? PickProbe.Source.DISCRIMINATOR : PickProbe.Source.GENERATOR,
                    Integer.parseInt(t.substring(2))));
        }
        return out;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        java.util.List<PickProbe.Stage> parsed = null;
        if (features != null) {
            try {
                parsed = stages(features);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
        }
        java.util.List<PickProbe.Stage> chosen = parsed;
        if (featuresPool < 100) {
            err.println("error: --features-pool must be at least 100");
            return 2;
        }
        if (pool < 10 || samples < 1 || !(sure > 0.5 && sure < 1) || counts.length == 0 || suggest < 0) {
            err.println("error: --pool must be at least 10, --samples positive, --sure between 0.5 and 1, --suggest 0 or more");
            return 2;
        }
        return classifier.withFaces(model, err, (m, judge, judgeDir) -> {
            Path pickerDir = picker != null ? picker : Classifiers.locateDirections(ClassifierInfo.Kind.FACES);
            try (Classifier p = Classifier.open(pickerDir)) {
                ArithmeticEval.AttributeReader pickerReader = ArithmeticEval.reader(p);
                ProgressBar bar = new ProgressBar(err, !classifier.quiet);
                DirectionFit.Result fit = DirectionFit.cachedOrFit(m, pickerReader, Classifiers.identity(pickerDir),
                        new DirectionFit.Options(), false, bar);
                PickSimulation.Options o = new PickSimulation.Options();
                o.pool = pool;
                o.poolSeed = poolSeed;
                o.sure = sure;
                o.counts = counts;
                o.suggest = suggest;
                o.edit.samples = samples;
                o.edit.seed = seed;
                o.edit.margin = margin;
                o.edit.batch = classifier.batch;
                o.referenceSeeds = referenceSeeds;
                if (zOnly) {
                    o.probe = null;
                } else {
                    o.probe.pool = featuresPool;
                    o.probe.stages = chosen;
                }
                PickSimulation.Report r = PickSimulation.run(m, pickerReader, fit.directions(),
                        ArithmeticEval.reader(judge), attribute, o, bar);
                out.println("# model       " + m.path() + " (" + m.spec().describe() + ")");
                out.println("# precision   " + dev.latentlab.nn.Precision.describe());
                out.println("# picker      " + pickerDir + "; judge " + judgeDir);
                for (String note : fit.notes()) {
                    out.println("# " + note);
                }
                for (String note : r.notes()) {
                    out.println("# " + note);
                }
                if (pickerDir.toAbsolutePath().normalize().equals(judgeDir.toAbsolutePath().normalize())) {
                    out.println("# the picker is the judge: pass another --classifier for an independent reading");
                }
                out.println(String.format(Locale.ROOT, "%-30s %9s %7s %8s %9s", "direction", "accuracy", "cosine",
                        "success", "mean_step"));
                for (PickSimulation.Row row : r.rows()) {
                    out.println(String.format(Locale.ROOT, "%-30s %8.1f%% %7.3f %8.4f %9.3f", row.direction(),
                            100 * row.accuracy(), row.cosine(), row.success(), row.meanStep()));
                }
                return 0;
            }
        });
    }
}
