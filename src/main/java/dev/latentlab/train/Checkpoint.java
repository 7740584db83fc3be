package dev.latentlab.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.Npy;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.DiscriminatorNet;
import dev.latentlab.nn.EncoderNet;
import dev.latentlab.nn.GeneratorNet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

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
        write(out, state, tmp -> {
            ModelStore.save(info, g, d, tmp);
            writeOptimizers(tmp, ordered("G/", adamG, "D/", adamD));
            if (ema != null) {
                Npy.writeNpz(tmp.resolve(EMA), ema.params().toArrays());
            }
        });
    }

    /** A VAE's checkpoint: its model folder (decoder and encoder) and both optimisers ("G/" and "E/"). */
    public static void saveVae(Path out, ModelInfo info, GeneratorNet decoder, EncoderNet encoder, Adam adamG,
            Adam adamE, State state) throws IOException {
        write(out, state, tmp -> {
            ModelStore.saveVae(info, decoder, encoder, tmp);
            writeOptimizers(tmp, ordered("G/", adamG, "E/", adamE));
        });
    }

    private interface Contents {
        void writeTo(Path dir) throws IOException;
    }

    /** Writes the whole folder under a temporary name, then swaps it in (see the class comment). */
    private static void write(Path out, State state, Contents contents) throws IOException {
        Path dir = out.resolve(DIR);
        Path tmp = out.resolve(DIR + ".tmp");
        Path old = out.resolve(DIR + ".old");
        deleteTree(tmp);
        try {
            contents.writeTo(tmp);
            AtomicFiles.writeString(tmp.resolve("state.json"), GSON.toJson(state));
        } catch (IOException | RuntimeException e) {
            // on a full disk the half-written folder would only keep the space from the model's save
            deleteTree(tmp);
            throw e;
        }
        deleteTree(old);
        if (Files.exists(dir)) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** Two optimisers by their prefixes, in the order they are written. */
    static Map<String, Adam> ordered(String first, Adam a, String second, Adam b) {
        Map<String, Adam> m = new LinkedHashMap<>();
        m.put(first, a);
        m.put(second, b);
        return m;
    }

    private static void writeOptimizers(Path dir, Map<String, Adam> byPrefix) throws IOException {
        Map<String, Npy.Array> opt = new LinkedHashMap<>();
        byPrefix.forEach((prefix, adam) -> adam.state().forEach((k, v) -> opt.put(prefix + k, v)));
        Npy.writeNpz(dir.resolve("optimizer.npz"), opt);
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

    /** Removes the output's checkpoint (a fresh run replaces an old one, which must not be resumed into it). */
    public static void discard(Path out) throws IOException {
        deleteTree(out.resolve(DIR));
        deleteTree(out.resolve(DIR + ".old"));
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
        loadOptimizers(dir, ordered("G/", adamG, "D/", adamD));
    }

    /** Restores each optimiser from the entries under its prefix ("G/", "D/", "E/"). */
    public static void loadOptimizers(Path dir, Map<String, Adam> byPrefix) {
        Path file = dir.resolve("optimizer.npz");
        try {
            Map<String, Npy.Array> all = Npy.readNpz(file);
            for (Map.Entry<String, Adam> e : byPrefix.entrySet()) {
                Map<String, Npy.Array> mine = new LinkedHashMap<>();
                all.forEach((k, v) -> {
                    if (k.startsWith(e.getKey())) {
                        mine.put(k.substring(e.getKey().length()), v);
                    }
                });
                e.getValue().loadState(mine, file.toString());
            }
        } catch (IOException e) {
            throw new ModelException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        ModelStore.deleteTree(p);
    }
}
