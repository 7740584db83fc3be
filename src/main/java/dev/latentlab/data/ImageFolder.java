package dev.latentlab.data;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Loads every image under a folder (recursively, in sorted relative-path order) into an
 * {@link ImageSet}: centre-cropped to a square, resized to the spec's size, gray or RGB.
 *
 * <p>Files with an image extension (png, jpg, jpeg, jpe, jfif, bmp, gif, tif, tiff) are tried;
 * other files and hidden files/folders (name starting with '.') are ignored. Files that cannot be
 * decoded (empty, truncated, not really an image...) are skipped, listed in
 * {@link ImageSet#skipped()} and logged. If the folder itself has {@code list_attr_celeba.txt} or
 * {@code list_attr.txt}, its rows are attached as {@link ImageSet#attributes()}, matched by relative
 * path or base name (images without a row get all -1). Decoding runs on a small thread pool.
 */
public final class ImageFolder {
    /** Lower-case extensions of the files that are tried as images. */
    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("png", "jpg", "jpeg", "jpe", "jfif", "bmp", "gif", "tif", "tiff");
    /** Attribute files looked for in the folder, in order of preference. */
    public static final List<String> ATTRIBUTE_FILES = List.of("list_attr_celeba.txt", "list_attr.txt");

    private static final int LOG_SKIPPED_MAX = 20;
    private static final long MAX_FILE_BYTES = 256L << 20;

    private ImageFolder() {
    }

    /** Loads all images of {@code folder}. */
    public static ImageSet load(Path folder, ImageSpec spec, Consumer<String> log) {
        return load(folder, spec, Integer.MAX_VALUE, log);
    }

    /**
     * Loads at most {@code maxImages} images: the first ones (in sorted order) that decode.
     *
     * @throws DatasetException if the folder is missing, holds no usable image, or the images
     *                          would not fit in the Java heap
     */
    public static ImageSet load(Path folder, ImageSpec spec, int maxImages, Consumer<String> log) {
        Consumer<String> out = log != null ? log : s -> { };
        if (maxImages < 1) {
            throw new IllegalArgumentException("maxImages must be >= 1, got " + maxImages);
        }
        Path root = folder.toAbsolutePath().normalize();
        if (!Files.exists(root)) {
            throw new DatasetException("Dataset folder not found: " + root);
        }
        if (!Files.isDirectory(root)) {
            throw new DatasetException("Not a folder: " + root);
        }
        long t0 = System.nanoTime();
        List<SkippedFile> skipped = new ArrayList<>();
        int[] ignored = new int[1];
        List<Path> candidates = listImages(root, skipped, ignored);
        if (candidates.isEmpty()) {
            throw new DatasetException("No image files in " + root + " (looked recursively for "
                    + String.join(", ", new java.util.TreeSet<>(IMAGE_EXTENSIONS)) + "; "
                    + ignored[0] + " other file" + (ignored[0] == 1 ? "" : "s") + " ignored)");
        }
        int wanted = (int) Math.min(candidates.size(), maxImages);
        checkMemory(root, wanted, spec);

        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        out.accept("Loading " + (wanted < candidates.size() ? "up to " + wanted + " of " : "")
                + candidates.size() + " image files from " + root + " as " + spec.describe()
                + " (" + threads + " thread" + (threads == 1 ? "" : "s") + ")");

        List<byte[]> images = new ArrayList<>(wanted);
        List<String> names = new ArrayList<>(wanted);
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "latentlab-decode-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        int failed = 0;
        try {
            Deque<Future<Object>> window = new ArrayDeque<>();
            int next = 0;
            int windowSize = threads * 8;
            int tried = 0;
            int progressStep = Math.max(1000, wanted / 10);
            while (next < candidates.size() && window.size() < windowSize) {
                window.add(submit(pool, candidates.get(next++), spec));
            }
            while (!window.isEmpty() && images.size() < wanted) {
                Object r = window.poll().get();
                Path file = candidates.get(tried++);
                if (r instanceof byte[] px) {
                    images.add(px);
                    names.add(relative(root, file));
                    if (images.size() % progressStep == 0 && images.size() < wanted) {
                        out.accept("  decoded " + images.size() + " / " + wanted + " images");
                    }
                } else {
                    SkippedFile s = new SkippedFile(file, (String) r);
                    skipped.add(s);
                    failed++;
                    if (failed <= LOG_SKIPPED_MAX) {
                        out.accept("Skipping " + s);
                    } else if (failed == LOG_SKIPPED_MAX + 1) {
                        out.accept("(more skipped files are not logged; see the dataset's skipped list)");
                    }
                }
                if (next < candidates.size()) {
                    window.add(submit(pool, candidates.get(next++), spec));
                }
            }
            for (Future<Object> f : window) {
                f.cancel(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("Loading " + root + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof OutOfMemoryError) {
                throw new DatasetException("Ran out of memory while loading " + root
                        + "; use fewer images or give Java more memory (-Xmx)", c);
            }
            throw new DatasetException("Loading " + root + " failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }

        if (images.isEmpty()) {
            StringBuilder sb = new StringBuilder("No usable images in " + root + ": tried " + failed
                    + " image file" + (failed == 1 ? "" : "s") + ", skipped all of them");
            for (int i = 0; i < Math.min(3, skipped.size()); i++) {
                sb.append(i == 0 ? " (" : "; ").append(skipped.get(i));
            }
            if (!skipped.isEmpty()) {
                sb.append(skipped.size() > 3 ? "; ...)" : ")");
            }
            throw new DatasetException(sb.toString());
        }

        AttributeTable attrs = attachAttributes(root, names, out);
        String name = root.getFileName() != null ? root.getFileName().toString() : root.toString();
        ImageSet set = new ImageSet(name, spec, images.toArray(new byte[0][]), names.toArray(new String[0]),
                null, attrs, skipped);
        out.accept(String.format(Locale.ROOT, "Loaded %d images from %s in %.1f s%s", images.size(), root,
                (System.nanoTime() - t0) / 1e9, skipped.isEmpty() ? "" : " (" + skipped.size() + " skipped)"));
        return set;
    }

    private static Future<Object> submit(ExecutorService pool, Path file, ImageSpec spec) {
        return pool.submit(() -> {
            byte[] bytes;
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES) {
                    return "file too large (" + size / 1_000_000 + " MB)";
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                return "cannot read file (" + e.getClass().getSimpleName()
                        + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")";
            }
            try {
                return ImageDecoder.decode(bytes, spec);
            } catch (ImageDecoder.DecodeException e) {
                return e.getMessage();
            }
        });
    }

    /** The image files under {@code root}, sorted by relative path; walk problems go to {@code skipped}. */
    static List<Path> listImages(Path root, List<SkippedFile> skipped, int[] ignored) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(root) && isHidden(dir)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !isHidden(file) && hasImageExtension(file)) {
                                files.add(file);
                            } else if (attrs.isRegularFile()) {
                                ignored[0]++;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (hasImageExtension(file) || Files.isDirectory(file)) {
                                skipped.add(new SkippedFile(file, "cannot read (" + e.getClass().getSimpleName() + ")"));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new DatasetException("Cannot list " + root + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(p -> relative(root, p)));
        return files;
    }

    /** A file name ending in one of {@link #IMAGE_EXTENSIONS}. */
    public static boolean hasImageExtension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean isHidden(Path p) {
        Path n = p.getFileName();
        return n != null && (n.toString().startsWith(".") || n.toString().equals("__MACOSX"));
    }

    /** Relative path with '/' separators. */
    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static void checkMemory(Path root, int count, ImageSpec spec) {
        Runtime rt = Runtime.getRuntime();
        long need = (long) count * (spec.valuesPerImage() + 16L);
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free * 0.8) {
            throw new DatasetException(String.format(Locale.ROOT,
                    "%s has %d images; at %s they need %.0f MB but Java has only %.0f MB free (-Xmx %.0f MB). "
                            + "Use fewer images, a smaller size, or more memory.",
                    root, count, spec.describe(), need / 1e6, free / 1e6, rt.maxMemory() / 1e6));
        }
    }

    private static AttributeTable attachAttributes(Path root, List<String> names, Consumer<String> log) {
        Path file = null;
        for (String candidate : ATTRIBUTE_FILES) {
            Path p = root.resolve(candidate);
            if (Files.isRegularFile(p)) {
                file = p;
                break;
            }
        }
        if (file == null) {
            return null;
        }
        AttributeTable table;
        try {
            table = AttributeTable.read(file);
        } catch (DatasetException e) {
            log.accept("WARNING: ignoring attributes: " + e.getMessage());
            return null;
        }
        if (table.declaredRows() >= 0 && table.declaredRows() != table.size()) {
            log.accept("Note: " + file.getFileName() + " says " + table.declaredRows() + " rows but has " + table.size());
        }
        int[] rows = new int[names.size()];
        int missing = 0;
        for (int i = 0; i < rows.length; i++) {
            OptionalInt r = table.row(names.get(i));
            rows[i] = r.orElse(-1);
            if (r.isEmpty()) {
                missing++;
            }
        }
        if (missing == rows.length) {
            log.accept("WARNING: " + file.getFileName() + " has no row for any of the " + rows.length
                    + " images (e.g. " + names.get(0) + "); attributes not attached");
            return null;
        }
        log.accept("Attributes: " + table.names().size() + " from " + file.getFileName()
                + (missing > 0 ? " (" + missing + " images have no row; they count as all -1)" : ""));
        return table.select(rows, names);
    }
}
