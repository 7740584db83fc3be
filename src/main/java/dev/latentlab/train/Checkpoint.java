package dev.latentlab.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.Npy;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.GeneratorNet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A resumable training state in OUT/checkpoint/: the model files (G and D), both optimisers'
 * moments, and where the run was (iteration, epoch, batch, noise generator, configuration).
 * The folder is written whole under a temporary name and swapped in, so a crash while saving
 * leaves the previous checkpoint (in checkpoint/ or, mid-swap, checkpoint.old/) intact.
 */
public final class Checkpoint {
    public static final String DIR = "checkpoint";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Where a run was when it was saved. */
    public static final class State {
        public long iteration;
        public int epoch;
        public int batchInEpoch;
        public long imagesSeen;
        public double wallSeconds;
        /** The noise generator is re-seeded with this at every checkpoint, so a resumed run draws the same z. */
        public long noiseSeed;
        /** Updates the generator's moving average has had (0 without one). */
        public long emaUpdates;
        public TrainConfig config;
        public String command;
    }

    private Checkpoint() {}

    /** The moving average of G, when the run keeps one (next to generator.npz, the raw G). */
    public static final String EMA = "generator_ema.npz";

    public static void save(Path out, ModelInfo info, GeneratorNet g, DiscriminatorNet d, Adam adamG, Adam adamD,
            State state) throws IOException {
        save(out, info, g, d, adamG, adamD, state, null);
    }

    public static void save(Path out, ModelInfo info, GeneratorNet g, DiscriminatorNet d, Adam adamG, Adam adamD,
            State state, GeneratorNet ema) throws IOException {
        Path dir = out.resolve(DIR);
        Path tmp = out.resolve(DIR + ".tmp");
        Path old = out.resolve(DIR + ".old");
        deleteTree(tmp);
        ModelStore.save(info, g, d, tmp);
        Map<String, Npy.Array> opt = new LinkedHashMap<>();
        adamG.state().forEach((k, v) -> opt.put("G/" + k, v));
        adamD.state().forEach((k, v) -> opt.put("D/" + k, v));
        Npy.writeNpz(tmp.resolve("optimizer.npz"), opt);
        if (ema != null) {
            Npy.writeNpz(tmp.resolve(EMA), ema.params().toArrays());
        }
        AtomicFiles.writeString(tmp.resolve("state.json"), GSON.toJson(state));
        deleteTree(old);
        if (Files.exists(dir)) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** The checkpoint folder to resume from, or null when the output has none. */
    public static Path find(Path out) {
        Path dir = out.resolve(DIR);
        if (Files.isRegularFile(dir.resolve("state.json"))) {
            return dir;
        }
        Path old = out.resolve(DIR + ".old");
        return Files.isRegularFile(old.resolve("state.json")) ? old : null;
    }

    public static State readState(Path dir) {
        try {
            State s = GSON.fromJson(Files.readString(dir.resolve("state.json"), StandardCharsets.UTF_8), State.class);
            if (s == null || s.config == null) {
                throw new ModelException(dir.resolve("state.json") + " is incomplete (no configuration)");
            }
            return s;
        } catch (IOException | RuntimeException e) {
            throw e instanceof ModelException me ? me
                    : new ModelException(dir.resolve("state.json") + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static void loadOptimizers(Path dir, Adam adamG, Adam adamD) {
        Path file = dir.resolve("optimizer.npz");
        try {
            Map<String, Npy.Array> all = Npy.readNpz(file);
            Map<String, Npy.Array> g = new LinkedHashMap<>();
            Map<String, Npy.Array> d = new LinkedHashMap<>();
            all.forEach((k, v) -> {
                if (k.startsWith("G/")) {
                    g.put(k.substring(2), v);
                } else if (k.startsWith("D/")) {
                    d.put(k.substring(2), v);
                }
            });
            adamG.loadState(g, file.toString());
            adamD.loadState(d, file.toString());
        } catch (IOException e) {
            throw new ModelException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
