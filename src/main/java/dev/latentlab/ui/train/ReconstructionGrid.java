package dev.latentlab.ui.train;

import dev.latentlab.ui.widgets.FrameView;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A VAE run's reconstructions, the newest: fixed real images, each followed by its reconstruction
 * G(μ(x)), in pairs across the grid. Shown only while the run is a VAE's.
 */
final class ReconstructionGrid {
    private final FrameView gridView = new FrameView();
    private final Label caption = new Label();
    private final VBox root;
    private SampleHistory.Grid shown;

    ReconstructionGrid() {
        gridView.setId("train-recon-grid");
        gridView.getStyleClass().add("train-recon-grid");
        caption.setId("train-recon-label");
        caption.getStyleClass().add("help-text");
        Label title = new Label("Reconstructions");
        title.getStyleClass().add("section-title");
        VBox.setVgrow(gridView, Priority.ALWAYS);
        root = new VBox(title, gridView, caption);
        root.setId("train-recon");
        root.getStyleClass().add("train-samples");
        setShown(false);
        clear();
    }

    Node node() {
        return root;
    }

    /** On for a VAE's run. */
    void setShown(boolean on) {
        root.setVisible(on);
        root.setManaged(on);
    }

    boolean isShown() {
        return root.isVisible();
    }

    void show(SampleHistory.Grid g) {
        shown = g;
        gridView.show(g.argb(), g.width(), g.height());
        caption.setText(String.format("Iteration %,d  ·  each image, then G(μ(x))", g.iteration()));
    }

    void clear() {
        shown = null;
        gridView.clear();
        caption.setText("No reconstructions yet");
    }

    /** The grid shown, null before the first. */
    SampleHistory.Grid grid() {
        return shown;
    }

    FrameView view() {
        return gridView;
    }
}
