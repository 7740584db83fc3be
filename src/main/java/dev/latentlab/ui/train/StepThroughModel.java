package dev.latentlab.ui.train;

import dev.latentlab.train.StepThrough;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The step-through panel's state, without nodes: the latest report of the run's
 * {@link StepThrough} (what the steps so far have shown) and, when the run cannot be stepped
 * through, why. Set on the FX thread from the run's events.
 */
final class StepThroughModel {
    private final ObjectProperty<StepThrough.Report> report = new SimpleObjectProperty<>();
    private final StringProperty refusal = new SimpleStringProperty();

    ObjectProperty<StepThrough.Report> report() {
        return report;
    }

    StringProperty refusal() {
        return refusal;
    }

    /** The step shown now, 0 before the first (1 … 5 after). */
    int stepShown() {
        StepThrough.Report r = report.get();
        return r == null ? 0 : r.stage().ordinal() + 1;
    }

    /** The run's answer to one click. */
    void accept(StepThrough.Report r, String why) {
        refusal.set(why);
        if (r != null) {
            report.set(r);
        }
    }

    /** A new run: nothing shown yet. */
    void clear() {
        report.set(null);
        refusal.set(null);
    }
}
