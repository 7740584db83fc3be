package dev.latentlab.ui;

import javafx.scene.Node;
import javafx.scene.input.KeyEvent;
import org.kordamp.ikonli.feather.Feather;

/** One page of the app, shown in the centre when its navigation entry is selected. */
public interface View {
    String title();

    Feather icon();

    Node node();

    /** Whether the view shows anything without a loaded model (Train does: it makes one). */
    default boolean needsModel() {
        return true;
    }

    /** Called when the view becomes visible. */
    default void shown() {}

    /** Called when another view replaces it. */
    default void hidden() {}

    /** A key pressed while the view is visible and no text field has focus; true when handled. */
    default boolean handleKey(KeyEvent e) {
        return false;
    }
}
