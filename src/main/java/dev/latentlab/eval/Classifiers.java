package dev.latentlab.eval;

import dev.latentlab.data.BuiltinDatasets;
import dev.latentlab.nn.NetSpec;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which shipped classifier reads a model's images, and where it lives (models/classifier-KIND). */
public final class Classifiers {
    private Classifiers() {}

    /** Faces for 64×64 RGB models; digits for 28×28 and 32×32 gray ones; nothing for other shapes. */
    public static Optional<ClassifierInfo.Kind> kindFor(NetSpec spec) {
        if (spec.channels() == 3 && spec.imageSize() == 64) {
            return Optional.of(ClassifierInfo.Kind.FACES);
        }
        if (spec.channels() == 1 && (spec.imageSize() == 28 || spec.imageSize() == 32)) {
            return Optional.of(ClassifierInfo.Kind.DIGITS);
        }
        return Optional.empty();
    }

    /** The folder name of a kind's shipped classifier under models/. */
    public static String folderName(ClassifierInfo.Kind kind) {
        return "classifier-" + kind.id();
    }

    /**
     * models/classifier-KIND under the LatentLab root: {@code -Dlatentlab.root} if set, else the first
     * folder above the working directory that has it, else above where these classes live.
     */
    public static Path locate(ClassifierInfo.Kind kind) {
        return locate(folderName(kind), kind);
    }

    /** The folder name of a kind's shipped second reader (another design, other data): classifier-KIND-b. */
    public static String secondFolderName(ClassifierInfo.Kind kind) {
        return folderName(kind) + "-b";
    }

    /**
     * The reader that fits a kind's attribute directions (and so the one a named edit is made
     * with): the shipped second reader when there is one, else the first. On faces64's generated
     * faces the first reader is the odd one out on smiles (it calls 81% smiling where the second
     * reader and an older third call 67–72%), and a smile direction fitted with it is one that only
     * it reads as a smile (docs/figures.md, <i>Named edits</i>); fitted with the second, the first reader
     * and the third agree with the edit, so the first can judge it independently.
     */
    public static Path locateDirections(ClassifierInfo.Kind kind) {
        return locateSecond(kind).orElseGet(() -> locate(kind));
    }

    /** The shipped readers of a kind: the first, then the second when there is one. */
    public static List<Path> shipped(ClassifierInfo.Kind kind) {
        List<Path> out = new ArrayList<>();
        try {
            out.add(locate(kind));
        } catch (IllegalArgumentException e) {
            // none shipped here: only the second, if any
        }
        locateSecond(kind).ifPresent(out::add);
        return out;
    }

    /** The shipped second reader of a kind, found like {@link #locate}, if there is one. */
    public static Optional<Path> locateSecond(ClassifierInfo.Kind kind) {
        try {
            return Optional.of(locate(secondFolderName(kind), kind));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Path locate(String folder, ClassifierInfo.Kind kind) {
        String rel = "models/" + folder;
        String prop = System.getProperty(BuiltinDatasets.ROOT_PROPERTY);
        List<Path> tried = new ArrayList<>();
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize().resolve(rel);
            if (Files.isRegularFile(p.resolve(Classifier.INFO))) {
                return p;
            }
            tried.add(p);
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath().normalize());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path c = p.resolve(rel);
                if (Files.isRegularFile(c.resolve(Classifier.INFO))) {
                    return c;
                }
            }
            tried.add(start);
        }
        throw new IllegalArgumentException("cannot find the " + kind.id() + " classifier (" + rel + ") at or above "
                + tried + "; run from the LatentLab folder, pass -D" + BuiltinDatasets.ROOT_PROPERTY
                + "=<folder with models/> or --classifier DIR");
    }

    private static Optional<Path> codeLocation() {
        try {
            CodeSource cs = Classifiers.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return Optional.empty();
            }
            return Optional.of(Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
