package dev.latentlab.ui.train;

import dev.latentlab.train.TrainConfig;
import dev.latentlab.ui.widgets.Choices;
import java.util.List;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;

/**
 * The Train form's GAN-only settings, with the DCGAN paper's defaults: D's and G's learning rates
 * (2e-4) and Adam β1 (0.5), D and G steps per iteration, the loss, the noise prior and G's moving
 * average. Writes only its part of the configuration.
 */
final class GanSettings {
    private final TextField lrD = new TextField("2e-4");
    private final TextField lrG = new TextField("2e-4");
    private final TextField beta1 = new TextField("0.5");
    private final Spinner<Integer> dSteps = new Spinner<>(1, 20, 1);
    private final Spinner<Integer> gSteps = new Spinner<>(1, 20, 1);
    private final ChoiceBox<TrainConfig.Loss> loss = Choices.of(List.of(TrainConfig.Loss.values()),
            TrainConfig.Loss.NON_SATURATING, Choices::label);
    private final ChoiceBox<TrainConfig.Noise> noise = Choices.of(List.of(TrainConfig.Noise.values()),
            TrainConfig.Noise.NORMAL, Choices::label);
    private final CheckBox average = new CheckBox("moving average, 0.999");
    private final ChoiceBox<String> recipe = Choices.of(List.of("Classic", "Stable"), "Classic", r -> r);
    private final CheckBox spectral = new CheckBox("spectral norm");
    private final CheckBox decay = new CheckBox("lr decay");

    GanSettings() {
        for (TextField f : List.of(lrD, lrG, beta1)) {
            f.setPrefColumnCount(6);
        }
        for (Spinner<Integer> s : List.of(dSteps, gSteps)) {
            s.setEditable(true);
            s.getStyleClass().add("number-field");
        }
        lrD.setId("train-lr-d");
        lrG.setId("train-lr-g");
        beta1.setId("train-beta1");
        dSteps.setId("train-d-steps");
        loss.setId("train-loss");
        noise.setId("train-noise");
        average.setId("train-ema");
        average.setTooltip(new Tooltip("Keep a moving average of G's weights (decay 0.999) and show, snapshot and save "
                + "it: GAN training oscillates, the average follows its centre"));
        recipe.setId("train-recipe");
        spectral.setId("train-spectral");
        decay.setId("train-decay");
        recipe.setTooltip(new Tooltip("Classic: the DCGAN paper's loop, the note's lesson. Stable: spectral norm and the "
                + "hinge loss in D, D faster than G (4e-4 / 1e-4), Adam β (0, 0.9), G averaged, the learning rates "
                + "decayed over the second half (Miyato et al. 2018, Heusel et al. 2017). Each setting can still be changed."));
        spectral.setTooltip(new Tooltip("Divide each of D's convolution weights by its largest singular value (and drop "
                + "D's BatchNorm): D stays 1-Lipschitz and cannot win outright"));
        decay.setTooltip(new Tooltip("Decay both learning rates linearly to 0 over the second half of the run"));
        recipe.valueProperty().addListener((o, was, now) -> preset(now));
    }

    /** Fills the form with a recipe's values (the user may change any of them afterwards). */
    private void preset(String name) {
        TrainConfig c = new TrainConfig();
        if ("Stable".equals(name)) {
            c.stable();
        }
        lrD.setText(String.valueOf(c.lrD));
        lrG.setText(String.valueOf(c.lrG));
        beta1.setText(String.valueOf(c.beta1));
        loss.setValue(c.loss);
        average.setSelected(c.ema > 0);
        spectral.setSelected(c.spectralNorm);
        decay.setSelected(c.lrDecay != TrainConfig.Decay.NONE);
    }

    /** The rows of the form's grid that a GAN shows. */
    List<TrainSettingsForm.Row> rows() {
        return List.of(TrainSettingsForm.row("Recipe", recipe), TrainSettingsForm.row("D", spectral),
                TrainSettingsForm.row("Schedule", decay), TrainSettingsForm.row("lr D", lrD), TrainSettingsForm.row("lr G", lrG),
                TrainSettingsForm.row("Adam β1", beta1), TrainSettingsForm.row("D steps", dSteps),
                TrainSettingsForm.row("G steps", gSteps), TrainSettingsForm.row("Loss", loss),
                TrainSettingsForm.row("Noise z", noise), TrainSettingsForm.row("Average G", average));
    }

    /** Writes the GAN's settings into {@code c}. */
    void write(TrainConfig c) {
        c.lrD = TrainSettingsForm.number(lrD, "lr D");
        c.lrG = TrainSettingsForm.number(lrG, "lr G");
        c.beta1 = TrainSettingsForm.number(beta1, "Adam β1");
        c.dSteps = dSteps.getValue();
        c.gSteps = gSteps.getValue();
        c.loss = loss.getValue();
        c.noise = noise.getValue();
        c.ema = average.isSelected() ? 0.999 : 0;
        c.recipe = recipe.getValue().toLowerCase(java.util.Locale.ROOT);
        c.spectralNorm = spectral.isSelected();
        c.lrDecay = decay.isSelected() ? TrainConfig.Decay.LINEAR : TrainConfig.Decay.NONE;
        c.beta2 = "Stable".equals(recipe.getValue()) ? 0.9 : 0.999;
    }

    /** A continued GAN takes these from the form. */
    static void copy(TrainConfig from, TrainConfig to) {
        to.lrD = from.lrD;
        to.lrG = from.lrG;
        to.beta1 = from.beta1;
        to.dSteps = from.dSteps;
        to.gSteps = from.gSteps;
        to.loss = from.loss;
        to.noise = from.noise;
        to.ema = from.ema;
        to.lrDecay = from.lrDecay;
    }
}
