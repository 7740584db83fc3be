package dev.latentlab.cli;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.eval.EditEval;
import dev.latentlab.eval.Judges;
import dev.latentlab.eval.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval edit}: the success rate of a named (attribute) edit, read by the attribute classifier. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {"Success rate of a named edit (InterFaceGAN's check): samples read as not having A are",
            "moved along A's direction (projected off the kept attributes' normals with --keep) to the",
            "boundary plus --margin, and classified again.",
            "Figures: success (share now read as A), then for every other attribute its rate before and",
            "after over the same samples (kept ones marked) and the share of samples it flipped on.",
            "The directions come from the model's cache (see `directions`), fitted on other samples."})
final class EvalEditCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Mixin
    JudgeOptions judging;

    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--attribute", required = true, description = "the attribute to add, e.g. Smiling")
    String attribute;

    @Option(names = "--keep", split = ",", paramLabel = "B,C", description = "attributes to keep, e.g. Male,Eyeglasses")
    List<String> keep = new ArrayList<>();

    @Option(names = "--samples", defaultValue = "1000", description = "samples without the attribute (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "2",
            description = "seed of the judged samples; the fit uses its own (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "also write the figures to this JSON file")
    Path json;

    @Spec
    CommandSpec spec;

    @Option(names = "--margin", defaultValue = "1.0",
            description = "how far past the boundary each sample is moved, in units of z (default: ${DEFAULT-VALUE})")
    double margin;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (samples < 1 || classifier.batch < 1 || !(margin >= 0)) {
            err.println("error: --samples and --batch must be positive and --margin not negative");
            return 2;
        }
        return classifier.withFaces(model, err, true, (m, c, cdir) -> {
            ArithmeticEval.AttributeReader reader = ArithmeticEval.reader(c);
            ProgressBar bar = new ProgressBar(err, !classifier.quiet);
            DirectionFit.Result fit = DirectionFit.cachedOrFit(m, reader, dev.latentlab.eval.Classifiers.identity(cdir), new DirectionFit.Options(),
                    false, bar);
            EditEval.Options o = new EditEval.Options();
            o.samples = samples;
            o.seed = seed;
            o.margin = margin;
            o.batch = classifier.batch;
            EditEval.Report r = EditEval.run(m, reader, fit.directions(), attribute, keep, o, bar);
            out.println("# model       " + m.path() + " (" + m.spec().describe() + ")");
            out.println("# precision   " + dev.latentlab.nn.Precision.describe());
            out.println("# classifier  " + cdir + " (" + c.describeInput() + ")");
            for (String note : fit.notes()) {
                out.println("# " + note);
            }
            for (String note : r.notes()) {
                out.println("# " + note);
            }
            out.println(String.format(Locale.ROOT, "%-26s %.4f", "success", r.success()));
            out.println(String.format(Locale.ROOT, "%-26s %.4f", "base_rate", r.baseRate()));
            out.println(String.format(Locale.ROOT, "%-26s %.3f", "mean_step", r.meanStep()));
            if (!keep.isEmpty()) {
                out.println(String.format(Locale.ROOT, "%-26s %.1f", "worst_kept_points", r.worstKeptPoints()));
            }
            out.println(String.format(Locale.ROOT, "# %-24s %7s %7s %8s %8s", "other attribute", "before", "after",
                    "points", "flipped"));
            Map<String, Double> figs = new LinkedHashMap<>();
            figs.put("success", r.success());
            figs.put("base_rate", r.baseRate());
            figs.put("mean_step", r.meanStep());
            if (!keep.isEmpty()) {
                figs.put("worst_kept_points", r.worstKeptPoints());
            }
            try (JudgeOptions panel = judging) {
                Judges judges = judging.open(reader, cdir, ClassifierInfo.Kind.FACES);
                if (judges.size() > 1) {
                    // the edit as every reader sees it: a success only where all are sure of the attribute
                    Judges.Tally t = judges.tally(m, r.edited(), r.samples(), Map.of(attribute, true), classifier.batch);
                    out.println(String.format(Locale.ROOT, "# judged by %s; agreed = every reader reads %s with p >= %.2f",
                            judges.judges().stream().map(Judges.Judge::name).collect(Collectors.joining(", ")), attribute,
                            judges.sure()));
                    out.println(String.format(Locale.ROOT, "%-26s %.4f", "success.agreed", t.agreed()));
                    out.println(String.format(Locale.ROOT, "%-26s %.4f", "unsure", t.unsure()));
                    figs.put("success.agreed", t.agreed());
                    figs.put("unsure", t.unsure());
                    for (int j = 0; j < judges.size(); j++) {
                        String name = "success.reader." + judges.get(j).name();
                        out.println(String.format(Locale.ROOT, "%-26s %.4f", name, t.perReader()[j]));
                        figs.put(name, t.perReader()[j]);
                    }
                }
            }
            for (EditEval.Side s : r.others()) {
                String name = (s.kept() ? "kept." : "other.") + s.attribute();
                out.println(String.format(Locale.ROOT, "%-26s %7.4f %7.4f %+8.1f %8.4f", name, s.before(), s.after(),
                        s.movedPoints(), s.flipped()));
                figs.put(name + ".before", s.before());
                figs.put(name + ".after", s.after());
                figs.put(name + ".flipped", s.flipped());
            }
            out.flush();
            if (json != null) {
                Map<String, Object> doc = EvalCommands.jsonHeader(m, cdir, spec);
                doc.put("attribute", attribute);
                doc.put("keep", keep);
                doc.put("samples", samples);
                doc.put("seed", seed);
                doc.put("margin", margin);
                List<String> notes = new ArrayList<>(fit.notes());
                notes.addAll(r.notes());
                doc.put("notes", notes);
                doc.put("figures", figs);
                EvalCommands.writeJson(json, doc);
            }
            return 0;
        });
    }
}
