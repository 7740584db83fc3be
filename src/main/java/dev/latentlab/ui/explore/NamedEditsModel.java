package dev.latentlab.ui.explore;

import dev.latentlab.eval.ArithmeticEval;
import dev.latentlab.eval.Classifier;
import dev.latentlab.eval.ClassifierInfo;
import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.eval.ProgressBar;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.EditRecipe;
import dev.latentlab.latent.EditRecipe.ModelRef;
import dev.latentlab.latent.EditRecipe.Move;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.FittedDirections.SefaLabel;
import dev.latentlab.model.GanModel;
import dev.latentlab.render.EditImage;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state of Explore's named edits, with no nodes: the model's attribute directions (from its
 * cache, or fitted on a background thread with a copy of the generator), one edit per attribute
 * with its keep toggle, the truncation ψ, and saving / opening edit recipes. All on the FX thread.
 *
 * <p>What is drawn: the workspace's z (which already holds the SeFa sliders' moves), then ψ,
 * then each attribute's move ({@link EditRecipe#apply}: the one definition of that order). An
 * attribute's slider shows the signed distance of the drawn z to its boundary; setting it to s
 * adds s − distance to that attribute's amount Δ, and its move is Δ / (n·d) along its direction
 * d (its normal projected off the kept attributes' normals), so the distance becomes exactly s
 * and, to first order, the kept attributes do not move. Amounts stay while z changes; toggling a
 * keep re-derives every direction, so the same amounts no longer drag the kept attribute along.
 */
public final class NamedEditsModel implements AutoCloseable {
    /** Slider range of a distance to a boundary, in units of z (the prior has σ = 1). */
    public static final double RANGE = 4;

    /** Where the fitted directions stand. */
    public enum State { NO_MODEL, NO_CLASSIFIER, NOT_FITTED, FITTING, READY, FAILED }

    /** The SeFa sliders as Explore holds them: the z they start from and each direction's amount. */
    public record SefaState(float[] base, float[][] vectors, double[] amounts) {}

    /** One attribute's edit: the distance shown, whether it is kept, and its amount. */
    public static final class AttributeEdit {
        private final String name;
        private final double accuracy;
        private final DoubleProperty distance = new SimpleDoubleProperty();
        private final BooleanProperty keep = new SimpleBooleanProperty();
        private double amount;

        AttributeEdit(String name, double accuracy) {
            this.name = name;
            this.accuracy = accuracy;
        }

        public String name() {
            return name;
        }

        /** Held-out accuracy of the boundary. */
        public double accuracy() {
            return accuracy;
        }

        /** Signed distance of the drawn z to the boundary (&gt; 0: the classifier would read it). */
        public DoubleProperty distanceProperty() {
            return distance;
        }

        public BooleanProperty keepProperty() {
            return keep;
        }

        /** How much this edit has changed the distance (Δ). */
        public double amount() {
            return amount;
        }
    }

    private final Workspace ws;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.NO_MODEL);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<FittedDirections> directions = new SimpleObjectProperty<>();
    private final ObservableList<AttributeEdit> edits = FXCollections.observableArrayList();
    private final DoubleProperty psi = new SimpleDoubleProperty(1);
    private final List<Move> fixed = new ArrayList<>(); // attribute moves of an opened recipe, verbatim
    private final Map<String, float[]> directionCache = new LinkedHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latentlab-directions");
        t.setDaemon(true);
        return t;
    });
    /** How the app fits: the command line's defaults (tests use fewer samples). */
    final DirectionFit.Options fitOptions = new DirectionFit.Options();
    private ModelRef ref;
    private Supplier<SefaState> sefa = () -> null;
    private Consumer<Boolean> onChange = settled -> {};
    private boolean syncing;
    private boolean shown;
    private long modelToken;

    public NamedEditsModel(Workspace ws) {
        this.ws = ws;
        ws.modelProperty().addListener((o, a, m) -> modelChanged(m));
        ws.zProperty().addListener((o, a, z) -> updateDistances());
        psi.addListener((o, a, b) -> {
            updateDistances();
            changed(true);
        });
        if (ws.model() != null) {
            modelChanged(ws.model());
        }
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ReadOnlyObjectProperty<FittedDirections> directionsProperty() {
        return directions;
    }

    public ObservableList<AttributeEdit> edits() {
        return edits;
    }

    /** Truncation ψ of the drawn image, in [0, 2]. */
    public DoubleProperty psiProperty() {
        return psi;
    }

    /** Where Explore's SeFa sliders stand (for saving them in a recipe). */
    public void setSefaSource(Supplier<SefaState> source) {
        this.sefa = source;
    }

    /** Called when the drawn z changes; {@code true} when the change is settled (not mid-drag). */
    public void setOnChange(Consumer<Boolean> onChange) {
        this.onChange = onChange;
    }

    public Optional<AttributeEdit> edit(String attribute) {
        return edits.stream().filter(e -> e.name.equals(attribute)).findFirst();
    }

    // ---- the drawn z ----

    /** The z the generator is given for a workspace z: ψ, then the attribute moves. */
    public float[] apply(float[] z) {
        if (ws.model() == null || z.length != ws.model().nz()) {
            return z;
        }
        return EditRecipe.apply(z, moves(), psi.get());
    }

    /** Every attribute move, in order: an opened recipe's first, then one per edited attribute. */
    List<Move> moves() {
        List<Move> out = new ArrayList<>(fixed);
        FittedDirections f = directions.get();
        if (f == null) {
            return out;
        }
        for (AttributeEdit e : edits) {
            if (e.amount == 0) {
                continue;
            }
            Boundary b = f.boundary(e.name).orElseThrow();
            float[] d = direction(e.name);
            if (d == null) {
                continue;
            }
            double step = e.amount / AttributeDirections.dot(b.normal(), d);
            out.add(new Move(EditRecipe.ATTRIBUTE, e.name, d, step, e.amount));
        }
        return out;
    }

    /** The attribute's direction under the current keeps (cached), or null when the keeps span it. */
    private float[] direction(String attribute) {
        return directionCache.computeIfAbsent(attribute, a -> {
            try {
                return directions.get().direction(a, kept());
            } catch (IllegalArgumentException ex) {
                return null;
            }
        });
    }

    public List<String> kept() {
        return edits.stream().filter(e -> e.keep.get()).map(AttributeEdit::name).toList();
    }

    /** Moves the drawn z so that its distance to the attribute's boundary becomes {@code target}. */
    public void setDistance(String attribute, double target, boolean settled) {
        AttributeEdit e = edit(attribute).orElseThrow();
        if (direction(attribute) == null) {
            status.set(attribute + " cannot change while keeping " + String.join(", ", kept()));
            return;
        }
        double now = e.distance.get();
        if (target == now) {
            if (settled) {
                changed(true);
            }
            return;
        }
        e.amount += target - now;
        updateDistances();
        changed(settled);
    }

    public void setKeep(String attribute, boolean keep) {
        edit(attribute).orElseThrow().keep.set(keep);
    }

    /** Every amount back to 0 and an opened recipe's moves dropped (ψ stays). */
    public void resetEdits() {
        fixed.clear();
        edits.forEach(e -> e.amount = 0);
        updateDistances();
        changed(true);
    }

    /**
     * Every edit undone and ψ back to 1, so the image drawn is G(z) itself: what an encoded z
     * needs, since its search matched G(z) to the picture with no edit and no truncation.
     */
    public void clearForPlainZ() {
        fixed.clear();
        edits.forEach(e -> e.amount = 0);
        if (psi.get() != 1) {
            psi.set(1); // notifies: distances and image follow
        } else {
            updateDistances();
            changed(true);
        }
    }

    private void keepChanged() {
        directionCache.clear();
        updateDistances();
        changed(true);
    }

    private void updateDistances() {
        FittedDirections f = directions.get();
        float[] z = ws.z();
        if (f == null || z.length != f.model().nz()) {
            return;
        }
        float[] drawn = apply(z);
        syncing = true;
        try {
            for (AttributeEdit e : edits) {
                e.distance.set(f.boundary(e.name).orElseThrow().distance(drawn));
            }
        } finally {
            syncing = false;
        }
    }

    /** Whether a distance is being set by this model (sliders should not feed it back). */
    public boolean syncing() {
        return syncing;
    }

    private void changed(boolean settled) {
        onChange.accept(settled);
    }

    // ---- the directions ----

    /** What the render thread reads of a newly opened generator: its identity and its cached fit, if any. */
    private record Opened(ModelRef ref, FittedDirections cached) {}

    private void modelChanged(ModelSummary m) {
        modelToken++;
        ref = null;
        fixed.clear();
        setDirections(null);
        if (m == null) {
            state.set(State.NO_MODEL);
            status.set("");
            return;
        }
        Optional<ClassifierInfo.Kind> kind = Classifiers.kindFor(m.spec());
        if (kind.isEmpty() || kind.get() != ClassifierInfo.Kind.FACES) {
            state.set(State.NO_CLASSIFIER);
            status.set("Named edits need an attribute classifier; none reads " + m.spec().imageSize() + "×"
                    + m.spec().imageSize() + (m.spec().channels() == 1 ? " gray" : " RGB")
                    + " images (the faces classifier reads 64×64 RGB). Truncation works on any model.");
            return;
        }
        long token = modelToken;
        state.set(State.NOT_FITTED);
        status.set("Reading " + m.name() + "'s directions…");
        ws.render().submit(g -> {
            ModelRef r = DirectionFit.ref(g);
            Path cache = g.path() == null ? null : FittedDirections.cacheFor(g.path());
            return new Opened(r, FittedDirections.cached(cache, r).orElse(null));
        }).whenComplete((res, err) -> Platform.runLater(() -> {
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
                setDirections(res.cached());
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

    /**
     * Whether the edits are on screen: the first time they are, a model without fitted
     * directions gets them fitted (so a user never has to ask), and so does every model opened
     * while they are shown.
     */
    public void setShown(boolean shown) {
        this.shown = shown;
        fitIfShown();
    }

    private void fitIfShown() {
        if (shown && state.get() == State.NOT_FITTED && ref != null) {
            fit();
        }
    }

    /** Fits the directions on a copy of the generator, off the FX and render threads, and caches them. */
    public CompletableFuture<FittedDirections> fit() {
        CompletableFuture<FittedDirections> done = new CompletableFuture<>();
        if (state.get() == State.NO_MODEL || state.get() == State.NO_CLASSIFIER || state.get() == State.FITTING) {
            done.completeExceptionally(new IllegalStateException("nothing to fit: " + status.get()));
            return done;
        }
        long token = modelToken;
        state.set(State.FITTING);
        status.set("Fitting directions: generating and classifying " + fitOptions.samples + " samples…");
        ws.render().submit(GanModel::copier).thenAcceptAsync(copier -> {
            try (GanModel copy = copier.get();
                    Classifier c = Classifier.open(Classifiers.locateDirections(ClassifierInfo.Kind.FACES))) {
                DirectionFit.Result r = DirectionFit.cachedOrFit(copy, ArithmeticEval.reader(c), Classifiers.identity(c.path()),
                        fitOptions, true, ProgressBar.silent());
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
                setDirections(f);
            }
        }));
    }

    private void setDirections(FittedDirections f) {
        directionCache.clear();
        edits.clear();
        directions.set(f);
        if (f == null) {
            return;
        }
        List<AttributeEdit> list = new ArrayList<>();
        for (Boundary b : f.named()) {
            AttributeEdit e = new AttributeEdit(b.attribute(), b.accuracy());
            e.keep.addListener((o, was, now) -> keepChanged());
            list.add(e);
        }
        edits.setAll(list);
        state.set(State.READY);
        String picked = f.picked().isEmpty() ? "" : String.format(Locale.ROOT, "%d picked (%s)", f.picked().size(),
                String.join(", ", f.picked().stream().map(FittedDirections.PickedDirection::name).toList()));
        status.set(f.classifier() == null ? picked + " directions; held-out accuracy " + f.accuracies()
                : String.format(Locale.ROOT, "%d attribute directions, fitted on %,d samples read by %s in %.1f s%s; "
                + "held-out accuracy %s", f.boundaries().size(), f.samples(), f.classifier(), f.seconds(),
                picked.isEmpty() ? "" : ", and " + picked, f.accuracies()));
        updateDistances();
        changed(true);
    }

    /**
     * Stores a direction fitted from picks in the model's directions.json, beside the classifier's
     * (replacing a picked one of the same name), and gives it a slider.
     *
     * @throws IllegalStateException when the model is not saved or its checksum is not read yet
     */
    public void addPicked(FittedDirections.PickedDirection p) throws java.io.IOException {
        ModelSummary m = ws.model();
        if (m == null || m.path() == null || ref == null) {
            throw new IllegalStateException(m == null ? "no model is open" : m.path() == null
                    ? "the model is not saved yet: save it, then pick" : "the generator's checksum is not read yet");
        }
        FittedDirections now = directions.get();
        FittedDirections f = now != null ? now.withPicked(p) : FittedDirections.picksOnly(ref, List.of(p));
        f.save(FittedDirections.cacheFor(m.path()));
        State before = state.get();
        setDirections(f);
        if (before == State.FITTING || f.classifier() == null) {
            // the classifier's directions are still to come: keep offering (or running) their fit
            state.set(before == State.FITTING ? State.FITTING : State.NOT_FITTED);
        }
    }

    /** "Wearing_Hat +58, Male −3" for SeFa direction {@code index} (1-based), or "" when not labelled. */
    public String sefaLabel(int index) {
        FittedDirections f = directions.get();
        if (f == null) {
            return "";
        }
        return f.sefa().stream().filter(s -> s.index() == index).findFirst().map(SefaLabel::label).orElse("");
    }

    // ---- recipes ----

    /** The current edit as a recipe; IllegalStateException while the generator's checksum is not read yet. */
    public EditRecipe recipe() {
        if (ref == null) {
            throw new IllegalStateException(ws.model() == null ? "no model is open"
                    : "the generator's checksum is not read yet; try again in a moment");
        }
        float[] z = ws.z();
        List<Move> moves = new ArrayList<>();
        SefaState s = sefa.get();
        if (s != null && s.vectors() != null && s.base() != null && s.base().length == z.length) {
            z = s.base();
            for (int d = 0; d < s.vectors().length; d++) {
                if (s.amounts()[d] != 0) {
                    moves.add(new Move(EditRecipe.SEFA, "#" + (d + 1), s.vectors()[d], s.amounts()[d], null));
                }
            }
        }
        moves.addAll(moves());
        return new EditRecipe(ref, z.clone(), moves, psi.get(), kept(), Map.of(),
                "LatentLab Explore, " + java.time.Instant.now());
    }

    /** Saves the current edit as JSON plus its PNG (drawn by the render thread); completes on the FX thread. */
    public CompletableFuture<Path> save(Path file) {
        EditRecipe r;
        try {
            r = recipe();
            r.save(file);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Path png = EditRecipe.pngFor(file);
        return ws.render().submit(m -> {
            try {
                EditImage.writePng(m, r, png);
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(png + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Opens a recipe for the open generator: returns the z to make current (the recipe's z with
     * its SeFa moves, so the image is the saved one exactly) and takes over its ψ, keeps and
     * attribute moves. An IOException naming the file for another model's or a broken recipe.
     */
    public float[] open(Path file) throws IOException {
        if (ref == null) {
            throw new IOException("cannot open " + file + " yet: the generator's checksum is not read yet");
        }
        EditRecipe r = EditRecipe.load(file, ref);
        if (!r.removed().isEmpty()) {
            throw new IOException(file + " removes channels of layer(s) " + r.removed().keySet() + "; Explore draws "
                    + "with every channel, so it cannot show that image: render it with latentlab sample --recipe");
        }
        List<Move> sefaMoves = r.moves().stream().filter(m -> EditRecipe.SEFA.equals(m.kind())).toList();
        float[] z = EditRecipe.apply(r.z(), sefaMoves, 1);
        edits.forEach(e -> e.amount = 0);
        for (AttributeEdit e : edits) {
            e.keep.set(r.keep().contains(e.name));
        }
        fixed.clear();
        r.moves().stream().filter(m -> EditRecipe.ATTRIBUTE.equals(m.kind())).forEach(fixed::add);
        psi.set(r.psi());
        return z;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
