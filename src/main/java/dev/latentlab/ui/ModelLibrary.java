package dev.latentlab.ui;

import dev.latentlab.model.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The models shipped with LatentLab: folders with a model.json under {@code <root>/models}. */
public final class ModelLibrary {
    public static final String DEFAULT = "faces64";
    private final Path dir;

    public ModelLibrary(Path modelsDir) {
        this.dir = modelsDir;
    }

    public List<Path> shipped() {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(ModelStore.INFO))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The shipped models, then the recently opened model folders that still exist (a model just
     * trained is opened, so it is among them), each once.
     */
    public List<Path> shippedAndRecent(List<String> recent) {
        List<Path> all = new java.util.ArrayList<>(shipped());
        for (String r : recent) {
            Path p = Path.of(r);
            if (Files.isRegularFile(p.resolve(ModelStore.INFO)) && !all.contains(p)) {
                all.add(p);
            }
        }
        return all;
    }

    /** models/faces64 when present, else the first shipped model. */
    public Optional<Path> defaultModel() {
        List<Path> all = shipped();
        return all.stream().filter(p -> p.getFileName().toString().equals(DEFAULT)).findFirst()
                .or(() -> all.stream().findFirst());
    }
}
