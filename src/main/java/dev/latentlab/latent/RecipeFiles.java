package dev.latentlab.latent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.Recipe.Kind;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The parts every {@link Recipe} file shares: reading the JSON, the format and version check,
 * the model reference and its checksum check, z's of the right length, writing. Every problem
 * is an IOException whose message starts with the file.
 */
final class RecipeFiles {
    /** Gson writes floats in their shortest round-trip form: a z read back is the z written, bit for bit. */
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private RecipeFiles() {}

    private static String what(Kind k) {
        return k == null ? "a LatentLab recipe" : k.noun() + " recipe";
    }

    /** The file's top-level JSON object; {@code expected} (or null for any kind) words the messages. */
    static JsonObject object(Path file, Kind expected) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not " + what(expected) + " (not UTF-8 text)", e);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (IOException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage(), e);
        }
        JsonElement e;
        try {
            e = JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException | NumberFormatException | StackOverflowError x) {
            throw new IOException(file + " is not " + what(expected) + " (broken JSON: " + x.getMessage() + ")", x);
        }
        if (e == null || !e.isJsonObject()) {
            throw new IOException(file + " is not " + what(expected) + " (" + (text.isBlank() ? "the file is empty"
                    : "not a JSON object") + ")");
        }
        return e.getAsJsonObject();
    }

    /** The kind its format field names; refuses an unknown format. */
    static Kind kindOf(Path file, JsonObject o) throws IOException {
        String format = string(o, "format");
        Kind k = Kind.of(format);
        if (k == null) {
            throw new IOException(file + " is not a LatentLab recipe (format '" + format + "', expected one of "
                    + Arrays.stream(Kind.values()).map(Kind::format).toList() + ")");
        }
        return k;
    }

    /** Checks the format (naming the kind it is instead, when it is another recipe) and the version. */
    static void header(Path file, JsonObject o, Kind expected) throws IOException {
        String format = string(o, "format");
        if (!expected.format().equals(format)) {
            Kind other = Kind.of(format);
            throw new IOException(file + (other != null ? " is " + other.noun() + " recipe, not " + what(expected)
                    + " (render it with " + other.command() + ")" : " is not " + what(expected) + " (format '"
                    + format + "', expected '" + expected.format() + "')"));
        }
        JsonElement v = o.get("version");
        Integer version = v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsInt() : null;
        if (version == null || version != expected.version()) {
            throw new IOException(file + " has " + expected.format() + " version " + (v == null ? null : v)
                    + "; this LatentLab reads " + expected.version());
        }
    }

    /** The JSON object as the kind's document class. */
    static <T> T doc(Path file, JsonObject o, Class<T> type, Kind kind) throws IOException {
        try {
            return GSON.fromJson(o, type);
        } catch (JsonParseException | IllegalStateException | NumberFormatException | ClassCastException e) {
            throw new IOException(file + " is not " + what(kind) + " (broken JSON: " + e.getMessage() + ")", e);
        }
    }

    /** The model reference, which must name the generator and its shape and checksum. */
    static ModelRef model(Path file, ModelRef m) throws IOException {
        if (m == null || m.name() == null || m.nz() < 1 || m.checksum() == null) {
            throw new IOException(file + " names no model (model.name, nz and checksum are required)");
        }
        return m;
    }

    /** A z of nz finite values. */
    static float[] z(Path file, String what, float[] z, ModelRef m) throws IOException {
        if (z == null || z.length != m.nz()) {
            throw new IOException(file + ": " + what + " has " + (z == null ? "no" : z.length) + " values; its model "
                    + m.name() + " takes nz = " + m.nz());
        }
        finite(file, what, z);
        return z;
    }

    static void finite(Path file, String what, float[] v) throws IOException {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IOException(file + ": " + what + " holds " + x);
            }
        }
    }

    static double finite(Path file, String what, Double v) throws IOException {
        if (v == null || !Double.isFinite(v)) {
            throw new IOException(file + ": " + what + " is " + (v == null ? "missing" : v) + " (a finite number is required)");
        }
        return v;
    }

    /** Refuses a recipe of another generator, naming the file and both generators. */
    static void sameModel(Path file, Kind kind, ModelRef saved, ModelRef current) throws IOException {
        if (saved.nz() != current.nz() || saved.imageSize() != current.imageSize()
                || saved.channels() != current.channels()) {
            throw new IOException(file + " is " + kind.noun() + " of " + saved.describe() + "; the open model "
                    + current.describe() + " has another shape, so its z cannot be used");
        }
        if (!saved.checksum().equals(current.checksum())) {
            throw new IOException(file + " is " + kind.noun() + " of " + saved.describe() + "; the open model is "
                    + current.describe() + ". Its weights differ, so the same z would draw another image; open the "
                    + "model it was saved with");
        }
    }

    /** Writes the document as pretty JSON, atomically, creating the folder. */
    static void write(Path file, Object doc) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.writeString(file, GSON.toJson(doc));
    }

    private static String string(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() ? v.getAsString() : null;
    }
}
