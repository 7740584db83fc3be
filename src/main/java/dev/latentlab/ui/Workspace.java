package dev.latentlab.ui;

import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.eval.ReaderMatch;
import dev.latentlab.latent.ClosedFormDirections.Directions;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelException;
import dev.latentlab.model.ModelStore;
import dev.latentlab.nn.NetSpec;
import dev.latentlab.nn.NativeMemory;
import dev.latentlab.nn.TorchRuntime;
import dev.latentlab.render.RenderService;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The state the views share, all on the FX thread: the loaded model (as a {@link ModelSummary}),
 * the current z, measured render speed and training state; plus the render service and the
 * loading of models on a background thread. Only this class and the render service see a
 * {@link GanModel}; views see plain values.
 */
public final class Workspace implements AutoCloseable {
    private final AppPaths paths;
    private final AppSettings settings;
    private final ModelLibrary library;
    private final PresetStore presets;
    private final RenderService render;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latentlab-model-loader");
        t.setDaemon(true);
        return t;
    });
    private final ObjectProperty<ModelSummary> model = new SimpleObjectProperty<>();
    private final ObjectProperty<float[]> z = new SimpleObjectProperty<>(new float[0]);
    private final DoubleProperty millisPerFrame = new SimpleDoubleProperty(Double.NaN);
    private final StringProperty trainingState = new SimpleStringProperty("Not training");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty loadingMessage = new SimpleStringProperty("");
    private final Random rng = new Random();
    private BiConsumer<String, String> errorHandler = (title, msg) -> System.err.println(title + ": " + msg);

    public Workspace(AppPaths paths) {
        this.paths = paths;
        this.settings = AppSettings.load(paths.settingsFile());
        this.library = new ModelLibrary(paths.modelsDir());
        this.presets = new PresetStore(paths.presetsDir());
        this.render = new RenderService(Platform::runLater);
        render.setOnError(e -> Platform.runLater(() -> errorHandler.accept("Rendering failed",
                e.getMessage() == null ? e.toString() : e.getMessage())));
    }

    public void setErrorHandler(BiConsumer<String, String> handler) {
        this.errorHandler = handler;
    }

    public void error(String title, Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        errorHandler.accept(title, c.getMessage() == null ? c.toString() : c.getMessage());
    }

    public void error(String title, String message) {
        errorHandler.accept(title, message);
    }

    public AppPaths paths() {
        return paths;
    }

    public AppSettings settings() {
        return settings;
    }

    public ModelLibrary library() {
        return library;
    }

    public PresetStore presets() {
        return presets;
    }

    public RenderService render() {
        return render;
    }

    public ObjectProperty<ModelSummary> modelProperty() {
        return model;
    }

    public ModelSummary model() {
        return model.get();
    }

    /** The current z (never modified in place: setting a new array notifies listeners). */
    public ObjectProperty<float[]> zProperty() {
        return z;
    }

    public float[] z() {
        return z.get();
    }

    public DoubleProperty millisPerFrameProperty() {
        return millisPerFrame;
    }

    /** Set by the Train view (a later issue) to "Training: iteration N" and the like. */
    public StringProperty trainingStateProperty() {
        return trainingState;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public StringProperty loadingMessageProperty() {
        return loadingMessage;
    }

    public Random random() {
        return rng;
    }

    /**
     * Opens a model folder, .pth, .safetensors or .pt off the FX thread and makes it current. On failure the
     * error handler shows why and the previous model stays in use. Completes on the FX thread.
     */
    public CompletableFuture<ModelSummary> open(Path path) {
        CompletableFuture<ModelSummary> done = new CompletableFuture<>();
        loading.set(true);
        loadingMessage.set("Opening " + path.getFileName() + "…");
        loader.execute(() -> {
            GanModel m = null;
            boolean swapped = false;
            try {
                TorchRuntime.engine();
                m = ModelStore.open(path);
                ModelSummary s = withDeclaredReaders(summarize(m));
                float[] start = m.startZ();
                render.swapModel(m).join();
                swapped = true;
                NativeMemory.release(); // the old model's arrays, closed by the swap, leave the process

                Platform.runLater(() -> {
                    loading.set(false);
                    ModelSummary old = model.get();
                    if (old == null || old.nz() != s.nz() || z.get().length != s.nz()) {
                        z.set(start);
                    }
                    model.set(s);
                    settings.opened(path);
                    settings.save(paths.settingsFile());
                    done.complete(s);
                });
            } catch (Throwable e) {
                if (m != null && !swapped) {
                    m.close();
                }
                Platform.runLater(() -> {
                    loading.set(false);
                    error("Could not open the model", e instanceof ModelException ? e.getMessage()
                            : path + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    done.completeExceptionally(e);
                });
            }
        });
        return done;
    }

    /** Reads the figures views need while this thread still owns the new model. */
    public static ModelSummary summarize(GanModel m) {
        NetSpec spec = m.spec();
        Directions dirs = null;
        String note;
        try {
            long t0 = System.nanoTime();
            dirs = DirectionFit.closedForm(m, DirectionFit.SEFA_TOP);
            note = dirs == null ? "the first layer has an unexpected shape" : String.format(
                    "Eigenvectors of AᵀA for the first layer (computed in %.0f ms)", (System.nanoTime() - t0) / 1e6);
        } catch (RuntimeException e) {
            note = "the first layer's weights are not readable for this model (" + e.getMessage() + ")";
        }
        m.generate(new float[spec.nz()], 1); // warm-up, so the first measured frame is representative
        String dataset = m.info().dataset == null ? "unknown" : m.info().dataset.name;
        return new ModelSummary(m.name(), m.path(), m.source(), spec, m.generator().params().parameterCount(),
                dataset, dirs, note, ReaderMatch.of(m));
    }

    /** A model file's readers as the user declared them (settings), or as its data decides. */
    private ModelSummary withDeclaredReaders(ModelSummary s) {
        if (s.path() == null || s.readers().kind() != null) {
            return s;
        }
        String declared = settings.readers.get(s.path().toAbsolutePath().normalize().toString());
        if (declared == null) {
            return s;
        }
        try {
            ReaderMatch r = ReaderMatch.declared(ClassifierInfo.Kind.parse(declared), s.spec());
            return r.kind() == null ? s : s.withReaders(r);
        } catch (IllegalArgumentException e) {
            return s; // a kind this version does not know: as if undeclared
        }
    }

    /**
     * Reads the open model with the shipped readers of {@code kind}, or with none ({@code null}): the
     * user's answer for a model file that does not record its data. Kept in settings.json by the
     * file's path; every view that reads attributes follows the model property.
     */
    public void declareReaders(ClassifierInfo.Kind kind) {
        ModelSummary s = model.get();
        if (s == null || s.path() == null) {
            return;
        }
        String key = s.path().toAbsolutePath().normalize().toString();
        ReaderMatch r;
        if (kind == null) {
            settings.readers.remove(key);
            r = ReaderMatch.of(null, s.spec(), s.source(), s.path().getFileName().toString());
        } else {
            r = ReaderMatch.declared(kind, s.spec());
            if (r.kind() == null) {
                error("Cannot read this model so", r.why());
                return;
            }
            settings.readers.put(key, kind.id());
        }
        settings.save(paths.settingsFile());
        model.set(s.withReaders(r));
    }

    /** The model to open at start: the last one used if it still exists, else the library's default. */
    public Path startupModel() {
        if (settings.lastModel != null) {
            Path p = Path.of(settings.lastModel);
            if (java.nio.file.Files.exists(p)) {
                return p;
            }
        }
        return library.defaultModel().orElse(null);
    }

    /** Starts the engine (extracting natives on first use) without blocking the caller. */
    public CompletableFuture<Void> warmUp() {
        return CompletableFuture.runAsync(TorchRuntime::engine, loader);
    }

    @Override
    public void close() {
        loader.shutdownNow();
        render.close();
    }
}
