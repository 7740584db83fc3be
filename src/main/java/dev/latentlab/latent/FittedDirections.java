package dev.latentlab.latent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.EditRecipe.ModelRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model's attribute boundaries and SeFa labels as fitted once, cached beside the model
 * ({@code MODEL/directions.json}, or {@code FILE.directions.json} for a .pth / .pt) and used
 * while the generator's checksum matches. Directions fitted from a person's picks
 * ({@code picked}) live in the same file and outlast a refit of the classifier's
 * ({@code classifier} is null while only picks are stored).
 */
public record FittedDirections(ModelRef model, String classifier, int samples, long seed, double seconds,
        List<Boundary> boundaries, List<SefaLabel> sefa, List<PickedDirection> picked) {
    public static final String FORMAT = "latentlab-directions";
    public static final int VERSION = 1;
    public static final String FILE = "directions.json";
    /** Changes of at most this many points are not named in a label. */
    public static final double LABEL_MIN_POINTS = 3;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    /**
     * What a closed-form direction does: the classifier's mean attribute probability at +3
     * minus at −3 along it, in points (×100), over the same samples.
     */
    public record SefaLabel(int index, double eigenvalue, Map<String, Double> change) {
        /** "Wearing_Hat +58, Male −3": the largest changes first, up to three, those over 3 points. */
        public String label() {
            List<Map.Entry<String, Double>> big = new ArrayList<>(change.entrySet());
            big.removeIf(e -> !(Math.abs(e.getValue()) >= LABEL_MIN_POINTS));
            big.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue())));
            if (big.isEmpty()) {
                return "no attribute changes by " + (int) LABEL_MIN_POINTS + " points";
            }
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Double> e : big.subList(0, Math.min(3, big.size()))) {
                long p = Math.round(e.getValue());
                parts.add(e.getKey() + " " + (p >= 0 ? "+" : "−") + Math.abs(p));
            }
            return String.join(", ", parts);
        }
    }

    /**
     * A direction fitted from picks ({@code latentlab directions --positive … --negative …}): the
     * unit normal {@code vector} and {@code offset} of the boundary vector·z + offset = 0, positive
     * on the side of the {@code positives}; its accuracy as {@code accuracyBy} measured it. The
     * picks themselves ({@code positiveZ}, {@code negativeZ}: positives × nz and negatives × nz
     * z's, row by row) are kept so that the direction can be refitted or picked on; null in files
     * written before 2026-12-08 (session 34), which cannot be. In the file they are
     * base64 of little-endian float32 ({@link Float32Base64}): 120 picks of nz = 100 take 64 KB
     * instead of the 265 KB of pretty-printed numbers.
     */
    public record PickedDirection(String name, float[] vector, double offset, double accuracy, String accuracyBy,
            int positives, int negatives, String source,
            @com.google.gson.annotations.JsonAdapter(Float32Base64.class) float[] positiveZ,
            @com.google.gson.annotations.JsonAdapter(Float32Base64.class) float[] negativeZ) {
        public static PickedDirection of(Boundary b, int positives, int negatives, String source) {
            return new PickedDirection(b.attribute(), b.normal(), b.offset(), b.accuracy(), AttributeDirections.PICK_FOLDS
                    + "-fold cross-validation over the picks", positives, negatives, source, null, null);
        }

        /** The direction fitted from these picks (each positives or negatives × nz), which it keeps. */
        public static PickedDirection of(Boundary b, float[] positiveZ, float[] negativeZ, String source, String accuracyBy) {
            int nz = b.normal().length;
            return new PickedDirection(b.attribute(), b.normal(), b.offset(), b.accuracy(), accuracyBy,
                    positiveZ.length / nz, negativeZ.length / nz, source, positiveZ.clone(), negativeZ.clone());
        }

        /** Whether the picks are stored (so the direction can be refitted from them). */
        public boolean hasPicks() {
            return positiveZ != null && negativeZ != null;
        }

        public Boundary boundary() {
            return new Boundary(name, vector, offset, accuracy, (double) positives / (positives + negatives));
        }
    }

    /**
     * A float array in JSON as one string, base64 of its little-endian float32 bytes; reads a plain
     * array of numbers too. A string that is not such base64 is a JsonParseException.
     */
    static final class Float32Base64 extends com.google.gson.TypeAdapter<float[]> {
        @Override
        public void write(com.google.gson.stream.JsonWriter out, float[] v) throws IOException {
            if (v == null) {
                out.nullValue();
                return;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            out.value(java.util.Base64.getEncoder().encodeToString(b.array()));
        }

        @Override
        public float[] read(com.google.gson.stream.JsonReader in) throws IOException {
            switch (in.peek()) {
                case NULL -> {
                    in.nextNull();
                    return null;
                }
                case BEGIN_ARRAY -> {
                    List<Float> xs = new ArrayList<>();
                    in.beginArray();
                    while (in.hasNext()) {
                        xs.add((float) in.nextDouble());
                    }
                    in.endArray();
                    float[] v = new float[xs.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = xs.get(i);
                    }
                    return v;
                }
                default -> {
                    byte[] bytes;
                    try {
                        bytes = java.util.Base64.getDecoder().decode(in.nextString());
                    } catch (IllegalArgumentException e) {
                        throw new JsonParseException("stored picks are not base64: " + e.getMessage(), e);
                    }
                    if (bytes.length % 4 != 0) {
                        throw new JsonParseException("stored picks are " + bytes.length + " bytes, not whole float32 values");
                    }
                    float[] v = new float[bytes.length / 4];
                    java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                    return v;
                }
            }
        }
    }

    public FittedDirections {
        boundaries = List.copyOf(boundaries);
        sefa = List.copyOf(sefa);
        picked = picked == null ? List.of() : List.copyOf(picked);
    }

    public FittedDirections(ModelRef model, String classifier, int samples, long seed, double seconds,
            List<Boundary> boundaries, List<SefaLabel> sefa) {
        this(model, classifier, samples, seed, seconds, boundaries, sefa, List.of());
    }

    /** Only picked directions, for a generator no classifier has fitted directions for yet. */
    public static FittedDirections picksOnly(ModelRef model, List<PickedDirection> picked) {
        return new FittedDirections(model, null, 0, 0, 0, List.of(), List.of(), picked);
    }

    /** These directions with {@code p} added, replacing a picked direction of the same name. */
    public FittedDirections withPicked(PickedDirection p) {
        if (boundaries.stream().anyMatch(b -> b.attribute().equals(p.name()))) {
            throw new IllegalArgumentException("'" + p.name() + "' is a direction " + classifier
                    + " fitted; give the picked one another name");
        }
        List<PickedDirection> list = new ArrayList<>(picked);
        list.removeIf(q -> q.name().equals(p.name()));
        list.add(p);
        return new FittedDirections(model, classifier, samples, seed, seconds, boundaries, sefa, list);
    }

    /** These directions with {@code kept} as the picked ones. */
    public FittedDirections withPicked(List<PickedDirection> kept) {
        return new FittedDirections(model, classifier, samples, seed, seconds, boundaries, sefa, kept);
    }

    /** A classifier-fitted or picked direction's boundary, by name (the classifier's first). */
    public Optional<Boundary> boundary(String attribute) {
        return named().stream().filter(b -> b.attribute().equals(attribute)).findFirst();
    }

    /** Every named direction: the classifier's boundaries, then the picked ones. */
    public List<Boundary> named() {
        List<Boundary> out = new ArrayList<>(boundaries);
        picked.forEach(p -> out.add(p.boundary()));
        return out;
    }

    public List<String> attributes() {
        return named().stream().map(Boundary::attribute).toList();
    }

    /** The normals of the named attributes (each must have a boundary). */
    public List<float[]> normals(List<String> attributes) {
        List<float[]> out = new ArrayList<>();
        for (String a : attributes) {
            out.add(boundary(a).orElseThrow(() -> new IllegalArgumentException("no direction for " + a
                    + " (fitted: " + attributes() + ")")).normal());
        }
        return out;
    }

    /** The direction that edits {@code attribute} keeping the others named (itself excluded). */
    public float[] direction(String attribute, List<String> keep) {
        Boundary b = boundary(attribute).orElseThrow(() -> new IllegalArgumentException("no direction for "
                + attribute + " (fitted: " + attributes() + ")"));
        List<String> others = keep.stream().filter(k -> !k.equals(attribute)).toList();
        return AttributeDirections.conditional(b.normal(), normals(others));
    }

    /** Where a model's cache lives: in its folder, or beside a model file. */
    public static Path cacheFor(Path model) {
        if (Files.isDirectory(model)) {
            return model.resolve(FILE);
        }
        return model.resolveSibling(model.getFileName() + "." + FILE);
    }

    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(new Doc(FORMAT, VERSION, this)));
    }

    private record Doc(String format, Integer version, FittedDirections directions) {}

    /** Reads a cache file; an IOException naming the file when it is not one. */
    public static FittedDirections read(Path file) throws IOException {
        Doc d;
        try {
            d = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Doc.class);
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new IOException(file + " is not a directions file: " + e.getMessage(), e);
        }
        if (d == null || !FORMAT.equals(d.format()) || d.directions() == null) {
            throw new IOException(file + " is not a directions file (format '" + (d == null ? null : d.format())
                    + "', expected '" + FORMAT + "')");
        }
        if (d.version() == null || d.version() != VERSION) {
            throw new IOException(file + " has directions format version " + d.version() + "; this LatentLab reads "
                    + VERSION);
        }
        FittedDirections f = d.directions();
        if (f.model() == null || f.boundaries() == null) {
            throw new IOException(file + " names no model or holds no boundaries");
        }
        List<PickedDirection> picked = f.picked() == null ? List.of() : f.picked();
        for (Boundary b : f.boundaries()) {
            if (b.normal() == null || b.normal().length != f.model().nz()) {
                throw new IOException(file + ": the boundary of " + b.attribute() + " does not have nz = "
                        + f.model().nz() + " values");
            }
        }
        for (PickedDirection p : picked) {
            if (p.name() == null || p.vector() == null || p.vector().length != f.model().nz()) {
                throw new IOException(file + ": the picked direction " + p.name() + " does not have nz = "
                        + f.model().nz() + " values");
            }
            if ((p.positiveZ() == null) != (p.negativeZ() == null)
                    || p.positiveZ() != null && (p.positiveZ().length != (long) p.positives() * f.model().nz()
                    || p.negativeZ().length != (long) p.negatives() * f.model().nz())) {
                throw new IOException(String.format(java.util.Locale.ROOT, "%s: the picks stored with %s are not %d "
                        + "and %d rows of nz = %d values", file, p.name(), p.positives(), p.negatives(), f.model().nz()));
            }
        }
        return new FittedDirections(f.model(), f.classifier(), f.samples(), f.seed(), f.seconds(), f.boundaries(),
                f.sefa() == null ? List.of() : f.sefa(), picked);
    }

    /**
     * The cached fit for a generator, if the cache exists and was fitted for these weights
     * (else empty: a stale or unreadable cache is refitted, never used).
     */
    public static Optional<FittedDirections> cached(Path file, ModelRef current) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            FittedDirections f = read(file);
            return f.model().checksum().equals(current.checksum()) && f.model().nz() == current.nz() ? Optional.of(f)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** "Smiling 97.3%" per named direction. */
    public String accuracies() {
        List<String> parts = new ArrayList<>();
        for (Boundary b : named()) {
            parts.add(String.format(Locale.ROOT, "%s %.1f%%", b.attribute(), 100 * b.accuracy()));
        }
        return String.join(", ", parts);
    }
}
