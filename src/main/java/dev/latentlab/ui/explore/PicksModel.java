package dev.latentlab.ui.explore;

import dev.latentlab.eval.PickProbe;
import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.FittedDirections;
import dev.latentlab.latent.FittedDirections.PickedDirection;
import dev.latentlab.model.GanModel;
import dev.latentlab.ui.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A direction from picks, in the app: the person marks drawn images as having an attribute or
 * not, names it and fits it ({@link PickProbe#best}: in z and through the model's features, the
 * features fit unless z cross-validates clearly better, as `directions --positive --negative`
 * does); it becomes a named slider beside the classifier's ({@link NamedEditsModel#addPicked}).
 * The picks are the drawn z's (after named edits and ψ), and are dropped when another model opens;
 * a fitted direction keeps its picks in directions.json, so {@link #load} brings them back to add
 * to and fit again.
 */
public final class PicksModel {
    private final Workspace ws;
    private final NamedEditsModel edits;
    private final ReadOnlyBooleanWrapper fitting = new ReadOnlyBooleanWrapper();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "latentlab-picks");
        t.setDaemon(true);
        return t;
    });
    /** How the app fits through features (tests use fewer samples). */
    final PickProbe.Options probe = new PickProbe.Options();
    /** Bumped (FX thread) when another model opens: a fit under way for the old one stops (read on the worker). */
    private volatile long modelToken;
    private final Supplier<float[]> drawn;
    private final List<float[]> positives = new ArrayList<>();
    private final List<float[]> negatives = new ArrayList<>();
    private final IntegerProperty positiveCount = new SimpleIntegerProperty();
    private final IntegerProperty negativeCount = new SimpleIntegerProperty();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty(needs());
    private final javafx.beans.binding.BooleanBinding loadable;

    /** @param drawn the z of the image on screen */
    public PicksModel(Workspace ws, NamedEditsModel edits, Supplier<float[]> drawn) {
        this.edits = edits;
        this.drawn = drawn;
        this.ws = ws;
        ws.modelProperty().addListener((o, a, m) -> {
            modelToken++;
            clear();
        });
        loadable = javafx.beans.binding.Bindings.createBooleanBinding(() -> stored(name.get()) != null, name,
                edits.directionsProperty());
    }

    /** The stored picked direction of that name, if its picks were stored with it; else null. */
    private PickedDirection stored(String n) {
        FittedDirections f = edits.directionsProperty().get();
        String key = n == null ? "" : n.strip();
        return f == null ? null : f.picked().stream().filter(p -> p.name().equals(key) && p.hasPicks()).findFirst()
                .orElse(null);
    }

    /** Whether the name is a picked direction stored with its picks (Load picks can bring them back). */
    public javafx.beans.binding.BooleanBinding loadableProperty() {
        return loadable;
    }

    /**
     * Replaces the marks with the picks stored with the picked direction named in the name field,
     * to add to and fit again (the fit replaces the direction of that name).
     */
    public boolean load() {
        PickedDirection p = stored(name.get());
        if (p == null) {
            status.set("No picked direction named '" + (name.get() == null ? "" : name.get().strip())
                    + "' was stored with its picks.");
            return false;
        }
        int nz = p.vector().length;
        positives.clear();
        negatives.clear();
        for (int i = 0; i < p.positives(); i++) {
            positives.add(java.util.Arrays.copyOfRange(p.positiveZ(), i * nz, (i + 1) * nz));
        }
        for (int i = 0; i < p.negatives(); i++) {
            negatives.add(java.util.Arrays.copyOfRange(p.negativeZ(), i * nz, (i + 1) * nz));
        }
        positiveCount.set(positives.size());
        negativeCount.set(negatives.size());
        status.set(String.format(Locale.ROOT, "Loaded the %d + %d picks of %s: mark more, then Fit direction to "
                + "replace it.", p.positives(), p.negatives(), p.name()));
        return true;
    }

    private static String needs() {
        return "Mark at least " + AttributeDirections.PICK_FOLDS + " images that have it and "
                + AttributeDirections.PICK_FOLDS + " that do not.";
    }

    public IntegerProperty positiveCountProperty() {
        return positiveCount;
    }

    public IntegerProperty negativeCountProperty() {
        return negativeCount;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** Marks the image on screen as having the attribute ({@code has}) or not. */
    public void pick(boolean has) {
        (has ? positives : negatives).add(drawn.get().clone());
        positiveCount.set(positives.size());
        negativeCount.set(negatives.size());
    }

    public void clear() {
        positives.clear();
        negatives.clear();
        positiveCount.set(0);
        negativeCount.set(0);
        status.set(needs());
    }

    /** Whether a fit is under way (the Fit button waits). */
    public ReadOnlyBooleanProperty fittingProperty() {
        return fitting.getReadOnlyProperty();
    }

    /**
     * Fits the named direction from the picks, on a copy of the model off the FX thread (through
     * the model's features, {@link PickProbe#best}: a few seconds), and adds its slider. Completes
     * on the FX thread with false (status says why) when it cannot.
     */
    public CompletableFuture<Boolean> fit() {
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) {
            status.set("Name the attribute first.");
            return CompletableFuture.completedFuture(false);
        }
        if (positives.size() < AttributeDirections.PICK_FOLDS || negatives.size() < AttributeDirections.PICK_FOLDS) {
            status.set(needs() + " (now " + positives.size() + " and " + negatives.size() + ")");
            return CompletableFuture.completedFuture(false);
        }
        if (fitting.get()) {
            return CompletableFuture.completedFuture(false);
        }
        int nz = positives.get(0).length;
        float[] pos = rows(positives, nz);
        float[] neg = rows(negatives, nz);
        int np = positives.size();
        int nn = negatives.size();
        long token = modelToken;
        fitting.set(true);
        status.set(String.format(Locale.ROOT, "Fitting %s from %d + %d picks through the model's features "
                + "(%,d samples)…", n, np, nn, probe.pool));
        CompletableFuture<PickProbe.Fitted> done = ws.render().submit(g -> g.copier(true)).thenApplyAsync(copier -> {
            try (GanModel copy = copier.get()) {
                return PickProbe.best(copy, n, pos, neg, probe, 1, () -> token != modelToken);
            }
        }, worker);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        done.whenComplete((f, err) -> Platform.runLater(() -> {
            fitting.set(false);
            if (token != modelToken) {
                result.complete(false);
                return;
            }
            if (err != null) {
                Throwable c = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                        ? err.getCause() : err;
                status.set("Could not fit " + n + ": " + (c.getMessage() == null ? c.toString() : c.getMessage()));
                result.complete(false);
                return;
            }
            try {
                PickedDirection p = PickedDirection.of(f.boundary(), pos, neg, "picked in Explore", f.accuracyBy());
                edits.addPicked(p);
                status.set(String.format(Locale.ROOT, "%s: a slider in the list above, from %d + %d picks, %s.", n, np,
                        nn, f.note()));
                result.complete(true);
            } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
                status.set(e.getMessage());
                result.complete(false);
            }
        }));
        return result;
    }

    private static float[] rows(List<float[]> zs, int nz) {
        float[] out = new float[zs.size() * nz];
        for (int i = 0; i < zs.size(); i++) {
            System.arraycopy(zs.get(i), 0, out, i * nz, nz);
        }
        return out;
    }
}
