package dev.latentlab.cli;

import dev.latentlab.eval.Judges;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.eval.ReaderAgreement;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval readers}: how far the attribute readers agree on a model's generated faces. */
@Command(name = "readers", mixinStandardHelpOptions = true,
        description = {"Agreement of independent attribute readers on generated images, per attribute:",
            "each reader's rate, the share where their p > 0.5 answers differ (disagree), where all are",
            "sure and agree (agreed), and where one is unsure. The readers: --classifier (default the",
            "shipped one) and every --reader (default the shipped second reader, classifier-faces-b).",
            "Figures, one per line: ATTRIBUTE.disagree, .agreed, .unsure, .rate.READER.",
            "With --recolour, also each reader against itself on fully gray and on R/B-swapped copies of the",
            "same samples: ATTRIBUTE.gray.READER and ATTRIBUTE.swapped.READER, the share read the same",
            "(shape attributes only: a recoloured face's hair colour is unknowable)."})
final class EvalReadersCommand implements Callable<Integer> {
    @Mixin
    ClassifierOptions classifier;

    @Mixin
    JudgeOptions judging;

    @Option(names = "--model", required = true, description = "model folder, PyTorch state_dict (.pth) or TorchScript (.pt)")
    Path model;

    @Option(names = "--samples", defaultValue = "1000", description = "generated samples read (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "seed of z (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--recolour", description = "also read gray and R/B-swapped copies of the samples: does each "
            + "reader read their shape the same?")
    boolean recolour;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (samples < 1 || classifier.batch < 1) {
            err.println("error: --samples and --batch must be positive");
            return 2;
        }
        return judging.withPanel(classifier, model, err, (m, judges, cdir) -> {
                if (judges.size() < 2 && !recolour) {
                    err.println("error: agreement needs a second reader: pass --reader DIR (no shipped "
                            + "models/classifier-faces-b was found)");
                    return 2;
                }
                out.println("# model    " + m.path() + " (" + m.spec().describe() + ")");
                out.println("# precision   " + dev.latentlab.nn.Precision.describe());
                for (Judges.Judge j : judges.judges()) {
                    out.println("# reader   " + j.name());
                }
                out.println(String.format(Locale.ROOT, "# %d samples (seed %d); sure = p >= %.2f or <= %.2f", samples,
                        seed, judging.sure, 1 - judging.sure));
                List<ReaderAgreement.Row> rows = judges.size() < 2 ? List.of() : ReaderAgreement.measure(m, judges,
                        samples, seed, classifier.batch, new ProgressBar(err, !classifier.quiet));
                for (ReaderAgreement.Row r : rows) {
                    out.println(String.format(Locale.ROOT, "%-34s %.4f", r.attribute() + ".disagree", r.disagree()));
                    out.println(String.format(Locale.ROOT, "%-34s %.4f", r.attribute() + ".agreed", r.agreed()));
                    out.println(String.format(Locale.ROOT, "%-34s %.4f", r.attribute() + ".unsure", r.unsure()));
                    for (int j = 0; j < judges.size(); j++) {
                        out.println(String.format(Locale.ROOT, "%-34s %.4f",
                                r.attribute() + ".rate." + judges.get(j).name(), r.rates()[j]));
                    }
                }
                if (recolour) {
                    for (ReaderAgreement.SelfRow r : ReaderAgreement.recoloured(m, judges, samples, seed,
                            classifier.batch, new ProgressBar(err, !classifier.quiet))) {
                        out.println(String.format(Locale.ROOT, "%-34s %.4f", r.attribute() + "."
                                + r.recolour().name().toLowerCase(Locale.ROOT) + "." + r.reader(), r.same()));
                    }
                }
                return 0;
        });
    }
}
