package dev.latentlab.cli;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.Judges;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of the commands whose results are judged by readers ({@link Judges}): which other
 * classifiers judge besides the selecting one, and how sure a reading must be. Opens them and
 * closes them with itself.
 */
final class JudgeOptions implements AutoCloseable {
    @Option(names = "--reader", paramLabel = "DIR",
            description = "another classifier that judges the results (repeatable; default: the shipped readers, "
                    + "models/classifier-faces, -faces-b and -faces-c, other than the selecting one); figures are given per reader "
                    + "and where all agree")
    List<Path> readers;

    @Option(names = "--sure", defaultValue = "0.8",
            description = "a judging reader must read each target attribute with p >= this (or <= 1 - this for "
                    + "'not'); below it the reading is unsure, never a success (default: ${DEFAULT-VALUE})")
    double sure;

    private final List<Classifier> opened = new ArrayList<>();
    private final List<Path> paths = new ArrayList<>();

    /** Null when the options are fine, else the message. */
    String problem() {
        return sure >= 0.5 && sure < 1 ? null : "--sure must be in [0.5, 1), not " + sure;
    }

    /**
     * The panel: {@code selector} (named after its folder {@code selectorDir}) first, then --reader,
     * else the shipped second reader of the kind if there is one and it is not the selector.
     */
    Judges open(ArithmeticEval.AttributeReader selector, Path selectorDir, ClassifierInfo.Kind kind) {
        List<Path> others = new ArrayList<>();
        if (readers != null) {
            others.addAll(readers);
        } else {
            Classifiers.shipped(kind).stream().filter(p -> !same(p, selectorDir)).forEach(others::add);
        }
        List<Judges.Judge> judges = new ArrayList<>();
        judges.add(new Judges.Judge(name(selectorDir), selector));
        for (Path o : others) {
            Classifier c = Classifier.open(o);
            opened.add(c);
            paths.add(o);
            judges.add(new Judges.Judge(name(o), ArithmeticEval.outputsReader(c)));
        }
        return new Judges(judges, sure);
    }

    /** What a judged command does with its model and its panel (the selector first). */
    interface PanelWork {
        int run(dev.latentlab.model.GanModel m, Judges judges, Path selectorDir) throws Exception;
    }

    /**
     * The shared start of a judged face command: checks --sure, opens the model and the face
     * classifier ({@link ClassifierOptions#withFaces}), then the panel, and closes them after.
     */
    int withPanel(ClassifierOptions classifier, Path model, java.io.PrintStream err, PanelWork work) throws Exception {
        if (problem() != null) {
            err.println("error: " + problem());
            return 2;
        }
        return classifier.withFaces(model, err, (m, c, cdir) -> {
            try (JudgeOptions panel = this) {
                return work.run(m, open(ArithmeticEval.reader(c), cdir, ClassifierInfo.Kind.FACES), cdir);
            }
        });
    }

    /** The folders of the readers opened besides the selector. */
    List<Path> paths() {
        return List.copyOf(paths);
    }

    /** A reader's name in figure names: its folder's name. */
    static String name(Path dir) {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f == null ? dir.toString() : f.toString();
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    @Override
    public void close() {
        opened.forEach(Classifier::close);
        opened.clear();
    }
}
