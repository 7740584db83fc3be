package dev.latentlab.cli;

import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.ReaderMatch;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every eval command shares: which classifier reads the samples, the batch size, progress. */
final class ClassifierOptions {
    @Option(names = "--classifier", description = "classifier folder (default: models/classifier-faces or -digits by the data the model records, see info; a PyTorch file has none; "
            + "for attribute directions, models/classifier-faces-b when it exists)")
    Path dir;

    @Option(names = "--batch", converter = Numbers.Positive.class, defaultValue = "100", description = "images per forward pass (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /**
     * The classifier folder for a model: --classifier, else the shipped one that reads the model's
     * images (of the required kind, when one is given). Null, after saying why on err, when none does.
     */
    Path locate(GanModel m, ClassifierInfo.Kind required, PrintStream err) {
        return locate(m, required, err, false);
    }

    /** The same; with {@code directions}, the shipped reader that fits attribute directions ({@link Classifiers#locateDirections}). */
    Path locate(GanModel m, ClassifierInfo.Kind required, PrintStream err, boolean directions) {
        if (dir != null) {
            return dir;
        }
        ReaderMatch match = ReaderMatch.of(m);
        Optional<ClassifierInfo.Kind> kind = match.asOptional();
        if (kind.isEmpty() || required != null && kind.get() != required) {
            err.println("error: " + (required == ClassifierInfo.Kind.FACES ? "this command reads face attributes; " : "")
                    + "no shipped classifier " + (required == null ? "" : "of " + required.name().toLowerCase() + " ")
                    + "for " + m.name() + ": " + (kind.isPresent() ? "it is read by the " + kind.get().id() + " reader"
                    : match.why()) + "; " + ReaderMatch.hint(m.spec()));
            return null;
        }
        return directions ? Classifiers.locateDirections(kind.get()) : Classifiers.locate(kind.get());
    }

    /** Work on a model with the faces classifier that reads it. */
    interface FacesWork {
        int run(GanModel m, Classifier c, Path classifierDir) throws Exception;
    }

    /**
     * Opens the model and the attribute classifier that reads it, runs the work and closes both;
     * 2 (after saying why on err) when no faces classifier reads the model.
     */
    int withFaces(Path model, PrintStream err, FacesWork work) throws Exception {
        return withFaces(model, err, false, work);
    }

    /** The same; with {@code directions}, the default classifier is the one that fits attribute directions. */
    int withFaces(Path model, PrintStream err, boolean directions, FacesWork work) throws Exception {
        try (GanModel m = ModelStore.open(model)) {
            Path cdir = locate(m, ClassifierInfo.Kind.FACES, err, directions);
            if (cdir == null) {
                return 2;
            }
            try (Classifier c = Classifier.open(cdir)) {
                return work.run(m, c, cdir);
            }
        }
    }
}
