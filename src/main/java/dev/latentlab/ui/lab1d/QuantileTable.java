package dev.latentlab.ui.lab1d;

import dev.latentlab.lab1d.Noise1d;
import dev.latentlab.lab1d.Tails;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;

/**
 * The tail quantiles as a small table: rows target, GAN and VAE; columns the 1%, 99% and 99.9%
 * quantiles (of {@link dev.latentlab.lab1d.Gan1dRun#TAIL_SAMPLES} samples each) and the ratio of
 * each 99.9% quantile to the target's; under it, a line naming each model's noise. A model that
 * diverged shows dashes.
 */
public final class QuantileTable extends GridPane {
    static final String[] ROWS = {"target", "GAN", "VAE"};
    private final Label[][] cells = new Label[ROWS.length][Tails.TABLE.length + 1];
    private final Label ganName = new Label("GAN");
    private final Label caption = new Label();

    public QuantileTable() {
        getStyleClass().add("quantile-table");
        setId("lab-quantiles");
        String[] heads = {"quantile", "1%", "99%", "99.9%", "÷ target"};
        for (int c = 0; c < heads.length; c++) {
            Label l = new Label(heads[c]);
            l.getStyleClass().add("quantile-head");
            add(l, c, 0);
        }
        Label target = new Label("target");
        Label vae = new Label("VAE");
        target.getStyleClass().add("quantile-target");
        ganName.getStyleClass().add("quantile-gan");
        vae.getStyleClass().add("quantile-vae");
        target.setTooltip(new Tooltip("The data: 200,000 samples of the target"));
        ganName.setTooltip(new Tooltip("G(z) for 20,000 draws of the chosen noise z"));
        vae.setTooltip(new Tooltip("20,000 samples of the VAE: z ~ N(0, 1), x = m(z) + σ(z)·ε — "
                + "the decoder's noise included, not just its mean m(z)"));
        Label[] names = {target, ganName, vae};
        caption.getStyleClass().add("help-text");
        caption.setWrapText(true);
        caption.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // every line of it
        caption.setPrefWidth(0); // as wide as the columns above, not one long line
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setId("lab-quantiles-caption");
        add(caption, 0, ROWS.length + 1, heads.length, 1);
        for (int r = 0; r < ROWS.length; r++) {
            add(names[r], 0, r + 1);
            for (int c = 0; c < cells[r].length; c++) {
                Label v = new Label("–");
                v.getStyleClass().add("quantile-value");
                v.setId("quantile-" + ROWS[r].toLowerCase(java.util.Locale.ROOT) + "-" + c);
                cells[r][c] = v;
                add(v, c + 1, r + 1);
            }
        }
        for (javafx.scene.Node n : getChildren()) { // the figures and their heads never shrink to "…"
            if (n != caption) {
                ((Label) n).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
    }

    /** Shows the table's rows of {@code t}; {@code noise} names the GAN's z. */
    public void show(Tails t, Noise1d noise) {
        caption.setText("GAN: z ~ " + noise + ". VAE: z ~ N(0, 1), with the decoder's noise. "
                + "÷ target: each 99.9% quantile over the target's.");
        double[][] rows = {t.target(), t.gan(), t.vae()};
        int last = t.indexOf(Tails.TABLE[Tails.TABLE.length - 1]);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < Tails.TABLE.length; c++) {
                cells[r][c].setText(value(rows[r][t.indexOf(Tails.TABLE[c])], "%.2f"));
            }
            cells[r][Tails.TABLE.length].setText(value(rows[r][last] / t.target()[last], "%.2f"));
        }
    }

    private static String value(double v, String format) {
        return Double.isFinite(v) ? String.format(format, v) : "–";
    }
}
