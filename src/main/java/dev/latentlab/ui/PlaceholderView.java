package dev.latentlab.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** A view that a later issue fills in; until then it says what it will do. */
final class PlaceholderView implements View {
    private final String title;
    private final Feather icon;
    private final VBox root;

    PlaceholderView(String title, Feather icon, String what) {
        this.title = title;
        this.icon = icon;
        FontIcon big = new FontIcon(icon);
        big.getStyleClass().add("placeholder-icon");
        Label head = new Label(title);
        head.getStyleClass().add("title-2");
        Label text = new Label(what);
        text.setWrapText(true);
        text.setMaxWidth(560);
        text.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        Label later = new Label("Coming in a later issue.");
        later.getStyleClass().add("text-muted");
        root = new VBox(14, big, head, text, later);
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("placeholder-view");
    }

    static PlaceholderView arithmetic() {
        return new PlaceholderView("Arithmetic", Feather.PLUS_SQUARE,
                "Vector arithmetic on concepts, as in the DCGAN paper: average the z of a few samples that show "
                        + "a concept (smiling woman, neutral woman, neutral man), then render "
                        + "smiling woman − neutral woman + neutral man, with a grid of nearby samples.");
    }

    static PlaceholderView ablate() {
        return new PlaceholderView("Ablate", Feather.SCISSORS,
                "Switch off feature maps of a generator layer and watch what disappears from the image: "
                        + "per-channel toggles for every layer, channels ranked by their effect, "
                        + "and a side-by-side of the image with and without them.");
    }

    static PlaceholderView train() {
        return new PlaceholderView("Train", Feather.ACTIVITY,
                "Train a DCGAN on the built-in digits or a folder of your images: live losses, D(x) and "
                        + "D(G(z)), samples from a fixed z as training goes, pause and single-step, and "
                        + "snapshots that every other view can use while training continues.");
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public Feather icon() {
        return icon;
    }

    @Override
    public Node node() {
        return root;
    }
}
