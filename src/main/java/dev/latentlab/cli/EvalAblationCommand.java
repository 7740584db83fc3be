package dev.latentlab.cli;

import dev.latentlab.eval.AblationEval;
import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Judges;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.eval.RemovalCheck;
import dev.latentlab.eval.RemovalSearch;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.LayerInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code eval ablation}: remove the k channels of a generator layer that most go with an
 * attribute, and measure how the attribute's rate (and every other one) changes.
 */
@Command(name = "ablation", mixinStandardHelpOptions = true,
        description = {"The DCGAN paper's \"forgetting to draw windows\", measured with the",
            "attribute classifier. Channels of a generator layer are ranked on one seeded",
            "set of samples (mean activation of samples the classifier calls ATTRIBUTE",
            "minus the others); the top K are removed (zeroed at every position); on",
            "another set, the same z with and without the mask, every attribute's rate",
            "is printed before and after, one figure per line."})
final class EvalAblationCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Mixin
    JudgeOptions judging;

    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--attribute", required = true, description = "the attribute whose channels are removed, e.g. Wearing_Hat")
    String attribute;

    @Option(names = "--k", converter = Numbers.Positive.class, required = true, description = "channels to remove")
    int k;

    @Option(names = "--layer", converter = Numbers.NonNegative.class, description = "hidden layer index (0 = first; default: the second of three or more)")
    Integer layer;

    @Option(names = "--samples", converter = Numbers.Positive.class, defaultValue = "1000",
            description = "samples in the ranking set and in the evaluation set each (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the evaluation set; the ranking set's derives from it (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--ranking", defaultValue = "difference",
            description = {"difference: mean activation with − without the attribute;",
                "selective: the same, discounting channels that go with the --keep attributes;",
                "search: removal measured — K channels picked greedily, each pick the best of the --shortlist",
                "  channels a gradient pass estimates to lower the attribute most (gradient × activation), tried",
                "  exactly with the picks so far, keeping each --keep attribute's mean probability within --budget;",
                "given: the --channels listed. Default: ${DEFAULT-VALUE}"})
    String ranking;

    @Option(names = "--channels", split = ",", paramLabel = "C,C,…",
            description = {"remove exactly these channels of the layer (K of them; --ranking given, implied): a removal",
                "found earlier (a search's '# removed' line) measured again, e.g. by other readers"})
    int[] channels;

    @Option(names = "--search-samples", converter = Numbers.Positive.class, defaultValue = "200",
            description = "samples the search measures removals on (default: ${DEFAULT-VALUE})")
    int searchSamples;

    @Option(names = "--shortlist", converter = Numbers.Positive.class,
            description = "channels the search tries exactly at each pick (default: 100 / K, at least 4)")
    Integer shortlist;

    @Option(names = "--exhaustive", description = {"the search as it was first written: every channel removed alone, then",
        "--candidates of the best single removals tried at each pick (C + K × 2K trial removals: minutes)"})
    boolean exhaustive;

    @Option(names = "--candidates", converter = Numbers.NonNegative.class, defaultValue = "0",
            description = "with --exhaustive: channels tried at each pick, the best single removals (default: 2·K, at least 8)")
    int candidates;

    @Option(names = "--budget", converter = Numbers.NonNegativeReal.class, defaultValue = "0.05",
            description = "how far the search lets each --keep attribute's mean probability move (default: ${DEFAULT-VALUE})")
    double budget;

    @Option(names = "--keep", split = ",", defaultValue = "all",
            description = {"attributes that should not move, for --ranking selective and search; all (the default):",
                "every other attribute the reader knows, the hair colours included, so that a removal cannot pass",
                "by recolouring (a brown cap read as brown hair)"})
    java.util.List<String> keep;

    @Option(names = "--select-mean", paramLabel = "DIR", description = {"with --ranking search: select with the mean of "
            + "--classifier's and this reader's", "probabilities (a shortcut one of them takes is worth half as much); "
            + "judge with a third (--reader)"})
    Path selectMean;

    /** The faces --grid shows, six pairs to a row. */
    static final int GRID_FACES = 24;

    @Option(names = "--grid", paramLabel = "FILE.png",
            description = "also write the first 24 evaluation faces read as having the attribute, before | after")
    Path grid;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (samples < 2 || classifier.batch < 1) {
            err.println("error: --samples must be at least 2 and --batch positive");
            return 2;
        }
        try (GanModel m = ModelStore.open(model)) {
            Path cdir = classifier.locate(m, null, err);
            if (cdir == null) {
                return 2;
            }
            if (m.layers().isEmpty()) {
                err.println("error: the generator has no hidden layer to ablate");
                return 2;
            }
            try (Classifier c = Classifier.open(cdir)) {
                int a = c.info().outputs.indexOf(attribute);
                if (a < 0) {
                    err.println("error: the classifier knows no attribute '" + attribute + "'; it knows "
                            + String.join(", ", c.info().outputs));
                    return 2;
                }
                AblationEval.Options o = new AblationEval.Options();
                o.layer = layer == null ? AblationEval.defaultLayer(m.layers()) : layer;
                o.attribute = a;
                o.k = k;
                o.samples = samples;
                o.seed = seed;
                o.batch = classifier.batch;
                if (channels != null) {
                    ranking = "given";
                    o.channels = channels;
                }
                switch (ranking) {
                    case "given" -> {
                        if (channels == null) {
                            err.println("error: --ranking given needs --channels");
                            return 2;
                        }
                        o.ranking = AblationEval.Ranking.GIVEN;
                    }
                    case "difference" -> o.ranking = AblationEval.Ranking.DIFFERENCE;
                    case "selective" -> o.ranking = AblationEval.Ranking.SELECTIVE;
                    case "search" -> o.ranking = AblationEval.Ranking.SEARCH;
                    default -> {
                        err.println("error: --ranking is difference, selective, search or given, not '" + ranking + "'");
                        return 2;
                    }
                }
                if (searchSamples < 1 || candidates < 0 || budget < 0) {
                    err.println("error: --search-samples must be positive, --candidates and --budget not negative");
                    return 2;
                }
                o.search = new RemovalSearch.Settings(searchSamples, candidates, budget, exhaustive ? 0
                        : shortlist == null ? RemovalSearch.Settings.AUTO : shortlist);
                java.util.List<Integer> kept = new java.util.ArrayList<>();
                if (keep.size() == 1 && keep.get(0).trim().equalsIgnoreCase("all")) {
                    keep = new java.util.ArrayList<>(c.info().outputs);
                    keep.remove(attribute);
                }
                for (String k : keep) {
                    int i = c.info().outputs.indexOf(k.trim());
                    if (i < 0) {
                        err.println("error: --keep: the classifier knows no attribute '" + k + "'");
                        return 2;
                    }
                    kept.add(i);
                }
                o.keep = kept;
                if (judging.problem() != null) {
                    err.println("error: " + judging.problem());
                    return 2;
                }
                ProgressBar bar = new ProgressBar(err, !classifier.quiet);
                Classifier second = null;
                if (selectMean != null) {
                    if (o.ranking != AblationEval.Ranking.SEARCH) {
                        err.println("error: --select-mean goes with --ranking search");
                        return 2;
                    }
                    second = Classifier.open(selectMean);
                    if (!second.info().outputs.equals(c.info().outputs)) {
                        second.close();
                        err.println("error: --select-mean " + selectMean + " reads " + second.info().outputs
                                + ", --classifier reads " + c.info().outputs + ": the mean needs the same attributes");
                        return 2;
                    }
                    o.alsoSelect = second;
                }
                AblationEval.Report r;
                try {
                    r = AblationEval.run(m, c, o, bar, grid != null ? GRID_FACES : 0);
                } finally {
                    if (second != null) {
                        second.close();
                    }
                }
                print(out, m, cdir, r, o);
                if (grid != null) {
                    try {
                        if (r.seen().facesBefore().isEmpty()) {
                            err.println("error: none of the " + o.samples + " samples is read as " + r.attribute()
                                    + ": there is nothing to show in --grid");
                            return 1;
                        }
                        dev.latentlab.render.Pixels.writePng(r.seen().pairs(6, 2), grid);
                        err.println("before | after: " + grid);
                    } catch (java.io.IOException e) {
                        err.println("error: cannot write " + grid + ": " + e.getMessage());
                        return 1;
                    }
                }
                if (c.info().multiLabel()) {
                    try (JudgeOptions panel = judging) {
                        Judges judges = judging.open(ArithmeticEval.reader(c), cdir, ClassifierInfo.Kind.FACES);
                        if (judges.size() > 1) {
                            java.util.BitSet removed = new java.util.BitSet();
                            Arrays.stream(r.removed()).forEach(removed::set);
                            printJudged(out, r, RemovalCheck.measure(m, judges, o.layer, removed, o.samples, o.seed,
                                    o.batch, bar), judges);
                        }
                    }
                }
                return 0;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private void print(PrintStream out, GanModel m, Path cdir, AblationEval.Report r, AblationEval.Options o) {
        LayerInfo l = r.layer();
        out.println("# model       " + m.path() + " (" + m.spec().describe() + ")");
        out.println("# precision   " + dev.latentlab.nn.Precision.describe());
        out.println("# classifier  " + cdir);
        if (o.alsoSelect != null) {
            out.println("# selects     with the mean of " + cdir.getFileName() + " and " + o.alsoSelect.path().getFileName());
        }
        out.println(String.format(Locale.ROOT, "# layer       %d: %s; removed %d of %d channels (%.1f%%)", l.index(),
                l.describe(), r.k(), l.channels(), 100.0 * r.k() / l.channels()));
        String kept = o.ranking != AblationEval.Ranking.DIFFERENCE ? " (kept: " + String.join(",", keep) + ")" : "";
        if (r.rankingWith() < 0) {
            out.println(String.format(Locale.ROOT, "# ranking     %d samples (seed derived from %d); channels by %s%s",
                    r.rankingSamples(), o.seed, r.ranking().method(), kept));
        } else {
            out.println(String.format(Locale.ROOT, "# ranking     %d samples (seed derived from %d), %d called %s; "
                    + "channels by %s%s", r.rankingSamples(), o.seed, r.rankingWith(), r.attribute(),
                    r.ranking().method(), kept));
        }
        out.println("# removed     " + Arrays.stream(r.removed()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        out.println(String.format(Locale.ROOT, "# evaluation  %d samples, z ~ N(0, I) from seed %d, the same z before and after",
                o.samples, o.seed));
        AblationEval.Rate t = r.target();
        out.println(fig("rate." + t.attribute() + ".before", "%.4f", t.before()));
        out.println(fig("rate." + t.attribute() + ".after", "%.4f", t.after()));
        out.println(fig("drop." + t.attribute() + ".relative", "%.4f", t.relativeDrop()));
        for (AblationEval.Rate x : r.rates()) {
            if (x != t) {
                out.println(fig("moved." + x.attribute() + ".points", "%+.2f", x.movedPoints()));
            }
        }
        for (AblationEval.Rate x : r.rates()) {
            if (x != t) {
                out.println(fig("rate." + x.attribute() + ".before", "%.4f", x.before()));
                out.println(fig("rate." + x.attribute() + ".after", "%.4f", x.after()));
            }
        }
        out.flush();
    }

    /**
     * The same removal read by every reader: the rates above are the selecting classifier's (it
     * chose the channels); these say whether readers that did not choose agree.
     */
    private static void printJudged(PrintStream out, AblationEval.Report r, java.util.List<RemovalCheck.Row> rows,
            Judges judges) {
        out.println(String.format(Locale.ROOT, "# judged      by %s; agreed = every reader reads it with p >= %.2f",
                judges.judges().stream().map(Judges.Judge::name).collect(Collectors.joining(", ")), judges.sure()));
        for (RemovalCheck.Row x : rows) {
            boolean target = x.attribute().equals(r.attribute());
            for (int j = 0; j < judges.size(); j++) {
                String who = judges.get(j).name();
                if (target) {
                    out.println(fig("drop." + x.attribute() + ".relative." + who, "%.4f", x.drop(j)));
                } else {
                    out.println(fig("moved." + x.attribute() + ".points." + who, "%+.2f",
                            100 * (x.after()[j] - x.before()[j])));
                }
            }
            if (target) {
                out.println(fig("rate." + x.attribute() + ".agreed.before", "%.4f", x.agreedBefore()));
                out.println(fig("rate." + x.attribute() + ".agreed.after", "%.4f", x.agreedAfter()));
                out.println(fig("drop." + x.attribute() + ".relative.agreed", "%.4f", x.agreedDrop()));
                out.println(fig("unsure." + x.attribute() + ".before", "%.4f", x.unsureBefore()));
                out.println(fig("unsure." + x.attribute() + ".after", "%.4f", x.unsureAfter()));
            }
        }
        out.flush();
    }

    private static String fig(String name, String format, double v) {
        return String.format(Locale.ROOT, "%-28s " + format, name, v);
    }
}
