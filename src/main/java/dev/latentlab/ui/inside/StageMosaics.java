package dev.latentlab.ui.inside;

import dev.latentlab.explain.GeneratorStages.Stage;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * Every stage of G(z) side by side, each as one {@link Mosaic} of its channels under its shape
 * (4×4×512 → … → 64×64×3); a click on a tile picks that channel for the large view, and the
 * picked tile is framed. Redrawn whenever the view model brings new maps.
 */
final class StageMosaics {
    /** The side the mosaics are shown at, in pixels (nearest-neighbour upscaling). */
    static final double DISPLAY = 150;
    private final FeatureMaps maps;
    private final FlowPane row = new FlowPane();
    private final List<ImageView> images = new ArrayList<>();
    private final List<Rectangle> frames = new ArrayList<>();
    private final List<Mosaic> layouts = new ArrayList<>();
    private final List<int[]> pixels = new ArrayList<>();

    StageMosaics(FeatureMaps maps) {
        this.maps = maps;
        row.getStyleClass().add("stage-mosaics");
        row.setId("stage-mosaics");
        maps.stagesProperty().addListener((o, a, s) -> show(s));
        maps.pickProperty().addListener((o, a, p) -> frame());
    }

    Node node() {
        return row;
    }

    private void show(List<Stage> stages) {
        if (stages.size() != images.size() || !sameShapes(stages)) {
            build(stages);
        }
        pixels.clear();
        for (int i = 0; i < stages.size(); i++) {
            Mosaic m = layouts.get(i);
            int[] px = maps.tiles(i);
            pixels.add(px);
            WritableImage img = new WritableImage(m.width(), m.height());
            img.getPixelWriter().setPixels(0, 0, m.width(), m.height(), PixelFormat.getIntArgbInstance(), px, 0,
                    m.width());
            images.get(i).setImage(img);
        }
        frame();
    }

    private boolean sameShapes(List<Stage> stages) {
        for (int i = 0; i < stages.size(); i++) {
            if (!layouts.get(i).equals(Mosaic.of(stages.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private void build(List<Stage> stages) {
        images.clear();
        frames.clear();
        layouts.clear();
        List<Node> cells = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Mosaic m = Mosaic.of(s);
            double scale = DISPLAY / Math.max(m.width(), m.height());
            ImageView iv = new ImageView();
            iv.setSmooth(false);
            iv.setFitWidth(m.width() * scale);
            iv.setFitHeight(m.height() * scale);
            Rectangle f = new Rectangle();
            f.getStyleClass().add("mosaic-pick");
            f.setManaged(false);
            f.setMouseTransparent(true);
            f.setVisible(false);
            Pane holder = new Pane(iv, f);
            holder.setId("mosaic-" + i);
            holder.getStyleClass().add("mosaic");
            final int stage = i;
            holder.setOnMouseClicked(e -> {
                int c = m.channelAt(e.getX() / scale, e.getY() / scale);
                if (c >= 0) {
                    maps.pick(stage, c);
                }
            });
            Tooltip.install(holder, new Tooltip(s.channels() + " channels of " + s.height() + "×" + s.width()
                    + (s.image() ? " (the image's colour channels, after tanh)" : " (after BatchNorm and ReLU)")
                    + "\neach tile scaled from its own minimum (dark) to its maximum (yellow); click one to see it large"));
            Label title = new Label(s.shape());
            title.getStyleClass().add("section-title");
            Label name = new Label(s.image() ? "image" : s.name());
            name.getStyleClass().add("help-text");
            VBox cell = new VBox(2, title, holder, name);
            cell.getStyleClass().add("stage-cell");
            images.add(iv);
            frames.add(f);
            layouts.add(m);
            cells.add(cell);
        }
        row.getChildren().setAll(cells);
    }

    private void frame() {
        FeatureMaps.Pick p = maps.pickProperty().get();
        for (int i = 0; i < frames.size(); i++) {
            Rectangle f = frames.get(i);
            boolean on = p != null && p.stage() == i && p.channel() < layouts.get(i).tiles();
            f.setVisible(on);
            if (on) {
                Mosaic m = layouts.get(i);
                double scale = images.get(i).getFitWidth() / m.width();
                f.setX(m.x(p.channel()) * scale - 1);
                f.setY(m.y(p.channel()) * scale - 1);
                f.setWidth(m.tileWidth() * scale + 2);
                f.setHeight(m.tileHeight() * scale + 2);
            }
        }
    }

    // ---- for the view's tests ----

    int stageCount() {
        return layouts.size();
    }

    Mosaic mosaic(int stage) {
        return layouts.get(stage);
    }

    int[] pixels(int stage) {
        return pixels.get(stage);
    }
}
