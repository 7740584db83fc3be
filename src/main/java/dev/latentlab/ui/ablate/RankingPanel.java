package dev.latentlab.ui.ablate;

import dev.latentlab.eval.ChannelRanking;
import dev.latentlab.nn.LayerInfo;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The current ranking in words (method, source, top channels and scores) and "Remove top k" of it. */
final class RankingPanel {
    private final AblationState state;
    private final Slider topK = new Slider(0, 1, 0);
    private final Label kLabel = new Label("0");
    private final Label label = new Label("No ranking yet: mark a concept, or use the classifier.");
    private final VBox root;
    private boolean settingK;

    RankingPanel(AblationState state) {
        this.state = state;
        topK.setId("top-k");
        topK.setMajorTickUnit(1);
        topK.setMinorTickCount(0);
        topK.setSnapToTicks(true);
        topK.setBlockIncrement(1);
        topK.setDisable(true);
        topK.valueProperty().addListener((o, a, b) -> {
            kLabel.setText(Integer.toString(b.intValue()));
            if (!settingK) {
                state.removeTop(b.intValue());
            }
        });
        HBox.setHgrow(topK, Priority.ALWAYS);
        kLabel.getStyleClass().add("k-value");
        HBox kRow = new HBox(new Label("Remove top k"), topK, kLabel);
        kRow.getStyleClass().add("form-row");
        label.setWrapText(true);
        label.setId("ranking-label");
        label.getStyleClass().addAll("help-text", "text-small");
        root = new VBox(kRow, label);
        root.getStyleClass().add("form-column");
        state.layerProperty().addListener((o, a, l) -> layerChanged(l));
        state.rankedProperty().addListener((o, a, r) -> {
            if (r != null) {
                show(r.ranking(), r.source());
            }
        });
    }

    Node node() {
        return root;
    }

    int k() {
        return (int) topK.getValue();
    }

    void setK(int k) {
        topK.setValue(k);
    }

    private void layerChanged(LayerInfo l) {
        settingK = true;
        topK.setValue(0);
        topK.setDisable(true);
        settingK = false;
        label.setText("No ranking yet for this layer: mark a concept, or use the classifier.");
        if (l != null) {
            topK.setMax(l.channels());
        }
    }

    private void show(ChannelRanking r, String source) {
        int[] top = r.top(8);
        StringBuilder sb = new StringBuilder("Ranked by " + r.method() + " (" + source + "). Top: ");
        for (int i = 0; i < top.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(top[i])
                    .append(String.format(Locale.ROOT, " (%.3g)", r.score(top[i])));
        }
        label.setText(sb.toString());
        topK.setDisable(false);
        if (topK.getValue() > 0) {
            state.removeTop((int) topK.getValue());
        }
    }
}
