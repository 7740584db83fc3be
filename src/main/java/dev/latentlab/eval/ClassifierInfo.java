package dev.latentlab.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * classifier.json: what a classifier is (input, layers, outputs), how well it does on images it
 * never trained on, and how it was made. Versioned like model.json; unknown versions are refused.
 */
public final class ClassifierInfo {
    public static final String FORMAT = "latentlab-classifier";
    public static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    /** Which images it reads, and what it says about them. */
    public enum Kind {
        /** 64×64 RGB cartoon faces, independent yes/no attributes (sigmoid outputs). */
        FACES,
        /** 28×28 gray digits, one of ten classes (softmax outputs). */
        DIGITS;

        public String id() {
            return name().toLowerCase();
        }

        public static Kind parse(String s) {
            return switch (s.toLowerCase()) {
                case "faces", "face", "attributes" -> FACES;
                case "digits", "digit", "mnist" -> DIGITS;
                default -> throw new IllegalArgumentException("unknown classifier kind '" + s + "' (faces or digits)");
            };
        }

        public boolean multiLabel() {
            return this == FACES;
        }
    }

    public String format = FORMAT;
    public Integer version = VERSION;
    public String kind;
    /** "multilabel" (a sigmoid per output) or "multiclass" (one softmax over the outputs). */
    public String task;
    public Integer inputSize;
    public Integer channels;
    /** Output channels of each 3×3 convolution (each followed by BatchNorm and ReLU). */
    public int[] convWidths;
    public int[] convStrides;
    /** Width of the penultimate layer: the features the Fréchet distance and precision/recall use. */
    public Integer featureDim;
    /**
     * How the last feature map becomes the penultimate layer: "flatten" (absent: the shipped
     * reader; every position has its own weights) or "gap" (global average pooling, then the
     * fully connected layer: the second reader, blind to where in the image a feature is).
     */
    public String head;
    /** Attribute or class names, one per output. */
    public List<String> outputs = new ArrayList<>();
    public Long parameters;
    public HeldOut heldOut = new HeldOut();
    public Training training = new Training();
    public String notes;

    public static final class HeldOut {
        public int images;
        /** Accuracy per attribute (faces) or per class (digits: recall of that class). */
        public Map<String, Double> accuracy = new LinkedHashMap<>();
        /** Digits: share of all held-out images classified correctly. Faces: mean over attributes. */
        public double overall;
        public double lowest;
        /** Per output: the number of held-out images that have it (faces) or belong to it (digits). */
        public Map<String, Integer> positives = new LinkedHashMap<>();
        /** Faces: the same images fully desaturated, per shape attribute (hair colours have no answer in gray). */
        public Map<String, Double> gray;
        /** Faces: the same images with R and B swapped, per shape attribute. */
        public Map<String, Double> swapped;
    }

    public static final class Training {
        public String dataset;
        /** How the dataset was made, when known (e.g. the facegen command). */
        public String datasetCommand;
        public Long datasetSeed;
        public int datasetImages;
        public int trainImages;
        /** Seed of the shuffle that picks the held-out images (the first heldOut.images of it). */
        public long splitSeed;
        public long seed;
        public int epochs;
        public long iterations;
        public int batchSize;
        public double learningRate;
        public String schedule;
        public String augmentation;
        public double wallSeconds;
        public int threads;
        public String command;
        public String created;
        public String trainedWith;
    }

    public static final String STANDARD = "standard";
    public static final String GAP = "gap";
    /** A third design: patches first (the third face reader). */
    public static final String PATCH = "patch";

    /**
     * Kernel size of each convolution (null: all 3, padding 1). A kernel other than 3 has no padding:
     * the patch design's first layer, 8×8 with stride 8, embeds each 8×8 patch on its own.
     */
    public int[] convKernels;

    /** Kernel size of convolution i. */
    public int kernel(int i) {
        return convKernels == null ? 3 : convKernels[i];
    }

    /** Padding of convolution i: 1 for a 3×3 kernel, none otherwise. */
    public int padding(int i) {
        return kernel(i) == 3 ? 1 : 0;
    }

