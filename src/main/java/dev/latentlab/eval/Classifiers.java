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

    /** The shipped reader's kind for a model, chosen by its recorded data ({@link ReaderMatch}). */
    public static Optional<ClassifierInfo.Kind> kindFor(dev.latentlab.model.GanModel m) {
        return ReaderMatch.of(m).asOptional();
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
     * with): the shipped second reader when there is one, else the first. A direction is then judged
     * by readers it was not fitted with (the first, and the held-out third), so an edit that only its
     * fitting reader reads as the attribute shows up as a disagreement (docs/figures.md, <i>Named edits</i>).
     */
    public static Path locateDirections(ClassifierInfo.Kind kind) {
        return locateSecond(kind).orElseGet(() -> locate(kind));
    }

    /**
     * The shipped readers of a kind: the first, then the second and the third when there are. For faces
     * they are three designs trained on three facegen seeds with colour augmentation (docs/readers.md):
     * classifier-faces (standard) selects, classifier-faces-b (global-mean) fits the directions, and
     * classifier-faces-c (patches) is held out of every choice, so it judges independently.
     */
    public static List<Path> shipped(ClassifierInfo.Kind kind) {
        List<Path> out = new ArrayList<>();
        try {
            out.add(locate(kind));
        } catch (IllegalArgumentException e) {
            // none shipped here: only the others, if any
        }
        locateSecond(kind).ifPresent(out::add);
        locateThird(kind).ifPresent(out::add);
        return out;
    }

    /**
     * A reader as a fitted result records it: its folder name and the first 16 hex digits of the
     * SHA-256 of its weights file, e.g. {@code classifier-faces-b (sha256:1f…)}. A cache fitted by
     * another reader under the same folder name (readers retrained or replaced) then no longer matches.
     */
    public static String identity(Path dir) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        Path weights = dir.resolve(Classifier.WEIGHTS);
        try (java.io.InputStream in = Files.newInputStream(weights)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            StringBuilder sb = new StringBuilder(name).append(" (sha256:");
            byte[] d = md.digest();
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", d[i]));
            }
            return sb.append(')').toString();
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            return name; // unreadable weights: opening the reader reports it
        }
    }

    /** A reader's name as people read it: {@link #identity} without the checksum. */
    public static String displayName(String identity) {
        int i = identity == null ? -1 : identity.indexOf(" (sha256:");
        return i < 0 ? identity : identity.substring(0, i);
    }

    /** The folder name of a kind's shipped third reader (a third design and data): classifier-KIND-c. */
    public static String thirdFolderName(ClassifierInfo.Kind kind) {
        return folderName(kind) + "-c";
    }

    /** The shipped third reader of a kind, the held-out judge, if there is one. */
    public static Optional<Path> locateThird(ClassifierInfo.Kind kind) {
        try {
            return Optional.of(locate(thirdFolderName(kind), kind));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
