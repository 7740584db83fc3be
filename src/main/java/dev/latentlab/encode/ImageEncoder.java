package dev.latentlab.encode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import dev.latentlab.io.AtomicFiles;
import dev.latentlab.io.Npy;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelException;
import dev.latentlab.nn.DcganEncoder;
import dev.latentlab.nn.ModelShapeException;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.TorchRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's image encoder E: x → z (a {@link DcganEncoder}) with its description, stored in the
 * model folder as encoder.npz (state_dict names) and encoder.json. Owns its manager.
 */
public final class ImageEncoder implements AutoCloseable {
    public static final String WEIGHTS = "encoder.npz";
    public static final String INFO = "encoder.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** How the encoder was made (encoder.json). */
    public static final class Info {
        public String model;
        public int imageSize;
        public int channels;
        public int nz;
        public int[] widths;
        public long iterations;
        public int batchSize;
        public double learningRate;
        /** mean (E(G(z)) − z)² over the last iterations, and 1 − that relative to Var z = 1. */
        public double finalZError;
        /** The encoder training started from (train-encoder --init), or null for a random start. */
        public String initialisedFrom;
        public String objective = "mean (E(G(z)) − z)², z ~ N(0, I), G frozen";
        public double wallSeconds;
        public int threads;
        public String command;
        public String created;
    }

    private final NDManager manager;
    private final DcganEncoder net;
    private final Info info;
    /** For a VAE: the model whose posterior mean μ(x) is the encoding (net and manager are then null). */
    private final GanModel vae;

    ImageEncoder(NDManager manager, DcganEncoder net, Info info) {
        this.manager = manager;
        this.net = net;
        this.info = info;
        this.vae = null;
    }

    private ImageEncoder(GanModel vae) {
        this.manager = null;
        this.net = null;
        this.vae = vae;
        this.info = new Info();
        info.model = vae.name();
        info.imageSize = vae.spec().imageSize();
        info.channels = vae.spec().channels();
        info.nz = vae.nz();
        info.objective = "the VAE's own encoder: z = μ(x) of q(z|x), trained with the ELBO";
    }

    /**
     * The encoder a model encodes images with: a VAE's own q(z|x) (its mean), else the image
     * encoder in the model's folder (train-encoder), else null (optimisation alone).
     */
    public static ImageEncoder of(GanModel m) {
        if (m.isVae()) {
            return new ImageEncoder(m);
        }
        return m.source() == GanModel.Source.FOLDER ? load(m.path(), m.spec()) : null;
    }

    /** True when this is a VAE's own encoder rather than one trained on a GAN's samples. */
    public boolean isVaeEncoder() {
        return vae != null;
    }

    /** A freshly initialised encoder for a model of {@code spec} (owns a new manager). */
    static ImageEncoder create(NetSpec spec, Info info) {
        NDManager m = TorchRuntime.engine().newBaseManager();
        try {
            return new ImageEncoder(m, new DcganEncoder(spec, m), info);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** This encoder's network and manager under another description (this one must not be used after). */
    ImageEncoder withInfo(Info other) {
        return new ImageEncoder(manager, net, other);
    }

    public DcganEncoder net() {
        return net;
    }

    public Info info() {
        return info;
    }

    /** True when the model folder holds an encoder. */
    public static boolean exists(Path modelDir) {
        // a VAE's folder holds its own encoder.npz (2·nz outputs): that one is opened with the model
        return modelDir != null && Files.isDirectory(modelDir) && Files.isRegularFile(modelDir.resolve(WEIGHTS))
                && !isVaeFolder(modelDir);
    }

    private static boolean isVaeFolder(Path dir) {
        try {
            Path json = dir.resolve(dev.latentlab.model.ModelStore.INFO);
            return Files.isRegularFile(json) && dev.latentlab.model.ModelInfo.parse(
                    Files.readString(json, StandardCharsets.UTF_8), json.toString()).isVae();
        } catch (IOException | ModelException e) {
            return false;
        }
    }

    /** Loads the encoder of a model folder; null when it has none; a clear error when it does not fit. */
    public static ImageEncoder load(Path modelDir, NetSpec spec) {
        if (!exists(modelDir)) {
            return null;
        }
        Path file = modelDir.resolve(WEIGHTS);
        Info info = new Info();
        Path json = modelDir.resolve(INFO);
        try {
            if (Files.isRegularFile(json)) {
                info = GSON.fromJson(Files.readString(json, StandardCharsets.UTF_8), Info.class);
            }
        } catch (IOException | JsonParseException e) {
            throw new ModelException(json + " cannot be read: " + e.getMessage(), e);
        }
        ImageEncoder e = create(spec, info);
        try {
            e.net.params().load(Npy.readNpz(file), file.toString());
            return e;
        } catch (ModelShapeException ex) {
            e.close();
            throw new ModelException(file + " does not fit this model (train it again with train-encoder): "
                    + ex.getMessage(), ex);
        } catch (IOException ex) {
            // a file that cannot be read is not one to train again: it is damaged (a copy cut short)
            e.close();
            throw new ModelException(file + (ex instanceof java.nio.file.FileSystemException
                    ? " cannot be read: " + dev.latentlab.io.IoErrors.plain(ex)
                    : " is damaged (truncated or corrupt): " + ex.getMessage())
                    + "; --no-encoder encodes without it (from random starts)", ex);
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    public void save(Path modelDir) throws IOException {
        if (vae != null) {
            throw new IllegalStateException("a VAE's encoder is saved with its model");
        }
        Npy.writeNpz(modelDir.resolve(WEIGHTS), net.params().toArrays());
        AtomicFiles.writeString(modelDir.resolve(INFO), GSON.toJson(info));
    }

    /** E(x) for x [N, C, H, W] in [−1, 1] (any manager), BatchNorm in eval mode; N × nz floats. */
    public float[] encode(NDArray x) {
        if (vae != null) {
            return vae.encodeMean(x.toFloatArray(), (int) x.getShape().get(0));
        }
        boolean grad = TorchRuntime.disableGrad();
        try (NDManager call = manager.newSubManager()) {
            NDArray xs = call.create(x.toFloatArray(), x.getShape());
            return net.forward(xs, false).toFloatArray();
        } finally {
            TorchRuntime.restoreGrad(grad);
        }
    }

    /** The same for {@code count} images laid out image by image. */
    public float[] encode(float[] x, int count) {
        if (vae != null) {
            return vae.encodeMean(x, count);
        }
        NetSpec s = net.spec();
        try (NDManager call = manager.newSubManager()) {
            return encode(call.create(x, new Shape(count, s.channels(), s.imageSize(), s.imageSize())));
        }
    }

    @Override
    public void close() {
        if (vae != null) {
            return; // the model owns it
        }
        net.close();
        manager.close();
    }
}
