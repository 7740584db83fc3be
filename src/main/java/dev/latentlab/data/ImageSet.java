package dev.latentlab.data;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable in-memory set of images, all of the same {@link ImageSpec}.
 *
 * <p>Pixels are kept compactly as one {@code byte[]} per image (uint8, CHW), so 20,000 64×64 RGB
 * images take about 246 MB. {@link #copyImage} expands an image to floats in [-1, 1]. Instances
 * are thread-safe; {@link #subset} and {@link #limit} share pixel arrays with the original.
 */
public final class ImageSet {
    private static final float[] TO_FLOAT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            TO_FLOAT[i] = (float) (i / 127.5 - 1.0);
        }
    }

    private final String name;
    private final ImageSpec spec;
    private final byte[][] images;
    private final String[] sourceNames; // nullable
    private final int[] labels; // nullable
    private final AttributeTable attributes; // nullable, rows aligned with images
    private final List<SkippedFile> skipped;

    /**
     * @param name        shown to the user (folder name, "builtin:digits", ...)
     * @param images      one array of {@code spec.valuesPerImage()} bytes (uint8, CHW) per image;
     *                    the arrays are not copied and must not be modified afterwards
     * @param sourceNames per-image source (e.g. relative file path), or null
     * @param labels      per-image class label, or null
     * @param attributes  attribute table whose row i describes image i, or null
     * @param skipped     files that were tried but not loaded (may be empty)
     */
    public ImageSet(String name, ImageSpec spec, byte[][] images, String[] sourceNames, int[] labels,
                    AttributeTable attributes, List<SkippedFile> skipped) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.images = Objects.requireNonNull(images, "images");
        int per = spec.valuesPerImage();
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null || images[i].length != per) {
                throw new IllegalArgumentException("image " + i + " must have " + per + " bytes for " + spec.describe());
            }
        }
        if (sourceNames != null && sourceNames.length != images.length) {
            throw new IllegalArgumentException(sourceNames.length + " source names for " + images.length + " images");
        }
        if (labels != null && labels.length != images.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + images.length + " images");
        }
        if (attributes != null && attributes.size() != images.length) {
            throw new IllegalArgumentException(attributes.size() + " attribute rows for " + images.length + " images");
        }
        this.sourceNames = sourceNames;
        this.labels = labels;
        this.attributes = attributes;
        this.skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** A plain set without labels, attributes or skipped files. */
    public static ImageSet of(String name, ImageSpec spec, byte[][] images) {
        return new ImageSet(name, spec, images, null, null, null, List.of());
    }

    public int size() {
        return images.length;
    }

    public ImageSpec spec() {
        return spec;
    }

    public String name() {
        return name;
    }

    /**
     * Writes image {@code index} into {@code dst[offset ..< offset + spec().valuesPerImage()]} as CHW
     * floats in [-1, 1] (pixel / 127.5 − 1), mirrored left-right if {@code flip}.
     */
    public void copyImage(int index, float[] dst, int offset, boolean flip) {
        byte[] px = images[index];
        int n = spec.size();
        if (offset < 0 || offset + px.length > dst.length) {
            throw new IndexOutOfBoundsException("dst has " + dst.length + " floats, need " + px.length + " at offset " + offset);
        }
        if (!flip) {
            for (int i = 0; i < px.length; i++) {
                dst[offset + i] = TO_FLOAT[px[i] & 0xFF];
            }
            return;
        }
        for (int row = 0, rows = spec.channels() * n; row < rows; row++) {
            int base = row * n;
            int out = offset + base;
            int last = base + n - 1;
            for (int x = 0; x < n; x++) {
                dst[out + x] = TO_FLOAT[px[last - x] & 0xFF];
            }
        }
    }

    /** Copies the raw uint8 CHW pixels of image {@code index} into {@code dst} at {@code offset}. */
    public void copyPixels(int index, byte[] dst, int offset) {
        System.arraycopy(images[index], 0, dst, offset, images[index].length);
    }

    /** Image {@code index} as a TYPE_INT_RGB image (gray replicated), for previews. */
    public BufferedImage toImage(int index) {
        byte[] px = images[index];
        int n = spec.size();
        int plane = n * n;
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = px[i] & 0xFF;
            int g = spec.channels() == 3 ? px[plane + i] & 0xFF : r;
            int b = spec.channels() == 3 ? px[2 * plane + i] & 0xFF : r;
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        img.setRGB(0, 0, n, n, rgb, 0, n);
        return img;
    }

    /** Where image {@code index} came from (relative file path, "file.idx#12"...). */
    public String sourceName(int index) {
        Objects.checkIndex(index, images.length);
        return sourceNames != null ? sourceNames[index] : name + "#" + index;
    }

    /** Attributes (e.g. CelebA's), row i describing image i. */
    public Optional<AttributeTable> attributes() {
        return Optional.ofNullable(attributes);
    }

    /** Class labels (e.g. digits 0–9), element i for image i. Returns a copy; see also {@link #label}. */
    public Optional<int[]> labels() {
        return labels == null ? Optional.empty() : Optional.of(labels.clone());
    }

    /** The class label of image {@code index}, or -1 if the set has no labels. */
    public int label(int index) {
        Objects.checkIndex(index, images.length);
        return labels == null ? -1 : labels[index];
    }

    /** Files that were tried but could not be loaded, with reasons. */
    public List<SkippedFile> skipped() {
        return skipped;
    }

    /** Approximate heap used by the pixels. */
    public long pixelBytes() {
        return (long) images.length * (spec.valuesPerImage() + 16L);
    }

    /** The images at {@code indices} (in that order; repeats allowed), with their labels/attributes. */
    public ImageSet subset(int[] indices) {
        byte[][] imgs = new byte[indices.length][];
        String[] names = sourceNames == null ? null : new String[indices.length];
        int[] labs = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int k = Objects.checkIndex(indices[i], images.length);
            imgs[i] = images[k];
            if (names != null) {
                names[i] = sourceNames[k];
            }
            if (labs != null) {
                labs[i] = labels[k];
            }
        }
        AttributeTable attrs = attributes == null ? null : attributes.select(indices);
        return new ImageSet(name, spec, imgs, names, labs, attrs, skipped);
    }

    /** The first {@code min(n, size())} images. */
    public ImageSet limit(int n) {
        return pick(n, i -> i);
    }

    /**
     * {@code min(n, size())} images spread evenly over the set: image {@code ⌊i · size / n⌋} for
     * i &lt; n (the built-in digits are sorted by class, so the first n would all be zeros).
     */
    public ImageSet spread(int n) {
        return pick(n, i -> (int) ((long) i * images.length / n));
    }

    /**
     * The images {@link #spread(int) spread(n)} leaves out, in order: when a model trained on
     * {@code spread(n)} (train --limit n), these are its held-out images.
     */
    public ImageSet spreadComplement(int n) {
        if (n <= 0 || n >= images.length) {
            return subset(new int[0]);
        }
        boolean[] used = new boolean[images.length];
        for (int i = 0; i < n; i++) {
            used[(int) ((long) i * images.length / n)] = true;
        }
        int[] rest = new int[images.length - n];
        int k = 0;
        for (int i = 0; i < images.length; i++) {
            if (!used[i]) {
                rest[k++] = i;
            }
        }
        return subset(rest);
    }

    private ImageSet pick(int n, java.util.function.IntUnaryOperator index) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of images must be >= 0, got " + n);
        }
        if (n >= images.length) {
            return this;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = index.applyAsInt(i);
        }
        return subset(idx);
    }

    /** The same images under another name and source names (used by loaders). */
    ImageSet renamed(String newName, String[] newSourceNames) {
        return new ImageSet(newName, spec, images, newSourceNames, labels, attributes, skipped);
    }

    @Override
    public String toString() {
        return "ImageSet[" + name + ", " + images.length + " images, " + spec.describe()
                + (labels != null ? ", labels" : "") + (attributes != null ? ", attributes" : "")
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped") + "]";
    }
}
