package dev.latentlab.ui.train;

import dev.latentlab.train.Elbo;
import dev.latentlab.train.TrainConfig;
import dev.latentlab.ui.widgets.Choices;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;

/**
 * The Train form's VAE-only settings: one learning rate for encoder and decoder (1e-3) with Adam
 * β1 0.9, the KL weight β (1: the negative ELBO itself), the likelihood p(x|z) and the Gaussian's
 * fixed σ (0.1, in units of [−1, 1] pixels; used only by the Gaussian). Writes only its part of the
 * configuration.
 */
final class VaeSettings {
    /** p(x|z) as the form offers it; "auto" resolves by the images' channels ({@link Elbo.Likelihood#resolve}). */
    enum Likelihood {
        AUTO, GAUSSIAN, BERNOULLI;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        String label() {
            return switch (this) {
                case AUTO -> "Auto";
                case GAUSSIAN -> "Gaussian, fixed σ";
                case BERNOULLI -> "Bernoulli";
            };
        }
    }

    private final TextField lr = new TextField("1e-3");
    private final TextField beta1 = new TextField("0.9");
    private final TextField klWeight = new TextField("1");
    private final ChoiceBox<Likelihood> likelihood = Choices.of(List.of(Likelihood.values()), Likelihood.AUTO,
            Likelihood::label);
    private final Label likelihoodHelp = new Label();
    private final TextField sigma = new TextField("0.1");
    private int channels = 1;

    VaeSettings() {
        for (TextField f : List.of(lr, beta1, klWeight, sigma)) {
            f.setPrefColumnCount(6);
        }
        lr.setId("train-vae-lr");
        beta1.setId("train-vae-beta1");
        klWeight.setId("train-kl-weight");
        likelihood.setId("train-likelihood");
        likelihoodHelp.setId("train-likelihood-help");
        sigma.setId("train-sigma");
        lr.setTooltip(new Tooltip("Adam's learning rate for the encoder and the decoder together"));
        klWeight.setTooltip(new Tooltip("The weight β of KL(q(z|x) ‖ N(0, I)) in the loss: 1 minimises the negative "
                + "ELBO itself, more trades reconstruction for a smoother latent space (β-VAE)"));
        sigma.setTooltip(new Tooltip("The Gaussian likelihood's fixed standard deviation, in units of [−1, 1] "
                + "pixels: smaller weighs the reconstruction more against the KL"));
        likelihoodHelp.getStyleClass().addAll("help-text", "text-small", "form-note");
        likelihoodHelp.setWrapText(true);
        likelihood.valueProperty().addListener((o, a, b) -> update());
        update();
    }

    /** The rows of the form's grid that a VAE shows. */
    List<TrainSettingsForm.Row> rows() {
        return List.of(TrainSettingsForm.row("Learning rate", lr), TrainSettingsForm.row("Adam β1", beta1),
                TrainSettingsForm.row("KL weight β", klWeight), TrainSettingsForm.row("Likelihood", likelihood),
                new TrainSettingsForm.Row(null, likelihoodHelp), TrainSettingsForm.row("σ", sigma));
    }

    /** The images' channels, which "auto" resolves by. */
    void setChannels(int channels) {
        this.channels = channels;
        update();
    }

    private void update() {
        Elbo.Likelihood resolved = Elbo.Likelihood.resolve(likelihood.getValue().id(), channels);
        String here = resolved == Elbo.Likelihood.BERNOULLI ? "Bernoulli" : "Gaussian";
        likelihoodHelp.setText("Auto picks Bernoulli for 1 channel (gray levels as probabilities) and Gaussian "
                + "for 3 (colour); these images: " + here + ". σ is used by the Gaussian only.");
        sigma.setDisable(resolved != Elbo.Likelihood.GAUSSIAN);
    }

    /** Writes the VAE's settings into {@code c}: one learning rate for both networks. */
    void write(TrainConfig c) {
        c.lrD = TrainSettingsForm.number(lr, "the learning rate");
        c.lrG = c.lrD;
        c.beta1 = TrainSettingsForm.number(beta1, "Adam β1");
        c.beta = TrainSettingsForm.number(klWeight, "the KL weight β");
        c.likelihood = likelihood.getValue().id();
        c.sigma = TrainSettingsForm.number(sigma, "σ");
    }

    /** A continued VAE takes these from the form (its likelihood and σ stay its own: they define its objective). */
    static void copy(TrainConfig from, TrainConfig to) {
        to.lrD = from.lrD;
        to.lrG = from.lrG;
        to.beta1 = from.beta1;
        to.beta = from.beta;
    }

    /** For tests and demos. */
    void set(double learningRate, double beta, Likelihood lik, double gaussianSigma) {
        lr.setText(Double.toString(learningRate));
        klWeight.setText(Double.toString(beta));
        likelihood.setValue(lik);
        sigma.setText(Double.toString(gaussianSigma));
    }
}
