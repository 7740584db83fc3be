package dev.latentlab.ui.widgets;

import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Feather icons for buttons. */
public final class Icons {
    private Icons() {}

    public static FontIcon icon(Feather f) {
        return new FontIcon(f);
    }

    public static <B extends ButtonBase> B decorate(B b, Feather f, String tooltip) {
        b.setGraphic(icon(f));
        if (tooltip != null) {
            b.setTooltip(new Tooltip(tooltip));
        }
        return b;
    }

    public static Button button(String text, Feather f, String tooltip) {
        return decorate(new Button(text), f, tooltip);
    }

    /** An icon-only flat button. */
    public static Button flat(Feather f, String tooltip) {
        Button b = decorate(new Button(), f, tooltip);
        b.getStyleClass().addAll("button-icon", "flat");
        return b;
    }
}
