package dev.latentlab.ui.train;

import dev.latentlab.train.IterationRecord;
import dev.latentlab.ui.widgets.LossPlot;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Train › Losses: the two generator losses and their gradients over D(G(z)) with the live batch's
 * D(G(z)) values as dots ({@link LossPlot}), and the three cross-entropy terms as the note writes
 * them with the run's latest values.
 */
final class LossesPanel {
    private final LossPlot plot = new LossPlot();
    private final Label bceReal = number("losses-bce-real");
    private final Label bceFake = number("losses-bce-fake");
    private final Label bceG = number("losses-bce-g");
    private final Label dots = new Label("No batch yet: start a GAN run.");
    private final Label hingeNote = new Label();
    private final ScrollPane root;

    LossesPanel() {
        dots.setId("losses-dots");
        dots.setWrapText(true);
        dots.getStyleClass().add("help-text");
        Label help = new Label("When D wins early, D(G(z)) sits near 0: there the minimax gradient σ(l) = D(G(z)) "
                + "vanishes while the non-saturating one, D(G(z)) − 1, stays near −1 — why G trains on −log D(G(z)).");
        help.setWrapText(true);
        help.getStyleClass().add("help-text");
        GridPane terms = new GridPane();
        terms.getStyleClass().add("form-grid");
        terms.addRow(0, text("D on real: BCE(D(x), 1) = −log D(x)"), bceReal);
        terms.addRow(1, text("D on fakes: BCE(D(G(z)), 0) = −log(1 − D(G(z)))"), bceFake);
        terms.addRow(2, text("G: BCE(D(G(z)), 1) = −log D(G(z))"), bceG);
        VBox.setVgrow(plot, Priority.ALWAYS);
        hingeNote.setWrapText(true);
        hingeNote.setVisible(false);
        hingeNote.setManaged(false);
        VBox box = new VBox(10, plot, dots, hingeNote, terms, help);
        box.getStyleClass().add("padded");
        root = new ScrollPane(box);
        root.setFitToWidth(true);
        root.setFitToHeight(true);
    }

    Node node() {
        return root;
    }

    /** A new run: nothing shown; a hinge-loss run's terms are not cross-entropies, and the panel says so. */
    void clear(boolean hinge) {
        hingeNote.setText(hinge ? "This run uses the hinge loss: the three figures below are its terms "
                + "(max(0, 1 − l) on real, max(0, 1 + l) on fakes, −l for G), not the cross-entropies named." : "");
        hingeNote.setVisible(hinge);
        hingeNote.setManaged(hinge);
        plot.show(null);
        dots.setText("No batch yet: start a GAN run.");
        for (Label l : new Label[] {bceReal, bceFake, bceG}) {
            l.setText("–");
        }
    }

    /** The latest G update's D(G(z)) per image. */
    void showFakeOutputs(long iteration, float[] d) {
        plot.show(d);
        double mean = 0;
        for (float v : d) {
            mean += v / d.length;
        }
        dots.setText(String.format(Locale.ROOT, "Dots: D(G(z)) of the %d images in the G update of iteration %,d "
                + "(mean %.3f).", d.length, iteration, mean));
    }

    /** The latest iteration's loss terms (a D or G step alone leaves the other's as they were). */
    void showRecord(IterationRecord r) {
        if (!Double.isNaN(r.lossDReal())) {
            bceReal.setText(String.format(Locale.ROOT, "%.4f", r.lossDReal()));
            bceFake.setText(String.format(Locale.ROOT, "%.4f", r.lossDFake()));
        }
        if (!Double.isNaN(r.lossG())) {
            bceG.setText(String.format(Locale.ROOT, "%.4f", r.lossG()));
        }
    }

    LossPlot plot() {
        return plot;
    }

    Label bceGLabel() {
        return bceG;
    }

    private static Label text(String s) {
        Label l = new Label(s);
        l.setWrapText(true);
        return l;
    }

    private static Label number(String id) {
        Label l = new Label("–");
        l.setId(id);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }
}
