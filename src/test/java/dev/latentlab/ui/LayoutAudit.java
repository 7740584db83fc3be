package dev.latentlab.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;

/**
 * What a person would see wrong in a window, read from its scene graph (FX thread): a Labeled whose
 * text is cut short (its skin's Text node shows less than {@code getText()}, ending in "…"), and a
 * visible control that lies partly outside the window (outside any scroll pane, where it could
 * be scrolled to).
 */
public final class LayoutAudit {
    private LayoutAudit() {}

    /** One line per problem, naming the node by id, style class and text. */
    public static List<String> problems(Scene scene) {
        List<String> out = new ArrayList<>();
        walk(scene.getRoot(), scene, false, out);
        return out;
    }

    private static void walk(Node n, Scene scene, boolean inScrollPane, List<String> out) {
        if (!n.isVisible() || n.getOpacity() == 0) {
            return;
        }
        if (n instanceof Labeled l && truncated(l)) {
            out.add("cut short: " + name(n) + " shows '" + shown(l) + "' of '" + l.getText() + "'");
        }
        if (n instanceof Control && !inScrollPane) {
            Bounds b = n.localToScene(n.getLayoutBounds());
            if (b.getWidth() > 0 && b.getHeight() > 0 && (b.getMinX() < -0.5 || b.getMinY() < -0.5
                    || b.getMaxX() > scene.getWidth() + 0.5 || b.getMaxY() > scene.getHeight() + 0.5)) {
                out.add(String.format(java.util.Locale.ROOT, "outside the %.0f×%.0f window: %s at x %.0f…%.0f, y %.0f…%.0f",
                        scene.getWidth(), scene.getHeight(), name(n), b.getMinX(), b.getMaxX(), b.getMinY(), b.getMaxY()));
                return; // its parts are outside too
            }
        }
        if (n instanceof Parent p) {
            boolean scrolls = inScrollPane || n instanceof ScrollPane;
            for (Node c : p.getChildrenUnmodifiable()) {
                walk(c, scene, scrolls, out);
            }
        }
    }

    /** Whether the skin shows less than the text (an ellipsis, or nothing at all). */
    static boolean truncated(Labeled l) {
        String full = l.getText();
        if (full == null || full.isEmpty()) {
            return false;
        }
        String shown = shown(l);
        return shown != null && !shown.equals(full) && !shown.equals(full.replace("_", ""));
    }

    private static String shown(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            // the skin's LabeledText; a graphic may be a Text too (an icon font's glyph)
            if (c instanceof Text t && c.getClass().getSimpleName().equals("LabeledText")) {
                return t.getText();
            }
        }
        return null; // no skin yet, or only a graphic shown
    }

    private static String name(Node n) {
        String text = n instanceof Labeled l ? " '" + l.getText() + "'" : "";
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : " #" + n.getId())
                + (n.getStyleClass().isEmpty() ? "" : " ." + String.join(".", n.getStyleClass())) + text;
    }
}
