package dev.latentlab.ui.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** A row of small generated images with optional captions; clicking one reports its index. */
public final class FrameStrip extends HBox {
    private final List<ImageView> views = new ArrayList<>();
    private final List<VBox> cells = new ArrayList<>();
    private final double thumb;
    private IntConsumer onPick = i -> {};
    private int selected = -1;

    public FrameStrip(double thumbSize) {
        this.thumb = thumbSize;
        getStyleClass().add("frame-strip");
        setSpacing(6);
        setAlignment(Pos.CENTER_LEFT);
    }

    public void setOnPick(IntConsumer onPick) {
        this.onPick = onPick;
    }

    /** Resizes the strip to n cells, keeping the images already there. */
    public void setCount(int n, List<String> captions) {
        while (cells.size() > n) {
            cells.remove(cells.size() - 1);
            views.remove(views.size() - 1);
        }
        while (cells.size() < n) {
            int index = cells.size();
            ImageView v = new ImageView();
            v.setFitWidth(thumb);
            v.setFitHeight(thumb);
            v.setPreserveRatio(true);
            VBox cell = new VBox(2, v);
            cell.setAlignment(Pos.CENTER);
            cell.getStyleClass().add("frame-cell");
            cell.setMinWidth(thumb + 6);
            cell.setOnMouseClicked(e -> onPick.accept(index));
            views.add(v);
            cells.add(cell);
        }
        for (int i = 0; i < n; i++) {
            VBox cell = cells.get(i);
            String cap = captions == null || i >= captions.size() ? null : captions.get(i);
            if (cell.getChildren().size() > 1) {
                cell.getChildren().remove(1);
            }
            if (cap != null) {
                Label l = new Label(cap);
                l.getStyleClass().add("frame-caption");
                cell.getChildren().add(l);
                Tooltip.install(cell, new Tooltip(cap));
            }
        }
        getChildren().setAll(cells);
        select(selected < n ? selected : -1);
    }

    public int count() {
        return cells.size();
    }

    public void set(int i, int[] argb, int w, int h) {
        if (i < 0 || i >= views.size()) {
            return;
        }
        ImageView v = views.get(i);
        WritableImage img = v.getImage() instanceof WritableImage wi && (int) wi.getWidth() == w
                && (int) wi.getHeight() == h ? wi : new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        v.setImage(img);
    }

    public void select(int i) {
        if (selected >= 0 && selected < cells.size()) {
            cells.get(selected).getStyleClass().remove("selected");
        }
        selected = i;
        if (i >= 0 && i < cells.size()) {
            cells.get(i).getStyleClass().add("selected");
        }
    }

    public VBox cell(int i) {
        return cells.get(i);
    }
}
