package dev.latentlab.ui.inside;

import dev.latentlab.explain.GeneratorStages.Stage;
import dev.latentlab.ui.widgets.Icons;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The picked channel large, with its stage, shape and value range, and "Remove this channel",
 * which opens Ablate with that channel removed (hidden stages only: the image's colour channels
 * are not a layer Ablate removes).
 */
final class ChannelDetail {
    static final double SIDE = 192;
    private final FeatureMaps maps;
    private final ImageView image = new ImageView();
    private final Label title = new Label("Click a tile to see its channel large");
    private final Label range = new Label();
    private final Button remove = Icons.button("Remove this channel", Feather.SCISSORS,
            "Open Ablate with this channel removed (its activation zeroed everywhere)");
    private final HBox node;

    /** {@code removeInAblate}: (hidden layer, channel) → Ablate with that channel removed. */
    ChannelDetail(FeatureMaps maps, BiConsumer<Integer, Integer> removeInAblate) {
        this.maps = maps;
        image.setSmooth(false);
        image.setFitWidth(SIDE);
        image.setFitHeight(SIDE);
        image.setPreserveRatio(true);
        title.setId("channel-title");
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        range.setId("channel-range");
        range.setWrapText(true);
        remove.setId("remove-channel");
        remove.setDisable(true);
        remove.setOnAction(e -> {
            FeatureMaps.Pick p = maps.pickProperty().get();
            Stage s = maps.pickedStage();
            if (p != null && s != null && !s.image()) {
                removeInAblate.accept(s.index(), p.channel());
            }
        });
        Label help = new Label("Removing a channel zeroes its activation at every position; Ablate shows the "
                + "image with and without it, for this z and 16 samples.");
        help.getStyleClass().add("help-text");
        help.setWrapText(true);
        VBox text = new VBox(6, title, range, remove, help);
        text.getStyleClass().add("channel-detail-text");
        node = new HBox(12, image, text);
        node.getStyleClass().add("channel-detail");
        maps.pickProperty().addListener((o, a, p) -> show());
        maps.stagesProperty().addListener((o, a, s) -> show());
    }

    Node node() {
        return node;
    }

    private void show() {
        FeatureMaps.Pick p = maps.pickProperty().get();
        Stage s = maps.pickedStage();
        if (p == null || s == null) {
            image.setImage(null);
            title.setText("Click a tile to see its channel large");
            range.setText("");
            remove.setDisable(true);
            return;
        }
        int c = p.channel();
        int[] px = new int[s.plane()];
        Mosaic.paint(s.values(), c * s.plane(), s.width(), s.height(), px, s.width(), 0, 0);
        WritableImage img = new WritableImage(s.width(), s.height());
        img.getPixelWriter().setPixels(0, 0, s.width(), s.height(), PixelFormat.getIntArgbInstance(), px, 0, s.width());
        image.setImage(img);
        title.setText((s.image() ? "image, " + (s.channels() == 1 ? "gray" : "colour channel " + "RGB".charAt(Math.min(c, 2))) : s.name() + ", channel " + c)
                + " of " + s.channels() + " · " + s.height() + "×" + s.width());
        range.setText(rangeText(s.min(c), s.max(c)));
        remove.setDisable(s.image());
    }

    static String rangeText(float lo, float hi) {
        return String.format(Locale.ROOT, "range %.3f … %.3f", lo, hi);
    }

    String rangeShown() {
        return range.getText();
    }
}
