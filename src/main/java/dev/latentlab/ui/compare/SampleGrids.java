package dev.latentlab.ui.compare;

import dev.latentlab.model.Generated;
import dev.latentlab.ui.widgets.FrameView;
import dev.latentlab.ui.widgets.WrapRow;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Both models' samples for the same 16 z, side by side, and a button for another 16. */
final class SampleGrids extends VBox {
    private final CompareState state;
    private final List<FrameView> views = List.of(new FrameView(), new FrameView());
    private final List<Label> captions = List.of(new Label("A"), new Label("B"));
    private final Label seedLabel = new Label();

    SampleGrids(CompareState state) {
        this.state = state;
        getStyleClass().add("compare-panel");
        Label title = new Label("Samples, the same z in both");
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button again = new Button("New samples");
        again.setId("compare-new-samples");
        again.setOnAction(e -> refresh(state.seed() + 1));
        seedLabel.getStyleClass().add("help-text");
        WrapRow bar = new WrapRow(again, seedLabel);
        HBox frames = new HBox(8);
        for (int s = 0; s < 2; s++) {
            views.get(s).setId("compare-grid-" + (s == 0 ? "a" : "b"));
            VBox box = Frames.captioned(views.get(s), captions.get(s));
            HBox.setHgrow(box, Priority.ALWAYS);
            frames.getChildren().add(box);
            int slot = s;
            state.loadedProperty(s).addListener((o, a, b) -> captions.get(slot).setText(
                    (slot == 0 ? "A · " : "B · ") + (b == null ? "none" : b.name())));
        }
        VBox.setVgrow(frames, Priority.ALWAYS);
        getChildren().addAll(title, bar, frames);
    }

    /** Renders both grids for the seed's z. */
    void refresh(long seed) {
        seedLabel.setText("z from seed " + seed);
        state.samples(seed).thenAccept(this::show);
    }

    private void show(Generated[] g) {
        for (int s = 0; s < 2; s++) {
            Frames.show(views.get(s), g[s], 4);
        }
    }

    FrameView view(int slot) {
        return views.get(slot);
    }
}
