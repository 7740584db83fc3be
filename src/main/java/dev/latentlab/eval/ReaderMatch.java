package dev.latentlab.eval;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.nn.NetSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which shipped reader, if any, reads a model's images, and why: by the data the model was trained
 * on, not by its image size alone. A 64×64 RGB model of emoji or of your own photos is not read as
 * faces because it has the faces' size.
 *
 * <ul>
 *   <li>The image size must be one a shipped reader takes (faces 64×64 RGB; digits 28×28 or 32×32 gray).</li>
 *   <li>A model folder that records its data (model.json's dataset) is read by the reader of that data:
 *       faces when the data is facegen's (its command, or the face attributes it was labelled with),
 *       digits when it is the built-in digits or MNIST; otherwise by none.</li>
 *   <li>A model folder that records no data (random weights, a run's snapshot) is read by the reader of
 *       its size: a guess, and {@link #why} says so.</li>
 *   <li>A PyTorch file (.pth, .safetensors, .pt) records no data either, and a file is how a user's own
 *       model arrives: it gets no reader until the user declares one ({@link #declared}), with the app's
 *       "Read with the face readers" or a command's {@code --classifier}.</li>
 * </ul>
 */
public record ReaderMatch(ClassifierInfo.Kind kind, String why) {
    /** The attributes facegen labels; a dataset labelled with any of these is facegen's. */
    private static final List<String> FACE_ATTRIBUTES = List.of("Smiling", "Eyeglasses", "Wearing_Hat", "Male");

    public Optional<ClassifierInfo.Kind> asOptional() {
        return Optional.ofNullable(kind);
    }

    public boolean faces() {
        return kind == ClassifierInfo.Kind.FACES;
    }

    public static ReaderMatch of(GanModel m) {
        return of(m.info(), m.spec(), m.source(), m.path() == null ? m.name() : m.path().getFileName().toString());
    }

    /** {@code file} names the model in the messages. */
    public static ReaderMatch of(ModelInfo info, NetSpec spec, GanModel.Source source, String file) {
        Optional<ClassifierInfo.Kind> bySize = bySize(spec);
        if (bySize.isEmpty()) {
            return new ReaderMatch(null, "no shipped reader reads " + shape(spec)
                    + " images (the face readers read 64×64 RGB, the digit reader 28×28 or 32×32 gray)");
        }
        ClassifierInfo.Kind sized = bySize.get();
        if (recordsNoData(source)) {
            return new ReaderMatch(null, file + " does not record what it was trained on, so no shipped reader is"
                    + " assumed");
        }
        ModelInfo.Dataset d = info == null ? null : info.dataset;
        if (!recorded(d)) {
            return new ReaderMatch(sized, "read by the " + readers(sized) + " because of its image size ("
                    + shape(spec) + "): its data is not recorded");
        }
        Optional<ClassifierInfo.Kind> byData = byData(d);
        if (byData.isPresent() && byData.get() == sized) {
            return new ReaderMatch(sized, "read by the " + readers(sized) + ": it was trained on " + d.name);
        }
        return new ReaderMatch(null, "it was trained on " + d.name + ", which no shipped reader was trained on"
                + " (the face readers know facegen's cartoon faces, the digit reader digits)");
    }

    /** Whether a model from this source is a PyTorch file, which records nothing of the data it was trained on. */
    public static boolean recordsNoData(GanModel.Source source) {
        return source == GanModel.Source.PTH || source == GanModel.Source.SAFETENSORS
                || source == GanModel.Source.TORCHSCRIPT;
    }

    /**
     * For a command: how to name a reader when none was found (a file of a size a shipped reader takes:
     * that reader, if it draws what the reader knows; always: a reader of your own).
     */
    public static String hint(NetSpec spec) {
        return bySize(spec).map(k -> "if it draws " + describe(k) + ", pass --classifier models/"
                + Classifiers.folderName(k) + "; ").orElse("") + "a reader of your own labelled images:"
                + " latentlab train-classifier, then --classifier DIR";
    }

    /** The user's choice for a model whose data is not recorded: the reader of that size, if there is one. */
    public static ReaderMatch declared(ClassifierInfo.Kind kind, NetSpec spec) {
        if (bySize(spec).filter(k -> k == kind).isEmpty()) {
            return new ReaderMatch(null, "the " + readers(kind) + " cannot read " + shape(spec) + " images");
        }
        return new ReaderMatch(kind, "read by the " + readers(kind) + ", as you chose (its data is not recorded)");
    }

    /** The kind a reader of this size would be: what the user may declare for a file. */
    public static Optional<ClassifierInfo.Kind> bySize(NetSpec spec) {
        if (spec.channels() == 3 && spec.imageSize() == 64) {
            return Optional.of(ClassifierInfo.Kind.FACES);
        }
        if (spec.channels() == 1 && (spec.imageSize() == 28 || spec.imageSize() == 32)) {
            return Optional.of(ClassifierInfo.Kind.DIGITS);
        }
        return Optional.empty();
    }

    private static boolean recorded(ModelInfo.Dataset d) {
        if (d == null || d.name == null) {
            return false;
        }
        String n = d.name.toLowerCase(Locale.ROOT);
        boolean described = !(n.isBlank() || n.startsWith("unknown") || n.startsWith("none") || n.equals("training"));
        return described || d.source != null && !d.source.isBlank();
    }

    private static Optional<ClassifierInfo.Kind> byData(ModelInfo.Dataset d) {
        String text = ((d.name == null ? "" : d.name) + " " + (d.source == null ? "" : d.source)).toLowerCase(Locale.ROOT);
        boolean faceLabels = d.attributes != null && d.attributes.stream().anyMatch(FACE_ATTRIBUTES::contains)
                || labelledWithFaceAttributes(d.location());
        if (text.contains("facegen") || faceLabels) {
            return Optional.of(ClassifierInfo.Kind.FACES);
        }
        if (text.contains("digit") || text.contains("mnist") || text.contains("idx3")) {
            return Optional.of(ClassifierInfo.Kind.DIGITS);
        }
        return Optional.empty();
    }

    /** True when the data folder's list_attr.txt (CelebA's layout, which facegen writes) names a face attribute. */
    private static boolean labelledWithFaceAttributes(String location) {
        if (location == null || location.isBlank() || location.startsWith("builtin:")) {
            return false;
        }
        try {
            java.nio.file.Path f = java.nio.file.Path.of(location).resolve("list_attr.txt");
            if (!java.nio.file.Files.isRegularFile(f)) {
                return false;
            }
            try (var lines = java.nio.file.Files.lines(f)) {
                return lines.limit(2).anyMatch(l -> FACE_ATTRIBUTES.stream().anyMatch(l::contains));
            }
        } catch (RuntimeException | java.io.IOException e) {
            return false; // an unreadable label file says nothing
        }
    }

    static String shape(NetSpec spec) {
        return spec.imageSize() + "×" + spec.imageSize() + (spec.channels() == 1 ? " gray" : " RGB");
    }

    private static String readers(ClassifierInfo.Kind k) {
        return k == ClassifierInfo.Kind.FACES ? "face readers" : "digit reader";
    }

    private static String describe(ClassifierInfo.Kind k) {
        return k == ClassifierInfo.Kind.FACES ? "facegen's cartoon faces" : "handwritten digits";
    }
}