    /**
     * An architecture by name: {@link #STANDARD} (the shipped reader) or, for faces, {@link #GAP}:
     * another design for an independent second reader,
     * <pre>
     *   3×64×64 → conv 24 /2 → 48 /2 → 96 /2 → 192 /1 (8×8) → global mean → fc 128 → outputs
     * </pre>
     * (the standard one: 32 /2 → 64 /2 → 128 /2 → 128 /2 (4×4) → flatten → fc 256).
     */
    public static ClassifierInfo design(Kind kind, String design, List<String> outputs) {
        ClassifierInfo info = standard(kind, outputs);
        if (design == null || design.equals(STANDARD)) {
            return info;
        }
        if (design.equals(PATCH) && kind == Kind.FACES) {
            // 3×64×64 → 8×8 patches, each embedded by its own 8×8 stride-8 convolution to 64 → 3×3 convs 96, 128
            // at 8×8 (patches see their neighbours) → global mean → fc 128: no early 3×3 colour-and-edge filters
            info.convWidths = new int[] {64, 96, 128};
            info.convStrides = new int[] {8, 1, 1};
            info.convKernels = new int[] {8, 3, 3};
            info.featureDim = 128;
            info.head = GAP;
            return info;
        }
        if (!design.equals(GAP)) {
            throw new IllegalArgumentException("unknown classifier design '" + design + "' (" + STANDARD + ", "
                    + GAP + " or, for faces, " + PATCH + ")");
        }
        info.convWidths = kind == Kind.FACES ? new int[] {24, 48, 96, 192} : new int[] {24, 48, 96, 128};
        info.convStrides = kind == Kind.FACES ? new int[] {2, 2, 2, 1} : new int[] {1, 2, 2, 1};
        info.featureDim = 128;
        info.head = GAP;
        return info;
    }

    public boolean globalPool() {
        return GAP.equals(head);
    }

    /** The shipped architecture for a kind. */
    public static ClassifierInfo standard(Kind kind, List<String> outputs) {
        ClassifierInfo info = new ClassifierInfo();
        info.kind = kind.id();
        info.task = kind.multiLabel() ? "multilabel" : "multiclass";
        info.outputs = new ArrayList<>(outputs);
        switch (kind) {
            case FACES -> {
                info.inputSize = 64;
                info.channels = 3;
                info.convWidths = new int[] {32, 64, 128, 128};
                info.convStrides = new int[] {2, 2, 2, 2};
                info.featureDim = 256;
            }
            case DIGITS -> {
                info.inputSize = 28;
                info.channels = 1;
                info.convWidths = new int[] {32, 64, 128, 128};
                info.convStrides = new int[] {1, 2, 2, 2};
                info.featureDim = 128;
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        return info;
    }

    public Kind kindEnum() {
        return Kind.parse(kind);
    }

    public boolean multiLabel() {
        return "multilabel".equals(task);
    }

    /** Side of the feature map after the convolutions (3×3, padding 1). */
    public int finalSide() {
        int s = inputSize;
        for (int i = 0; i < convStrides.length; i++) {
            s = (s + 2 * padding(i) - kernel(i)) / convStrides[i] + 1;
        }
        return s;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /** Parses and validates; the message names the file and the first problem. */
    public static ClassifierInfo parse(String json, String source) {
        ClassifierInfo info;
        try {
            info = GSON.fromJson(json, ClassifierInfo.class);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (info == null) {
            throw new IllegalArgumentException(source + " is empty");
        }
        if (!FORMAT.equals(info.format)) {
            throw new IllegalArgumentException(source + " is not a LatentLab classifier description (format is "
                    + (info.format == null ? "missing" : "'" + info.format + "'") + ", expected '" + FORMAT + "')");
        }
        if (info.version == null || info.version < 1 || info.version > VERSION) {
            throw new IllegalArgumentException(source + " has format version " + info.version
                    + ", which this LatentLab does not read (it reads version " + VERSION + ")");
        }
        List<String> missing = new ArrayList<>();
        if (info.kind == null) {
            missing.add("kind");
        }
        if (info.task == null) {
            missing.add("task");
        }
        if (info.inputSize == null) {
            missing.add("inputSize");
        }
        if (info.channels == null) {
            missing.add("channels");
        }
        if (info.convWidths == null) {
            missing.add("convWidths");
        }
        if (info.convStrides == null) {
            missing.add("convStrides");
        }
        if (info.featureDim == null) {
            missing.add("featureDim");
        }
        if (info.outputs == null || info.outputs.isEmpty()) {
            missing.add("outputs");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " is missing " + String.join(", ", missing));
        }
        if (info.convWidths.length != info.convStrides.length || info.convWidths.length == 0
                || info.convKernels != null && info.convKernels.length != info.convWidths.length) {
            throw new IllegalArgumentException(source + ": convWidths, convStrides (and convKernels) must be "
                    + "non-empty and of equal length");
        }
        info.kindEnum();
        if (info.head != null && !info.head.equals("flatten") && !info.head.equals(GAP)) {
            throw new IllegalArgumentException(source + ": unknown head '" + info.head + "' (flatten or " + GAP + ")");
        }
        if (info.heldOut == null) {
            info.heldOut = new HeldOut();
        }
        if (info.training == null) {
            info.training = new Training();
        }
        return info;
    }
}
