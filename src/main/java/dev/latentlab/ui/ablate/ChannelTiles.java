package dev.latentlab.ui.ablate;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/**
 * Every channel of a layer as a small activation map (each normalised to its own maximum, in a
 * dark-to-yellow colour scale) with its index. A click reports (channel, shift held); removed
 * channels are drawn crossed out (style class {@code removed}). The order of the tiles is set
 * by the caller (sorting).
 */
public final class ChannelTiles extends TilePane {
    static final double TILE = 56;
    private final List<VBox> tiles = new ArrayList<>();
    private final List<ImageView> images = new ArrayList<>();
    private BiConsumer<Integer, Boolean> onClick = (c, shift) -> {};

    ChannelTiles() {
        setHgap(4);
        setVgap(4);
        getStyleClass().add("channel-tiles");
    }

    void setOnClick(BiConsumer<Integer, Boolean> handler) {
        onClick = handler;
    }

    int size() {
        return tiles.size();
    }

    /** Shows maps [C, H, W]; {@code means} (per channel) go into the tooltips. */
    void show(float[] maps, int channels, int h, int w, float[] means) {
        if (tiles.size() != channels) {
            build(channels);
        }
        int plane = h * w;
        int[] argb = new int[plane];
        for (int c = 0; c < channels; c++) {
            float max = 0;
            for (int p = 0; p < plane; p++) {
                max = Math.max(max, maps[c * plane + p]);
            }
            for (int p = 0; p < plane; p++) {
                argb[p] = heat(max <= 0 ? 0 : maps[c * plane + p] / max);
            }
            WritableImage img = new WritableImage(w, h);
            img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
            ImageView iv = images.get(c);
            iv.setImage(img);
            Tooltip.install(tiles.get(c), new Tooltip(String.format(java.util.Locale.ROOT,
                    "channel %d — mean activation %.3f, max %.3f\nclick: remove/restore; shift-click: the same for "
                            + "every channel from the last clicked one", c, means[c], max)));
        }
    }

    /** Puts the tiles in this order of channels. */
    void order(int[] channels) {
        List<VBox> ordered = new ArrayList<>(channels.length);
        for (int c : channels) {
            ordered.add(tiles.get(c));
        }
        getChildren().setAll(ordered);
    }

    /** The channels in displayed order. */
    int[] displayed() {
        return getChildren().stream().mapToInt(n -> (Integer) n.getUserData()).toArray();
    }

    void markRemoved(BitSet removed) {
        for (int c = 0; c < tiles.size(); c++) {
            List<String> s = tiles.get(c).getStyleClass();
            if (removed.get(c)) {
                if (!s.contains("removed")) {
                    s.add("removed");
                }
                tiles.get(c).setOpacity(0.35);
            } else {
                s.remove("removed");
                tiles.get(c).setOpacity(1);
            }
        }
    }

    private void build(int channels) {
        tiles.clear();
        images.clear();
        for (int c = 0; c < channels; c++) {
            final int ch = c;
            ImageView iv = new ImageView();
            iv.setFitWidth(TILE);
            iv.setFitHeight(TILE);
            iv.setSmooth(false);
            Label l = new Label(Integer.toString(c));
            l.getStyleClass().add("text-small");
            VBox tile = new VBox(1, iv, l);
            tile.setAlignment(Pos.CENTER);
            tile.setId("channel-" + c);
            tile.setUserData(c);
            tile.getStyleClass().add("channel-tile");
            tile.setOnMouseClicked(e -> onClick.accept(ch, e.isShiftDown()));
            tiles.add(tile);
            images.add(iv);
        }
        getChildren().setAll(tiles);
    }

    /** 0 → near black, 0.5 → magenta-red, 1 → yellow. */
    public static int heat(float t) {
        t = Math.max(0, Math.min(1, t));
        int r = (int) (255 * Math.min(1, 1.6 * t + 0.05));
        int g = (int) (255 * Math.max(0, 1.8 * t - 0.8));
        int b = (int) (255 * Math.max(0, Math.min(0.55, 1.2 * t) - Math.max(0, 1.4 * t - 0.9)));
        return 0xff000000 | r << 16 | g << 8 | b;
    }
}
