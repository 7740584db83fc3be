package dev.latentlab.ui.explore;

import dev.latentlab.latent.Prior;
import dev.latentlab.ui.widgets.Icons;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The "Latent z" tab: a slider per z dimension (±3σ), its value and a reset to 0. */
final class LatentSliders {
    private final ZEditor editor;
    private final VBox rows = new VBox(2);
    private final List<Slider> sliders = new ArrayList<>();
    private final List<Label> values = new ArrayList<>();
    private final ScrollPane node = new ScrollPane(rows);

    LatentSliders(ZEditor editor) {
        this.editor = editor;
        node.setFitToWidth(true);
        node.setId("z-scroll");
        rows.setPadding(new Insets(6, 10, 6, 6));
    }

    Node node() {
        return node;
    }

    int size() {
        return sliders.size();
    }

    /** One row per dimension of z. */
    void build(int nz) {
        sliders.clear();
        values.clear();
        List<Node> list = new ArrayList<>(nz);
        for (int i = 0; i < nz; i++) {
            final int index = i;
            Label name = new Label(Integer.toString(i));
            name.getStyleClass().add("z-index");
            Slider s = new Slider(-Prior.RANGE, Prior.RANGE, 0);
            s.setId("z-slider-" + i);
            s.getStyleClass().add("small");
            HBox.setHgrow(s, Priority.ALWAYS);
            Label value = new Label(ZEditor.format(0));
            value.getStyleClass().add("z-value");
            Button reset = Icons.flat(Feather.X, "Set z[" + i + "] to 0");
            reset.getStyleClass().add("small");
            reset.setOnAction(e -> editor.setComponent(index, 0, true));
            editor.track(s);
            s.valueProperty().addListener((o, a, b) -> {
                if (!editor.syncing) {
                    editor.setComponent(index, b.floatValue(), !s.isValueChanging());
                }
            });
            HBox row = new HBox(6, name, s, value, reset);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("z-row");
            sliders.add(s);
            values.add(value);
            list.add(row);
        }
        rows.getChildren().setAll(list);
    }

    /** Shows z (the caller holds {@link ZEditor#syncing}). */
    void show(float[] z) {
        for (int i = 0; i < sliders.size() && i < z.length; i++) {
            if (sliders.get(i).getValue() != z[i]) {
                sliders.get(i).setValue(z[i]);
            }
            values.get(i).setText(ZEditor.format(z[i]));
        }
    }

    Slider slider(int i) {
        return sliders.get(i);
    }
}
