package dev.latentlab.ui.explore;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.model.GanModel;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import dev.latentlab.ui.explore.NamedEditsModel.State;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;

/**
 * Where the named edits' directions come from: the open generator's cache (read on the render
 * thread when a model opens), a fit on a background thread with a copy of the generator (the
 * first time the edits are shown, or on demand), and directions fitted from picks, stored beside
 * them. Writes the edits' state and status, and hands each set of directions to {@code onDirections}.
 * FX thread, except the fit itself.
 */
final class DirectionSource implements AutoCloseable {
    private final Workspace ws;
    private final ObjectProperty<State> state;
    private final StringProperty status;
    private final Supplier<FittedDirections> current;
    private final Consumer<FittedDirections> onDirections;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latentlab-directions");
        t.setDaemon(true);
        return t;
    });
    /** How the app fits: the command line's defaults (tests use fewer samples). */
    final DirectionFit.Options fitOptions = new DirectionFit.Options();
    private ModelRef ref;
    private boolean shown;
    private long modelToken;

    DirectionSource(Workspace ws, ObjectProperty<State> state, StringProperty status,
            Supplier<FittedDirections> current, Consumer<FittedDirections> onDirections) {
        this.ws = ws;
        this.state = state;
        this.status = status;
        this.current = current;
        this.onDirections = onDirections;
    }

    /** The open generator's identity, or null while it is not read yet. */
    ModelRef ref() {
        return ref;
    }

    /** What the render thread reads of a newly opened generator: its identity and its cached fit, if any. */
    private record Opened(ModelRef ref, FittedDirections cached) {}

    /** Another model is coming: what is under way for the old one is dropped when it ends. */
    void forget() {
        modelToken++;
        ref = null;
    }

    /** The model now open (or none): reads its identity and cached directions, or says why there are none. */
    void read(ModelSummary m) {
        if (m == null) {
            state.set(State.NO_MODEL);
            status.set("");
            return;
        }
        long token = modelToken;
        if (!m.readers().faces()) {
            // no shipped reader to fit with; the directions stored beside the model (picked ones, or a fit
            // by a reader of the user's own with `directions --classifier`) still show, and picks still work
            state.set(State.NO_CLASSIFIER);
            status.set("No classifier-fitted edits for this model. Directions from your picks and truncation work"
                    + " on any model.");
            readOpened().whenComplete((res, err) -> Platform.runLater(() -> {
                if (token != modelToken || err != null) {
                    return; // without its identity the model only loses picks, which say why when tried
                }
                ref = res.ref();
                if (res.cached() != null) {
                    onDirections.accept(res.cached());
                    state.set(State.NO_CLASSIFIER);
                }
            }));
            return;
        }
        state.set(State.NOT_FITTED);
        status.set("Reading " + m.name() + "'s directions…");
        readOpened().whenComplete((res, err) -> Platform.runLater(() -> {
            if (token != modelToken) {
                return;
            }
            if (err != null) {
                state.set(State.FAILED);
                status.set("Could not read the generator: " + err.getMessage());
                return;
            }
            ref = res.ref();
            if (res.cached() != null) {
                onDirections.accept(res.cached());
                if (res.cached().classifier() == null) {
                    // only picked directions so far: the classifier's are fitted beside them
                    state.set(State.NOT_FITTED);
                    fitIfShown();
                }
            } else {
                status.set("No directions fitted for this generator yet (" + ref.checksum() + "). Fit them: the "
                        + "classifier reads " + fitOptions.samples + " samples (a few seconds).");
                fitIfShown();
            }
        }));
    }

    /** On the render thread: the open generator's identity and the directions cached beside it, if any. */
    private java.util.concurrent.CompletableFuture<Opened> readOpened() {
        return ws.render().submit(g -> {
            ModelRef r = DirectionFit.ref(g);
            Path cache = g.path() == null ? null : FittedDirections.cacheFor(g.path());
            return new Opened(r, FittedDirections.cached(cache, r).orElse(null));
        });
    }

    /** Whether the edits are on screen: a model without fitted directions gets them fitted then. */
    void setShown(boolean on) {
        shown = on;
        fitIfShown();
    }

    private void fitIfShown() {
        if (shown && state.get() == State.NOT_FITTED && ref != null) {
            fit();
        }
    }

    /** Fits the directions on a copy of the generator, off the FX and render threads, and caches them. */
    CompletableFuture<FittedDirections> fit() {
        CompletableFuture<FittedDirections> done = new CompletableFuture<>();
        ModelSummary open = ws.model();
        if (state.get() == State.NO_MODEL || state.get() == State.NO_CLASSIFIER || state.get() == State.FITTING
                || open == null || !open.readers().faces()) {
            done.completeExceptionally(new IllegalStateException("nothing to fit: " + status.get()));
            return done;
        }
        long token = modelToken;
        state.set(State.FITTING);
        status.set("Fitting directions: generating and classifying " + fitOptions.samples + " samples…");
        ws.render().submit(GanModel::copier).thenAcceptAsync(copier -> {
            try (GanModel copy = copier.get();
                    Classifier c = Classifier.open(Classifiers.locateDirections(ClassifierInfo.Kind.FACES))) {
                DirectionFit.Result r = DirectionFit.cachedOrFit(copy, ArithmeticEval.reader(c),
                        Classifiers.identity(c.path()), fitOptions, true, ProgressBar.silent());
                done.complete(r.directions());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, worker).exceptionally(t -> {
            done.completeExceptionally(t);
            return null;
        });
        return done.whenComplete((f, err) -> Platform.runLater(() -> {
            if (token != modelToken) {
                return;
            }
            if (err != null) {
                state.set(State.FAILED);
                Throwable c = err.getCause() != null ? err.getCause() : err;
                status.set("Fitting failed: " + (c.getMessage() == null ? c.toString() : c.getMessage()));
            } else {
                onDirections.accept(f);
            }
        }));
    }

    /**
     * Stores a direction fitted from picks in the model's directions.json, beside the classifier's
     * (replacing a picked one of the same name), and hands the directions on.
     *
     * @throws IllegalStateException when the model is not saved or its checksum is not read yet
     */
    void addPicked(FittedDirections.PickedDirection p) throws java.io.IOException {
        ModelSummary m = ws.model();
        if (m == null || m.path() == null || ref == null) {
            throw new IllegalStateException(m == null ? "no model is open" : m.path() == null
                    ? "the model is not saved yet: save it, then pick" : "the generator's checksum is not read yet");
        }
        FittedDirections now = current.get();
        FittedDirections f = now != null ? now.withPicked(p) : FittedDirections.picksOnly(ref, List.of(p));
        f.save(FittedDirections.cacheFor(m.path()));
        State before = state.get();
        onDirections.accept(f);
        if (before == State.NO_CLASSIFIER) {
            state.set(State.NO_CLASSIFIER); // nothing to fit beside them: no shipped reader reads this model
        } else if (before == State.FITTING || f.classifier() == null) {
            // the classifier's directions are still to come: keep offering (or running) their fit
            state.set(before == State.FITTING ? State.FITTING : State.NOT_FITTED);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
