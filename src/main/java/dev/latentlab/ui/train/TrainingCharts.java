package dev.latentlab.ui.train;

import dev.latentlab.train.IterationRecord;
import dev.latentlab.ui.widgets.CanvasPane.Ink;
import dev.latentlab.ui.widgets.TimeSeriesChart;
import javafx.scene.Node;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Train view's two charts: loss_D on real and on fake and loss_G; D(x) and D(G(z)) with the 0.5 line. */
final class TrainingCharts {
    private final TimeSeriesChart losses = new TimeSeriesChart("Losses");
    private final TimeSeriesChart outputs = new TimeSeriesChart("D outputs");
    private final TimeSeriesChart.Series lossDReal = losses.addSeries("D real", Ink.REAL);
    private final TimeSeriesChart.Series lossDFake = losses.addSeries("D fake", Ink.FAKE);
    private final TimeSeriesChart.Series lossG = losses.addSeries("G", Ink.GENERATOR);
    private final TimeSeriesChart.Series dReal = outputs.addSeries("D(x)", Ink.REAL);
    private final TimeSeriesChart.Series dFake = outputs.addSeries("D(G(z))", Ink.FAKE);
    private final VBox root;

    TrainingCharts() {
        outputs.setYRange(0, 1);
        outputs.addReference(0.5);
        losses.setId("loss-chart");
        outputs.setId("d-chart");
        VBox.setVgrow(losses, Priority.ALWAYS);
        VBox.setVgrow(outputs, Priority.ALWAYS);
        root = new VBox(losses, outputs);
        root.getStyleClass().add("form-column");
    }

    Node node() {
        return root;
    }

    /** Adds an iteration (or a single D or G update, whose other values are NaN and left out). */
    void add(IterationRecord r) {
        double x = r.iteration();
        losses.add(lossDReal, x, r.lossDReal());
        losses.add(lossDFake, x, r.lossDFake());
        losses.add(lossG, x, r.lossG());
        outputs.add(dReal, x, r.dReal());
        outputs.add(dFake, x, Double.isFinite(r.dFakeBefore()) ? r.dFakeBefore() : r.dFakeAfter());
    }

    void refresh() {
        losses.refresh();
        outputs.refresh();
    }

    void clear() {
        losses.clear();
        outputs.clear();
    }

    TimeSeriesChart losses() {
        return losses;
    }

    TimeSeriesChart outputs() {
        return outputs;
    }
}
