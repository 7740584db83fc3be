package dev.latentlab.ui.explore;

import dev.latentlab.latent.AttributeDirections;
import dev.latentlab.latent.AttributeDirections.Boundary;
import dev.latentlab.latent.FittedDirections.PickedDirection;
import dev.latentlab.ui.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A direction from picks, in the app: the person marks drawn images as having an attribute or
 * not, names it and fits it ({@link AttributeDirections#fromPicks}, as `directions --positive
 * --negative` does); it becomes a named slider beside the classifier's ({@link NamedEditsModel#addPicked}).
 * The picks are the drawn z's (after named edits and ψ), and are dropped when another model opens.
 */
public final class PicksModel {
    private final NamedEditsModel edits;
    private final Supplier<float[]> drawn;
    private final List<float[]> positives = new ArrayList<>();
    private final List<float[]> negatives = new ArrayList<>();
    private final IntegerProperty positiveCount = new SimpleIntegerProperty();
    private final IntegerProperty negativeCount = new SimpleIntegerProperty();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty(needs());

    /** @param drawn the z of the image on screen */
    public PicksModel(Workspace ws, NamedEditsModel edits, Supplier<float[]> drawn) {
        this.edits = edits;
        this.drawn = drawn;
        ws.modelProperty().addListener((o, a, m) -> clear());
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

    /** Fits the named direction from the picks and adds its slider; false (status says why) when it cannot. */
    public boolean fit() {
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) {
            status.set("Name the attribute first.");
            return false;
        }
        if (positives.size() < AttributeDirections.PICK_FOLDS || negatives.size() < AttributeDirections.PICK_FOLDS) {
            status.set(needs() + " (now " + positives.size() + " and " + negatives.size() + ")");
            return false;
        }
        try {
            int nz = positives.get(0).length;
            Boundary b = AttributeDirections.fromPicks(n, rows(positives, nz), rows(negatives, nz), nz, 1);
            PickedDirection p = PickedDirection.of(b, positives.size(), negatives.size(), "picked in Explore");
            edits.addPicked(p);
            status.set(String.format(Locale.ROOT, "%s: a slider in the list above, from %d + %d picks (%s: %.0f%%).",
                    n, p.positives(), p.negatives(), p.accuracyBy(), 100 * p.accuracy()));
            return true;
        } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
            status.set(e.getMessage());
            return false;
        }
    }

    private static float[] rows(List<float[]> zs, int nz) {
        float[] out = new float[zs.size() * nz];
        for (int i = 0; i < zs.size(); i++) {
            System.arraycopy(zs.get(i), 0, out, i * nz, nz);
        }
        return out;
    }
}
