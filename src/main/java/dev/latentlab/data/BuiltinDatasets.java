package dev.latentlab.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Datasets shipped with LatentLab under {@code assets/}: {@code builtin:digits}, 10,000 MNIST
 * digits (white on black, 28×28, labels 0–9; stored grouped by digit, all 0s first), and a
 * reference set {@code builtin:NAME-reference} for each folder {@code assets/reference/NAME/}:
 * images of dataset NAME's recipe that no model trained on, stored as {@link TileSheets}, which
 * stand in for NAME's training images where those are not on the machine.
 */
public final class BuiltinDatasets {
    /** System property naming the LatentLab root folder (the one containing {@code assets/}). */
    public static final String ROOT_PROPERTY = "latentlab.root";
    public static final String DIGITS = "builtin:digits";
    static final String DIGITS_IMAGES = "digits-images-idx3-ubyte.gz";
    static final String DIGITS_LABELS = "digits-labels-idx1-ubyte.gz";
    static final String REFERENCE_SUFFIX = "-reference";

    /**
     * A shipped reference set: its name for {@link DatasetSource#open} ({@code builtin:NAME-reference}),
     * the dataset it stands in for, its folder and what its sheets.json says.
     */
    public record Reference(String source, String dataset, Path dir, TileSheets.Index index) {
        /** For people: "builtin:faces64h-reference (2000 held-out images of faces64h's recipe, seed 7)". */
        public String describe() {
            return source + " (" + index.images() + " held-out images of " + dataset + "'s recipe"
                    + (index.seed() == null ? "" : ", generator seed " + index.seed()) + ")";
        }
    }

    private BuiltinDatasets() {
    }

    /** Names accepted by {@link DatasetSource#open}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of(DIGITS));
        try (var dirs = Files.list(assetsDir().resolve("reference"))) {
            dirs.filter(TileSheets::isSheetFolder).sorted()
                    .forEach(d -> names.add("builtin:" + d.getFileName() + REFERENCE_SUFFIX));
        } catch (java.io.IOException | DatasetException e) {
            // no reference sets here
        }
        return names;
    }

    /** The shipped reference set of the dataset named {@code dataset} (a model.json's dataset.name), if any. */
    public static Optional<Reference> referenceFor(String dataset) {
        if (dataset == null || dataset.isBlank() || dataset.contains("/") || dataset.contains("\\")
                || dataset.startsWith(".")) {
            return Optional.empty();
        }
        Path dir;
        try {
            dir = assetsDir().resolve("reference").resolve(dataset);
        } catch (DatasetException e) {
            return Optional.empty();
        }
        if (!TileSheets.isSheetFolder(dir)) {
            return Optional.empty();
        }
        return Optional.of(new Reference("builtin:" + dataset + REFERENCE_SUFFIX, dataset, dir, TileSheets.index(dir)));
    }

    /** The reference set {@code builtin:NAME-reference} names, as {@code spec}. */
    static ImageSet reference(String source, ImageSpec spec) {
        String dataset = source.substring("builtin:".length(), source.length() - REFERENCE_SUFFIX.length());
        Reference ref = referenceFor(dataset).orElseThrow(() -> new DatasetException("Unknown built-in dataset \""
                + source + "\"; available: " + String.join(", ", names())));
        return TileSheets.load(ref.dir(), source, spec);
    }

    /**
     * The {@code assets} folder: {@code <latentlab.root>/assets} if that system property is set;
     * else the first folder containing {@code assets/digits} found walking up from the working
     * directory; else walking up from where these classes (or their jar) live.
     *
     * @throws DatasetException if none is found
     */
    public static Path assetsDir() {
        String prop = System.getProperty(ROOT_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path assets = Path.of(prop).toAbsolutePath().normalize().resolve("assets");
            if (!Files.isDirectory(assets.resolve("digits"))) {
                throw new DatasetException("-D" + ROOT_PROPERTY + "=" + prop + " has no assets/digits folder ("
                        + assets.resolve("digits") + ")");
            }
            return assets;
        }
        List<Path> tried = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        tried.add(cwd);
        Optional<Path> found = searchUp(cwd);
        if (found.isPresent()) {
            return found.get();
        }
        Optional<Path> code = codeLocation();
        if (code.isPresent()) {
            tried.add(code.get());
            found = searchUp(code.get());
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new DatasetException("Cannot find LatentLab's assets/digits folder above " + tried
                + "; run from the LatentLab folder or pass -D" + ROOT_PROPERTY + "=<folder containing assets>");
    }

    private static Optional<Path> searchUp(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("assets").resolve("digits"))) {
                return Optional.of(p.resolve("assets"));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeLocation() {
        try {
            CodeSource cs = BuiltinDatasets.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                return Optional.empty();
            }
            return Optional.of(Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The 10,000 built-in MNIST digits, with labels, as {@code spec} (28 as is, 32 padded, else resized). */
    public static ImageSet digits(ImageSpec spec) {
        Path dir = assetsDir().resolve("digits");
        Path images = dir.resolve(DIGITS_IMAGES);
        Path labels = dir.resolve(DIGITS_LABELS);
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new DatasetException("Built-in digits are missing from " + dir + " (expected " + DIGITS_IMAGES
                    + " and " + DIGITS_LABELS + "; see tools/digits/README.md)");
        }
        ImageSet set = Idx.loadImages(images, Optional.of(labels), spec);
        String[] names = new String[set.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = DIGITS + "#" + i;
        }
        return set.renamed(DIGITS, names);
    }
}
