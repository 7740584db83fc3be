package dev.latentlab.ui.compare;

import dev.latentlab.data.DatasetSource;
import dev.latentlab.data.ImageFile;
import dev.latentlab.data.ImageSet;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.encode.Inversion;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.ModelComparison;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.eval.RealImages;
import dev.latentlab.latent.Interpolation;
import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NativeMemory;
import dev.latentlab.nn.TorchRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Compare view's state, without nodes: the two models (A and B, each owned here and used only
 * on this state's worker thread), the seed of the shared z, the path played in both, the last
 * measured table, and what the worker is doing. Every method that touches a model runs on the
 * worker and reports back on the FX thread.
 */
public final class CompareState implements AutoCloseable {
    /** Samples per grid (4 × 4). */
    public static final int GRID = 16;

    /** What a slot holds: its model's name, whether it is a VAE, and its spec, for people. */
    public record Loaded(String name, Path path, boolean vae, String describe) {}

    /**
     * A reconstruction: the target and, per slot, G(μ(x)) for a VAE or G(E(x)) for a GAN with an
     * image encoder (each an amortised encoder, no search), its PSNR and how it was made (null
     * for a GAN without an encoder).
     */
    public record Reconstruction(float[] target, int channels, int size, Generated[] recon, double[] psnr,
            String[] how, String source) {}

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latentlab-compare");
        t.setDaemon(true);
        return t;
    });
    private final GanModel[] models = new GanModel[2];
    /** A GAN slot's image encoder, read once it is found (worker thread only). */
    private final ImageEncoder[] encoders = new ImageEncoder[2];
    private final List<ObjectProperty<Loaded>> loaded = List.of(new SimpleObjectProperty<>(),
            new SimpleObjectProperty<>());
    private final ObjectProperty<ModelComparison.Table> table = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    /** The reader whose figures the table holds (its folder's name), "" before a measurement. */
    private final StringProperty reader = new SimpleStringProperty("");
    private volatile Path measuredWith;
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private long seed = 1;
    private long pathSeed = 100;
    private ImageSet cachedData;
    private String cachedSource;
    private float[] pathStart;
    private float[] pathEnd;

    public ObjectProperty<Loaded> loadedProperty(int slot) {
        return loaded.get(slot);
    }

    public ObjectProperty<ModelComparison.Table> tableProperty() {
        return table;
    }

    /** The reader the table's figures were measured with: its folder's name ("classifier-faces"). */
    public StringProperty readerProperty() {
        return reader;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public long seed() {
        return seed;
    }

    /** Opens a model into a slot (closing what it held); completes on the FX thread. */
    public CompletableFuture<Loaded> load(int slot, Path path) {
        return onWorker(() -> {
            TorchRuntime.disableGrad();
            GanModel m = ModelStore.open(path);
            if (models[slot] != null) {
                models[slot].close();
            }
            closeEncoder(slot);
            models[slot] = m;
            NativeMemory.release(); // the old model's arrays leave the process
            return new Loaded(m.name(), path, m.isVae(), (m.isVae() ? "VAE · decoder " : "GAN · ")
                    + m.spec().describe());
        }).thenApply(l -> {
            loaded.get(slot).set(l);
            table.set(null); // the old table no longer describes the pair
            if (!busy.get()) {
                status.set(""); // nor does a message about the pair before (a measurement under way keeps its own)
            }
            return l;
        });
    }

    /** Both models' samples for the same {@link #GRID} z from {@code seed} (null for an empty slot). */
    public CompletableFuture<Generated[]> samples(long newSeed) {
        this.seed = newSeed;
        return onWorker(() -> {
            Generated[] out = new Generated[2];
            for (int s = 0; s < 2; s++) {
                if (models[s] != null) {
                    float[] z = Prior.sample(models[s].nz(), GRID, new Random(newSeed));
                    out[s] = models[s].generate(z, GRID);
                }
            }
            return out;
        });
    }

    /** Picks the ends of the path both models play, from a seed (so both get the same path). */
    public void newPath(long seed) {
        worker.execute(() -> {
            pathSeed = seed;
            pathStart = null;
        });
    }

    /** One frame of the shared path at t ∈ [0, 1], in both models. */
    public CompletableFuture<Generated[]> pathFrame(double t, Interpolation.Mode mode) {
        return onWorker(() -> {
            Generated[] out = new Generated[2];
            for (int s = 0; s < 2; s++) {
                if (models[s] != null) {
                    int nz = models[s].nz();
                    if (pathStart == null || pathStart.length != nz) {
                        Random r = new Random(pathSeed);
                        pathStart = Prior.sample(nz, r);
                        pathEnd = Prior.sample(nz, r);
                    }
                    out[s] = models[s].generate(Interpolation.between(mode, pathStart, pathEnd, t), 1);
                }
            }
            return out;
        });
    }

    /**
     * Measures the pair against its training data (the first model's, when it is on this machine,
     * else the reference set shipped for that dataset, said in the table's notes) with
     * {@code samples} per model; the table lands in {@link #tableProperty()}.
     */
    public CompletableFuture<ModelComparison.Table> measure(int samples) {
        busy.set(true);
        status.set("Loading the real images…");
        return onWorker(() -> {
            if (models[0] == null || models[1] == null) {
                throw new IllegalStateException("choose two models first");
            }
            List<GanModel> pair = List.of(models[0], models[1]);
            for (GanModel m : pair) {
                if (m.spec().imageSize() != models[0].spec().imageSize()
                        || m.spec().channels() != models[0].spec().channels()) {
                    throw new IllegalArgumentException(models[0].name() + " and " + models[1].name()
                            + " make images of different sizes: compare models of the same data");
                }
            }
            RealImages source = RealImages.of(models[0], null).orElseThrow(() -> new IllegalArgumentException(
                    "the real images " + models[0].name() + " trained on (" + models[0].info().dataset.location()
                    + ") are not on this machine; measure with latentlab eval compare --real DATA"));
            ImageSpec spec = new ImageSpec(models[0].spec().imageSize(), models[0].spec().channels());
            ImageSet real = data(source.source(), spec);
            var kind = dev.latentlab.eval.ReaderMatch.of(models[0]);
            if (kind.kind() == null) {
                throw new IllegalArgumentException("no reader for the figures: " + kind.why());
            }
            ModelComparison.Options o = new ModelComparison.Options();
            o.samples = samples;
            o.heldOut = Math.min(samples, 2000);
            Path readerDir = Classifiers.locate(kind.kind());
            measuredWith = readerDir;
            try (Classifier c = Classifier.open(readerDir)) {
                ProgressBar bar = ProgressBar.silent();
                post("Measuring " + samples + " samples per model…");
                ModelComparison.Table t = ModelComparison.compare(pair, c, real,
                        source.heldOut() ? real : ModelComparison.heldOutOf(pair, real), o, bar);
                return source.note() == null ? t : t.withNote(source.note());
            }
        }).whenComplete((t, e) -> {
            busy.set(false);
            if (t != null) {
                reader.set(measuredWith == null ? "" : String.valueOf(measuredWith.getFileName()));
                table.set(t);
                status.set(String.join(" · ", t.notes()));
            } else {
                status.set("Not measured: " + message(e));
            }
        });
    }

    /** A reconstruction of an image file by every slot with an encoder: x → μ(x) or E(x) → G(z). */
    public CompletableFuture<Reconstruction> reconstruct(Path file) {
        return onWorker(() -> {
            GanModel any = models[0] != null ? models[0] : models[1];
            if (any == null) {
                throw new IllegalStateException("choose a model first");
            }
            ImageSpec spec = new ImageSpec(any.spec().imageSize(), any.spec().channels());
            float[] x = ImageFile.read(file, spec).floats();
            return reconstructionOf(x, spec, file.getFileName().toString());
        });
    }

    /** The same for an image of the first model's training data, picked by {@code index}. */
    public CompletableFuture<Reconstruction> reconstructFromData(int index) {
        return onWorker(() -> {
            GanModel any = models[0] != null ? models[0] : models[1];
            if (any == null) {
                throw new IllegalStateException("choose a model first");
            }
            RealImages source = RealImages.of(any, null).orElseThrow(() -> new IllegalArgumentException(any.name()
                    + "'s training images (" + any.info().dataset.location()
                    + ") are not on this machine: open an image file instead"));
            ImageSpec spec = new ImageSpec(any.spec().imageSize(), any.spec().channels());
            ImageSet data = data(source.source(), spec);
            int i = Math.floorMod(index, data.size());
            float[] x = new float[spec.valuesPerImage()];
            data.copyImage(i, x, 0, false);
            return reconstructionOf(x, spec, data.name() + " image " + (i + 1) + " (" + data.sourceName(i) + ")"
                    + (source.note() == null ? "" : "; " + source.note()));
        });
    }

    /** A training set, loaded once (on the worker) for the figures and the reconstructions. */
    private ImageSet data(String source, ImageSpec spec) {
        if (cachedData == null || !source.equals(cachedSource) || !spec.equals(cachedData.spec())) {
            cachedData = DatasetSource.open(source, spec, line -> post("Loading the real images: " + line));
            cachedSource = source;
        }
        return cachedData;
    }

    private Reconstruction reconstructionOf(float[] x, ImageSpec spec, String source) {
        Generated[] rec = new Generated[2];
        double[] psnr = {Double.NaN, Double.NaN};
        String[] how = new String[2];
        for (int s = 0; s < 2; s++) {
            GanModel m = models[s];
            if (m == null || m.spec().imageSize() != spec.size() || m.spec().channels() != spec.channels()) {
                continue;
            }
            if (m.isVae()) {
                rec[s] = m.generate(m.encodeMean(x, 1), 1);
                how[s] = "G(μ(x))";
            } else {
                if (encoders[s] == null) {
                    encoders[s] = ImageEncoder.of(m); // looked for again next time while there is none
                }
                if (encoders[s] == null) {
                    continue;
                }
                rec[s] = m.generate(encoders[s].encode(x, 1), 1);
                how[s] = "G(E(x)), its encoder alone";
            }
            psnr[s] = Inversion.psnr(rec[s].images(), x, 0, x.length);
        }
        return new Reconstruction(x, spec.channels(), spec.size(), rec, psnr, how, source);
    }

    /** Worker thread only, like the models. */
    private void closeEncoder(int slot) {
        if (encoders[slot] != null) {
            encoders[slot].close();
            encoders[slot] = null;
        }
    }

    private void post(String s) {
        Platform.runLater(() -> status.set(s));
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Runs on the worker (autograd off there) and completes on the FX thread. */
    private <T> CompletableFuture<T> onWorker(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                TorchRuntime.disableGrad();
                T v = work.get();
                Platform.runLater(() -> f.complete(v));
            } catch (Throwable t) {
                Platform.runLater(() -> f.completeExceptionally(t));
            }
        });
        return f;
    }

    @Override
    public void close() {
        worker.execute(() -> {
            for (int s = 0; s < 2; s++) {
                closeEncoder(s);
                if (models[s] != null) {
                    models[s].close();
                    models[s] = null;
                }
            }
        });
        worker.shutdown();
    }
}
