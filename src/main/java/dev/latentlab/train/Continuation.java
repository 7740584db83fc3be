package dev.latentlab.train;

import com.google.gson.Gson;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NetSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What continuing the model in a folder starts from, the same for the app and the command line:
 * the checkpoint's configuration when the folder has one, else the model's own architecture
 * (model.json) with the recipe its provenance recorded. The training data is the one the
 * checkpoint or model.json names; when neither names any, {@link TrainConfig#data} is null and
 * the caller must be told the data or refuse ({@link #requireData}).
 *
 * @param config     the configuration to continue with (callers then change what they may)
 * @param iterations iterations already done
 * @param checkpoint the checkpoint folder, or null when only a model is there
 */
public record Continuation(TrainConfig config, long iterations, Path checkpoint) {
    private static final Gson GSON = new Gson();

    /**
     * What a fresh run in {@code out} would replace ("a training run's checkpoint (iteration 500)",
     * "a model (model.json)"), or null when nothing: the CLI refuses it without --resume or --force,
     * the Train view asks.
     */
    public static String occupiedBy(Path out) {
        if (Checkpoint.find(out) != null) {
            try {
                return "a training run's checkpoint (iteration " + Continuation.of(out).iterations() + ")";
            } catch (RuntimeException unreadable) {
                return "a training run's checkpoint";
            }
        }
        return Files.isRegularFile(out.resolve(ModelStore.INFO)) ? "a model (" + ModelStore.INFO + ")" : null;
    }

    /**
     * @throws ModelException when the folder has neither a checkpoint nor a readable model.json
     */
    public static Continuation of(Path out) {
        Path ckpt = Checkpoint.find(out);
        if (ckpt != null) {
            Checkpoint.State st = Checkpoint.readState(ckpt);
            return new Continuation(st.config, st.iteration, ckpt);
        }
        Path json = out.resolve(ModelStore.INFO);
        if (!Files.isRegularFile(json)) {
            throw new ModelException(out + " has neither a checkpoint nor a model (" + ModelStore.INFO
                    + ") to continue");
        }
        ModelInfo info;
        try {
            info = ModelInfo.parse(Files.readString(json, StandardCharsets.UTF_8), json.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read " + json + ": " + e.getMessage(), e);
        }
        // the recipe the model was trained with, when its provenance kept it; the data only if named
        TrainConfig c = info.provenance != null && info.provenance.config != null
                && !info.provenance.config.isEmpty()
                ? TrainConfig.fromJson(GSON.toJson(info.provenance.config)) : new TrainConfig();
        if (info.provenance == null || info.provenance.config == null
                || !info.provenance.config.containsKey("data")) {
            String where = info.dataset != null ? info.dataset.location() : null;
            c.data = where == null || where.isBlank() ? null : where;
        }
        NetSpec s = info.spec();
        c.arch = s.arch().id();
        c.imageSize = s.imageSize();
        c.channels = s.channels();
        c.nz = s.nz();
        if (s.arch() == NetSpec.Arch.DCGAN) {
            c.ngf = s.ngf();
            c.ndf = s.ndf();
        } else {
            c.mlpGHidden = s.gWidths();
            c.mlpDHidden = s.dWidths();
        }
        return new Continuation(c, info.provenance != null ? info.provenance.iterations : 0, null);
    }

    /**
     * The configuration, refusing when it names no training data.
     *
     * @param howToName how the caller's user can name the data (e.g. "give --data SOURCE")
     * @throws IllegalArgumentException naming the folder and what to do
     */
    public TrainConfig requireData(Path out, String howToName) {
        if (config.data == null || config.data.isBlank()) {
            throw new IllegalArgumentException(out + " has no checkpoint, and its " + ModelStore.INFO
                    + " does not say what data it was trained on, so training cannot continue on the same data"
                    + (howToName.isEmpty() ? "" : ": " + howToName));
        }
        return config;
    }
}
