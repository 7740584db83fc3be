package dev.latentlab.ui.explore;

import dev.latentlab.latent.Truncation;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The truncation ψ of Explore's image: a slider from 0 to 1 (the value can go to 2 through a
 * recipe), the value, and a reset to 1. Writes only ψ; the view model applies it.
 */
public final class TruncationControl {
    private final HBox root;
    private final Slider slider = new Slider(Truncation.MIN, 1, 1);

    public TruncationControl(DoubleProperty psi) {
        Label name = new Label("ψ");
        name.getStyleClass().add("truncation-name");
        Tooltip.install(name, new Tooltip("Truncation: z ← ψ·z, towards the prior's mean. Lower ψ gives more typical, "
                + "cleaner faces and less variety; 1 leaves z alone."));
        slider.setId("truncation");
        slider.setMajorTickUnit(0.25);
        slider.setBlockIncrement(0.05);
        slider.valueProperty().bindBidirectional(psi);
        HBox.setHgrow(slider, Priority.ALWAYS);
        Label value = new Label();
        value.getStyleClass().add("truncation-value");
        value.textProperty().bind(psi.asString(java.util.Locale.ROOT, "%.2f"));
        Button reset = new Button("Reset");
        reset.getStyleClass().addAll("flat", "small");
        reset.setTooltip(new Tooltip("No truncation (ψ = 1)"));
        reset.setOnAction(e -> psi.set(1));
        root = new HBox(name, slider, value, reset);
        root.setAlignment(Pos.CENTER_LEFT);
        root.getStyleClass().add("truncation-control");
    }

    public Node node() {
        return root;
    }

    Slider slider() {
        return slider;
    }
}
