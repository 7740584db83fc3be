package dev.latentlab.cli;

import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.EyeLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval eye}: each reader's agreement with labels taken by eye. */
@Command(name = "eye", mixinStandardHelpOptions = true,
        description = {"How often each reader says what a person saw: per set of labelled images (a folder with",
            "labels.csv: file, then 1 / 0 / ? per attribute) and per attribute, the share of the callable images",
            "(? left out) where the reader's p >= 0.5 answer is the eye's. Figures: SET.ATTRIBUTE.READER.",
            "A set with second-pass.csv (some images labelled again, blind) also gets the agreement on the labels",
            "both passes gave alike (\"both passes\"; an image whose second look differed is can't-tell there)."})
final class EvalEyeCommand implements Callable<Integer> {
    @Option(names = "--labels", arity = "1..*", paramLabel = "DIR",
            description = "labelled sets (default: the shipped ones, src/test/resources/eye-labels/*)")
    List<Path> sets = new ArrayList<>();

    @Option(names = "--reader", arity = "1..*", paramLabel = "DIR", description = "readers (default: every shipped face reader)")
    List<Path> readers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (sets.isEmpty()) {
            Path root = Path.of("src/test/resources/eye-labels");
            if (Files.isDirectory(root)) {
                try (var s = Files.list(root)) {
                    s.filter(p -> Files.isRegularFile(p.resolve("labels.csv"))).sorted().forEach(sets::add);
                }
            }
            if (sets.isEmpty()) {
                System.err.println("error: no labelled sets given (--labels DIR) and none found in " + root);
                return 2;
            }
        }
        if (readers.isEmpty()) {
            readers.addAll(Classifiers.shipped(ClassifierInfo.Kind.FACES));
        }
        for (Path r : readers) {
            try (Classifier c = Classifier.open(r)) {
                System.out.println("# reader " + r.getFileName() + "  (" + r + ")");
                for (Path set : sets) {
                    List<EyeLabels.Agreement> first = EyeLabels.agreement(c, EyeLabels.load(set));
                    List<EyeLabels.Agreement> both = EyeLabels.hasSecondPass(set)
                            ? EyeLabels.agreement(c, EyeLabels.loadBothPasses(set)) : null;
                    for (int i = 0; i < first.size(); i++) {
                        EyeLabels.Agreement a = first.get(i);
                        String line = String.format(Locale.ROOT, "%-44s %.4f  (%d callable)",
                                set.getFileName() + "." + a.attribute() + "." + r.getFileName(), a.agreement(),
                                a.callable());
                        if (both != null && both.get(i).callable() != a.callable()) {
                            line += String.format(Locale.ROOT, "   both passes %.4f  (%d callable)",
                                    both.get(i).agreement(), both.get(i).callable());
                        }
                        System.out.println(line);
                    }
                }
            }
        }
        return 0;
    }
}
