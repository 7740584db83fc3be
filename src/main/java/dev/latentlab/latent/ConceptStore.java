package dev.latentlab.latent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.latent.ConceptArithmetic.Concept;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Concepts saved as JSON files ({@code <dir>/<name>.json}), each tied to the model it was made
 * with: a z only means something to the generator that made it, so loading a concept into a
 * model of another identity (name, nz, image size, channels) is refused with a message that
 * says which model it belongs to.
 * <pre>
 * { "format": "latentlab-concept", "version": 1, "name": "smiling woman",
 *   "model": { "name": "faces64", "nz": 100, "imageSize": 64, "channels": 3 },
 *   "attributes": { "Smiling": true, "Male": false },   (optional: how it was picked)
 *   "source": "...", "exemplars": [[z values], ...] }
 * </pre>
 */
public final class ConceptStore {
    public static final String FORMAT = "latentlab-concept";
    public static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ConceptStore() {}

    /** What a z belongs to. */
    public record ModelIdentity(String name, int nz, int imageSize, int channels) {
        public String describe() {
            return name + " (nz " + nz + ", " + imageSize + "×" + imageSize + "×" + channels + ")";
        }
    }

    /** A concept as stored, with the model it was made with and, optionally, how it was picked. */
    public record Stored(Concept concept, ModelIdentity model, Map<String, Boolean> attributes, String source) {}

    /** The JSON document. */
    private static final class Doc {
        String format = FORMAT;
        Integer version = VERSION;
        String name;
        ModelIdentity model;
        Map<String, Boolean> attributes;
        String source;
        List<float[]> exemplars;
    }

    /** A file name for a concept name: letters, digits, spaces and . _ - ( ) + only. */
    public static String fileName(String conceptName) throws IOException {
        String clean = conceptName == null ? "" : conceptName.trim();
        if (clean.isEmpty() || !clean.matches("[\\p{L}\\p{N} ._()+-]+") || clean.startsWith(".")) {
            throw new IOException("a concept name may use letters, digits, spaces and . _ - ( ) +; got '"
                    + conceptName + "'");
        }
        return clean + ".json";
    }

    public static Path save(Path dir, ModelIdentity model, Concept c) throws IOException {
        return save(dir, model, c, null, null);
    }

    public static Path save(Path dir, ModelIdentity model, Concept c, Map<String, Boolean> attributes, String source)
            throws IOException {
        if (c.isEmpty()) {
            throw new IOException("'" + c.name() + "' has no exemplars to save");
        }
        if (c.exemplars().get(0).length != model.nz()) {
            throw new IOException("'" + c.name() + "' has " + c.exemplars().get(0).length + " values per z; "
                    + model.describe() + " takes " + model.nz());
        }
        Path file = dir.resolve(fileName(c.name()));
        Files.createDirectories(dir);
        Doc d = new Doc();
        d.name = c.name().trim();
        d.model = model;
        d.attributes = attributes == null || attributes.isEmpty() ? null : new LinkedHashMap<>(attributes);
        d.source = source;
        d.exemplars = new ArrayList<>(c.exemplars());
        AtomicFiles.writeString(file, GSON.toJson(d));
        return file;
    }

    /** Reads a concept file whatever model it belongs to. */
    public static Stored read(Path file) throws IOException {
        Doc d;
        try {
            d = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Doc.class);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + " is not a concept file: " + e.getMessage(), e);
        }
        if (d == null || !FORMAT.equals(d.format)) {
            throw new IOException(file + " is not a concept file (format '" + (d == null ? null : d.format)
                    + "', expected '" + FORMAT + "')");
        }
        if (d.version == null || d.version != VERSION) {
            throw new IOException(file + " has concept format version " + d.version + "; this LatentLab reads "
                    + VERSION);
        }
        if (d.model == null || d.exemplars == null || d.exemplars.isEmpty()) {
            throw new IOException(file + " names no model or holds no exemplars");
        }
        for (float[] z : d.exemplars) {
            if (z == null || z.length != d.model.nz()) {
                throw new IOException(file + ": an exemplar does not have nz = " + d.model.nz() + " values");
            }
        }
        String name = d.name == null ? stem(file) : d.name;
        return new Stored(new Concept(name, d.exemplars), d.model, d.attributes == null ? Map.of() : d.attributes,
                d.source);
    }

    /**
     * Reads a concept for {@code current}; refuses, with a message naming both models, one made
     * with another model.
     */
    public static Stored load(Path file, ModelIdentity current) throws IOException {
        Stored s = read(file);
        ModelIdentity m = s.model();
        boolean same = m.nz() == current.nz() && m.imageSize() == current.imageSize()
                && m.channels() == current.channels() && String.valueOf(m.name()).equals(current.name());
        if (!same) {
            throw new IOException("'" + s.concept().name() + "' was made with " + m.describe()
                    + "; the open model is " + current.describe()
                    + ". A z only means something to the generator that made it.");
        }
        return s;
    }

    /** The concept files of a folder, sorted by name (none when it does not exist). */
    public static List<Path> list(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).filter(Files::isRegularFile)
                    .sorted((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(stem(a), stem(b))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public static String stem(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }
}
