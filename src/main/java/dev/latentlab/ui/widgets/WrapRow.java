package dev.latentlab.ui.widgets;

import javafx.scene.Node;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/**
 * A row of controls that goes on to a second line when the window is too narrow for it, rather
 * than cutting the controls' text short or pushing them out of the window: each keeps its
 * preferred width. Spacing and alignment come from the stylesheet ({@code wrap-row}).
 */
public final class WrapRow extends FlowPane {
    public WrapRow(Node... children) {
        getStyleClass().add("wrap-row");
        getChildren().addAll(children);
        getChildren().addListener((javafx.collections.ListChangeListener<Node>) c -> keepWhole());
        keepWhole();
    }

    private void keepWhole() {
        for (Node n : getChildren()) {
            if (n instanceof Region r && r.getMinWidth() == Region.USE_COMPUTED_SIZE) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
    }
}
