package dev.latentlab.ui.explore;

import dev.latentlab.data.DatasetException;
import dev.latentlab.data.ImageFile;
import dev.latentlab.data.ImageSpec;
import dev.latentlab.encode.ImageEncoder;
import dev.latentlab.encode.Inversion;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelException;
import dev.latentlab.render.Pixels;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * The view model of encoding one image in the app: the search runs on a thread of its own with a
 * copy of the model (the render thread keeps serving frames), publishes the target, the current
 * best reconstruction, progress and status to FX properties, and hands the final z to
 * {@code onDone} on the FX thread. Holds no nodes.
 */
public final class EncodeSession {
    public enum State { IDLE, RUNNING, DONE, CANCELLED, FAILED }

    /** An image for the view: ARGB pixels, width × height. */
    public record Picture(int[] argb, int width, int height) {}

    /** Least time between two live reconstructions (each costs one generator pass). */
    private static final long PREVIEW_NANOS = 150_000_000L;

    private final Workspace ws;
    private final Consumer<float[]> onDone;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.IDLE);
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty notes = new SimpleStringProperty("");
    private final ObjectProperty<Picture> target = new SimpleObjectProperty<>();
    private final ObjectProperty<Picture> reconstruction = new SimpleObjectProperty<>();
    /** Thorough: 150 steps × 4 starts (seconds); otherwise quick when the model has an encoder (about one). */
    private final BooleanProperty thorough = new SimpleBooleanProperty(false);
    private volatile boolean cancelRequested;
    private float[] result;
    private Path lastFile;

    public EncodeSession(Workspace ws, Consumer<float[]> onDone) {
        this.ws = ws;
        this.onDone = onDone;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty notesProperty() {
        return notes;
    }

    public ObjectProperty<Picture> targetProperty() {
        return target;
    }

    public ObjectProperty<Picture> reconstructionProperty() {
        return reconstruction;
    }

    /** The z found (null until DONE). */
    public BooleanProperty thoroughProperty() {
        return thorough;
    }

    /** The file last started (for "Search again, thorough"), or null. */
    public Path lastFile() {
        return lastFile;
    }

    public float[] result() {
        return result == null ? null : result.clone();
    }

    /** Starts encoding {@code file} with the workspace's model (FX thread); ignored while a search runs. */
    public void start(Path file) {
        ModelSummary m = ws.model();
        if (state.get() == State.RUNNING) {
            return;
        }
        cancelRequested = false;
        result = null;
        target.set(null);
        reconstruction.set(null);
        notes.set("");
        progress.set(0);
        if (m == null) {
            fail("Open a model first.");
            return;
        }
        state.set(State.RUNNING);
        lastFile = file;
        boolean wantThorough = thorough.get();
        status.set("Reading " + file.getFileName() + "…");
        ws.render().submit(g -> g.copier(true)).whenComplete((copier, t) -> {
            if (t != null) {
                Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                Platform.runLater(() -> fail(c.getMessage() != null ? c.getMessage() : c.toString()));
                return;
            }
            Thread thread = new Thread(() -> search(copier, m, file, wantThorough), "latentlab-encode");
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            thread.start();
        });
    }

    /** Asks the search to stop (it does within a step); the current z stays as it was. */
    public void cancel() {
        if (state.get() == State.RUNNING) {
            cancelRequested = true;
            status.set("Cancelling…");
        }
    }

    private void search(Supplier<GanModel> copier, ModelSummary m, Path file, boolean wantThorough) {
        try (GanModel copy = copier.get();
                ImageEncoder enc = ImageEncoder.of(copy)) {
            ImageSpec spec = new ImageSpec(m.spec().imageSize(), m.spec().channels());
            ImageFile.Image img = ImageFile.read(file, spec);
            float[] x = img.floats();
            Picture tp = picture(x, spec);
            String noteText = String.join("\n", img.notes());
            Platform.runLater(() -> {
                target.set(tp);
                notes.set(noteText);
            });
            // quick with an encoder (its guess is most of the answer); from random starts always thorough
            boolean quick = enc != null && !wantThorough;
            Inversion.Settings s = quick ? Inversion.Settings.quick() : Inversion.Settings.defaults();
            long[] last = {0};
            Inversion.Result r = Inversion.invert(copy, enc, x, 1, s, p -> {
                long now = System.nanoTime();
                boolean end = p.step() == p.steps();
                if (!end && now - last[0] < PREVIEW_NANOS) {
                    return;
                }
                last[0] = now;
                Picture rec = picture(copy.generate(p.z(), 1).images(), spec);
                String line = String.format(Locale.ROOT, "Step %d of %d · loss %.4f · PSNR %.1f dB", p.step(),
                        p.steps(), p.loss()[0], p.psnr()[0]);
                double f = p.steps() == 0 ? 1 : p.step() / (double) p.steps();
                Platform.runLater(() -> {
                    if (!cancelRequested) {
                        reconstruction.set(rec);
                        progress.set(f);
                        status.set(line);
                    }
                });
            }, () -> cancelRequested);
            Picture rec = picture(copy.generate(r.z(), 1).images(), spec);
            String done = String.format(Locale.ROOT, "PSNR %.1f dB in %.1f s · %s (%s: %d steps, %d starts)",
                    r.psnr()[0], r.seconds(), r.method().describe(), quick ? "quick" : "thorough", r.stepsRun(),
                    r.restarts());
            float[] z = r.z(0);
            Platform.runLater(() -> {
                if (r.cancelled() || cancelRequested) {
                    state.set(State.CANCELLED);
                    status.set("Cancelled; z is unchanged.");
                    return;
                }
                reconstruction.set(rec);
                progress.set(1);
                result = z;
                status.set(done);
                state.set(State.DONE);
                onDone.accept(z.clone());
            });
        } catch (DatasetException | ModelException | IllegalArgumentException e) {
            Platform.runLater(() -> fail(e.getMessage()));
        } catch (RuntimeException e) {
            Platform.runLater(() -> fail("The search failed: " + (e.getMessage() != null ? e.getMessage() : e)));
        }
    }

    private void fail(String message) {
        state.set(State.FAILED);
        status.set(message);
    }

    private static Picture picture(float[] chw, ImageSpec spec) {
        return new Picture(Pixels.argb(chw, 0, spec.channels(), spec.size(), spec.size()), spec.size(), spec.size());
    }
}
