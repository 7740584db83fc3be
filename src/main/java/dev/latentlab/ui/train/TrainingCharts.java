package dev.latentlab.ui.train;

import dev.latentlab.train.IterationRecord;
import dev.latentlab.ui.widgets.CanvasPane.Ink;
import dev.latentlab.ui.widgets.TimeSeriesChart;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Train view's charts. A GAN's: loss_D on real and on fake and loss_G; D(x) and D(G(z)) with
 * the 0.5 line. A VAE's: the reconstruction term and the KL in nats per image, and the negative
 * ELBO in bits per dimension. {@link #setVae} picks the set shown.
 */
final class TrainingCharts {
    private final TimeSeriesChart losses = new TimeSeriesChart("Losses");
    private final TimeSeriesChart outputs = new TimeSeriesChart("D outputs");
    private final TimeSeriesChart.Series lossDReal = losses.addSeries("D real", Ink.REAL);
    private final TimeSeriesChart.Series lossDFake = losses.addSeries("D fake", Ink.FAKE);
    private final TimeSeriesChart.Series lossG = losses.addSeries("G", Ink.GENERATOR);
    private final TimeSeriesChart.Series dReal = outputs.addSeries("D(x)", Ink.REAL);
    private final TimeSeriesChart.Series dFake = outputs.addSeries("D(G(z))", Ink.FAKE);
    private final TimeSeriesChart recon = new TimeSeriesChart("Reconstruction, nats/image");
    private final TimeSeriesChart kl = new TimeSeriesChart("KL, nats/image");
    private final TimeSeriesChart elbo = new TimeSeriesChart("−ELBO, bits/dim");
    private final TimeSeriesChart.Series reconTerm = recon.addSeries("−log p(x|z)", Ink.RECON);
    private final TimeSeriesChart.Series klTerm = kl.addSeries("KL(q(z|x) ‖ p(z))", Ink.KL);
    private final TimeSeriesChart.Series bits = elbo.addSeries("bits/dim", Ink.ELBO);
    private final List<TimeSeriesChart> gan = List.of(losses, outputs);
    private final List<TimeSeriesChart> vae = List.of(recon, kl, elbo);
    private final VBox root = new VBox();
    private boolean showsVae;

    TrainingCharts() {
        outputs.setYRange(0, 1);
        outputs.addReference(0.5);
        losses.setId("loss-chart");
        outputs.setId("d-chart");
        recon.setId("recon-chart");
        kl.setId("kl-chart");
        elbo.setId("elbo-chart");
        for (TimeSeriesChart c : List.of(losses, outputs, recon, kl, elbo)) {
            VBox.setVgrow(c, Priority.ALWAYS);
        }
        root.getChildren().setAll(gan);
        root.getStyleClass().add("form-column");
    }

    Node node() {
        return root;
    }

    /** Shows a VAE's charts, or a GAN's. */
    void setVae(boolean on) {
        showsVae = on;
        root.getChildren().setAll(on ? vae : gan);
    }

    boolean showsVae() {
        return showsVae;
    }

    /** Adds an iteration (or a single D or G update, whose other values are NaN and left out). */
    void add(IterationRecord r) {
        double x = r.iteration();
        if (r.isVae()) {
            recon.add(reconTerm, x, r.recon());
            kl.add(klTerm, x, r.kl());
            elbo.add(bits, x, r.bitsPerDim());
            return;
        }
        losses.add(lossDReal, x, r.lossDReal());
        losses.add(lossDFake, x, r.lossDFake());
        losses.add(lossG, x, r.lossG());
        outputs.add(dReal, x, r.dReal());
        outputs.add(dFake, x, Double.isFinite(r.dFakeBefore()) ? r.dFakeBefore() : r.dFakeAfter());
    }

    void refresh() {
        for (TimeSeriesChart c : showsVae ? vae : gan) {
            c.refresh();
        }
    }

    void clear() {
        for (TimeSeriesChart c : List.of(losses, outputs, recon, kl, elbo)) {
            c.clear();
        }
    }

    TimeSeriesChart losses() {
        return losses;
    }

    TimeSeriesChart outputs() {
        return outputs;
    }

    TimeSeriesChart recon() {
        return recon;
    }

    TimeSeriesChart kl() {
        return kl;
    }

    TimeSeriesChart elbo() {
        return elbo;
    }
}
