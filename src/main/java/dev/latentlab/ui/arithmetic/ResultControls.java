package dev.latentlab.ui.arithmetic;

import dev.latentlab.latent.ConceptArithmetic;
import dev.latentlab.ui.widgets.Icons;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;

/**
 * The result's knobs in the Arithmetic toolbar: the uniform noise ± of the 8 neighbours (and a new
 * draw of it: the seed), and the scale s along the sum of the terms, each with its value.
 */
final class ResultControls {
    private final Slider noise = new Slider(0, 1, ConceptArithmetic.DEFAULT_NOISE);
    private final Slider scale = new Slider(-0.5, 2.5, 1);
    private final Label noiseValue = new Label();
    private final Label scaleValue = new Label();
    private final Button reroll = Icons.flat(Feather.SHUFFLE, "New noise for the 8 neighbours");
    private long noiseSeed = 1;

    /** {@code onNoise} runs when the noise or its seed changes, {@code onScale} when s does. */
    ResultControls(Tooltip scaleTip, Runnable onNoise, Runnable onScale) {
        reroll.setOnAction(e -> {
            noiseSeed++;
            onNoise.run();
        });
        noise.setId("noise");
        noise.getStyleClass().add("noise-slider");
        noise.valueProperty().addListener((o, a, b) -> {
            showValues();
            onNoise.run();
        });
        scale.setId("scale");
        scale.getStyleClass().add("scale-slider");
        scale.setMajorTickUnit(0.5);
        scale.setShowTickMarks(true);
        scale.setTooltip(scaleTip);
        scale.valueProperty().addListener((o, a, b) -> {
            showValues();
            onScale.run();
        });
        showValues();
    }

    /** The toolbar's part, in order; the sliders may shrink, the rest keep their width. */
    List<Node> nodes() {
        return List.of(new Label("Noise ±"), noise, noiseValue, reroll, new Label("Scale s"), scale, scaleValue);
    }

    double noise() {
        return noise.getValue();
    }

    double scale() {
        return scale.getValue();
    }

    long noiseSeed() {
        return noiseSeed;
    }

    /** An opened expression's settings. */
    void restore(double s, double r, long seed) {
        noiseSeed = seed;
        scale.setValue(s);
        noise.setValue(r);
    }

    Slider noiseSlider() {
        return noise;
    }

    Slider scaleSlider() {
        return scale;
    }

    private void showValues() {
        noiseValue.setText(String.format(Locale.ROOT, "%.2f", noise.getValue()));
        scaleValue.setText(String.format(Locale.ROOT, "%.2f", scale.getValue()));
    }
}
