package dev.latentlab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** Opens a dataset from the string the user typed or picked. */
public final class DatasetSource {
    private DatasetSource() {
    }

    /**
     * Opens {@code source}, which is one of:
     * <ul>
     *   <li>{@code builtin:digits}: the built-in MNIST digits;</li>
     *   <li>{@code builtin:NAME-reference}: the reference set shipped for dataset NAME;</li>
     *   <li>an IDX image file ({@code .idx}, {@code .idx.gz}, {@code -idx3-ubyte}, {@code .idx3-ubyte},
     *       optionally {@code .gz}); its labels file is used when found next to it by MNIST naming;</li>
     *   <li>a folder of images (see {@link ImageFolder}).</li>
     * </ul>
     * A leading {@code ~/} means the user's home folder.
     *
     * @throws DatasetException with a user-facing message when it cannot be opened
     */
    public static ImageSet open(String source, ImageSpec imageSpec, Consumer<String> log) {
        Consumer<String> out = log != null ? log : s -> { };
        if (source == null || source.isBlank()) {
            throw new DatasetException("No dataset given: use builtin:digits, an image folder or an IDX file");
        }
        String s = source.trim();
        if (s.regionMatches(true, 0, "builtin:", 0, 8)) {
            String which = s.toLowerCase(Locale.ROOT);
            if (which.equals(BuiltinDatasets.DIGITS)) {
                out.accept("Loading built-in digits as " + imageSpec.describe());
                ImageSet set = BuiltinDatasets.digits(imageSpec);
                out.accept("Loaded " + set.size() + " built-in digits");
                return set;
            }
            if (which.endsWith(BuiltinDatasets.REFERENCE_SUFFIX)) {
                out.accept("Loading the reference set " + s + " as " + imageSpec.describe());
                return BuiltinDatasets.reference(s, imageSpec);
            }
            throw new DatasetException("Unknown built-in dataset \"" + s + "\"; available: "
                    + String.join(", ", BuiltinDatasets.names()));
        }
        if (s.equals("~") || s.startsWith("~/")) {
            s = System.getProperty("user.home") + s.substring(1);
        }
        Path path = Path.of(s);
        if (Files.isDirectory(path)) {
            return ImageFolder.load(path, imageSpec, out);
        }
        if (!Files.exists(path)) {
            throw new DatasetException("Dataset not found: " + path.toAbsolutePath()
                    + " (expected a folder of images, an IDX file, or builtin:digits)");
        }
        if (isIdxName(path)) {
            Optional<Path> labels = Idx.findLabelsFor(path);
            out.accept("Loading IDX images " + path + labels.map(l -> " with labels " + l.getFileName()).orElse("")
                    + " as " + imageSpec.describe());
            ImageSet set = Idx.loadImages(path, labels, imageSpec);
            out.accept("Loaded " + set.size() + " images from " + path.getFileName());
            return set;
        }
        throw new DatasetException("Cannot use " + path.toAbsolutePath() + " as a dataset: expected a folder of images, "
                + "an IDX image file (.idx, .idx.gz, -idx3-ubyte[.gz]) or builtin:digits");
    }

    /** Whether the file name looks like an IDX images file. */
    static boolean isIdxName(Path path) {
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        return n.endsWith(".idx") || n.endsWith("-idx3-ubyte") || n.endsWith(".idx3-ubyte") || n.endsWith("_idx3-ubyte");
    }
}
