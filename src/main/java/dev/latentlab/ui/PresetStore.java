package dev.latentlab.ui;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.latentlab.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Named latent vectors saved as JSON files ({@code <home>/presets/<name>.json}). */
public final class PresetStore {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private final Path dir;

    /** One saved z: its name, the model it was made with (informative) and the values. */
    public record Preset(String name, String model, float[] z) {}

    public PresetStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public List<String> names() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted(String.CASE_INSENSITIVE_ORDER).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Path save(String name, String model, float[] z) throws IOException {
        String clean = name.trim();
        if (clean.isEmpty() || !clean.matches("[\\p{L}\\p{N} ._()+-]+") || clean.startsWith(".")) {
            throw new IOException("a preset name may use letters, digits, spaces and . _ - ( ) +; got '" + name + "'");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(clean + ".json");
        AtomicFiles.writeString(file, GSON.toJson(new Preset(clean, model, z)));
        return file;
    }

    public Preset load(String name) throws IOException {
        Path file = dir.resolve(name + ".json");
        try {
            Preset p = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Preset.class);
            if (p == null || p.z() == null || p.z().length == 0) {
                throw new IOException(file + " holds no z values");
            }
            return new Preset(p.name() == null ? name : p.name(), p.model(), p.z());
        } catch (JsonParseException e) {
            throw new IOException(file + " is not a valid preset: " + e.getMessage(), e);
        }
    }

    /** z as a JSON array, e.g. for the clipboard: [0.1234, -1.5, …]. */
    public static String toJson(float[] z) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < z.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format(java.util.Locale.ROOT, "%.5f", z[i]));
        }
        return sb.append(']').toString();
    }
}
