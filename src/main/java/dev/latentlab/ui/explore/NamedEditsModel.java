package dev.latentlab.ui.explore;

import dev.latentlab.eval.Classifiers;
import dev.latentlab.eval.DirectionFit;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.EditRecipe;
import dev.latentlab.latent.EditRecipe.Move;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.FittedDirections.SefaLabel;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
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
    /** The reader the directions were fitted with (and whose readings the SeFa labels are); "" for none. */
    private final StringProperty reader = new SimpleStringProperty("");
    private final ObjectProperty<FittedDirections> directions = new SimpleObjectProperty<>();
    private final ObservableList<AttributeEdit> edits = FXCollections.observableArrayList();
    private final DoubleProperty psi = new SimpleDoubleProperty(1);
    private final List<Move> fixed = new ArrayList<>(); // attribute moves of an opened recipe, verbatim
    private final Map<String, float[]> directionCache = new LinkedHashMap<>();
    private final DirectionSource source;
    private final EditFiles files;
    /** How the app fits: the command line's defaults (tests use fewer samples). */
    final DirectionFit.Options fitOptions;
    private Consumer<Boolean> onChange = settled -> {};
    private boolean syncing;

    public NamedEditsModel(Workspace ws) {
        this.ws = ws;
        source = new DirectionSource(ws, state, status, directions::get, this::setDirections);
        fitOptions = source.fitOptions;
        files = new EditFiles(ws, this, source::ref);
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

    /** The reader the attribute directions were fitted with, by name ("classifier-faces-b"); "" while none. */
    public ReadOnlyStringProperty readerProperty() {
        return reader;
    }

    /** Whether an attribute's direction was fitted from the user's picks rather than by the reader. */
    public boolean picked(String attribute) {
        FittedDirections f = directions.get();
        return f != null && f.picked().stream().anyMatch(p -> p.name().equals(attribute));
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
    public void setSefaSource(Supplier<SefaState> sefa) {
        files.setSefaSource(sefa);
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

    private void modelChanged(ModelSummary m) {
        source.forget();
        fixed.clear();
        setDirections(null);
        source.read(m);
    }

    /**
     * Whether the edits are on screen: the first time they are, a model without fitted
     * directions gets them fitted (so a user never has to ask), and so does every model opened
     * while they are shown.
     */
    public void setShown(boolean shown) {
        source.setShown(shown);
    }

    /** Fits the directions on a copy of the generator, off the FX and render threads, and caches them. */
    public CompletableFuture<FittedDirections> fit() {
        return source.fit();
    }

    private void setDirections(FittedDirections f) {
        directionCache.clear();
        edits.clear();
        reader.set(f == null || f.classifier() == null ? "" : Classifiers.displayName(f.classifier()));
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
                + "held-out accuracy %s", f.boundaries().size(), f.samples(), Classifiers.displayName(f.classifier()), f.seconds(),
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
        source.addPicked(p);
    }

    /** "Wearing_Hat +58, Male −3" for SeFa direction {@code index} (1-based), or "" when not labelled. */
    public String sefaLabel(int index) {
        FittedDirections f = directions.get();
        if (f == null) {
            return "";
        }
        return f.sefa().stream().filter(s -> s.index() == index).findFirst().map(SefaLabel::label).orElse("");
    }

    // ---- recipes ({@link EditFiles}) ----

    /** The current edit as a recipe; IllegalStateException while the generator's checksum is not read yet. */
    public EditRecipe recipe() {
        return files.recipe();
    }

    /** Saves the current edit as JSON plus its PNG (drawn by the render thread); completes on the FX thread. */
    public CompletableFuture<Path> save(Path file) {
        return files.save(file);
    }

    /**
     * Opens a recipe for the open generator: returns the z to make current (the recipe's z with
     * its SeFa moves, so the image is the saved one exactly) and takes over its ψ, keeps and
     * attribute moves. An IOException naming the file for another model's or a broken recipe.
     */
    public float[] open(Path file) throws IOException {
        return files.open(file);
    }

    /** An opened recipe's keeps, attribute moves (kept verbatim) and ψ replace the edits'. */
    void takeOver(List<String> keep, List<Move> attributeMoves, double psiValue) {
        edits.forEach(e -> e.amount = 0);
        for (AttributeEdit e : edits) {
            e.keep.set(keep.contains(e.name));
        }
        fixed.clear();
        fixed.addAll(attributeMoves);
        psi.set(psiValue);
    }

    @Override
    public void close() {
        source.close();
    }
}
