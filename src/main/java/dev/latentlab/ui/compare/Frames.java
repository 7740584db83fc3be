package dev.latentlab.ui.compare;

import dev.latentlab.model.Generated;
import dev.latentlab.render.Pixels;
import dev.latentlab.ui.widgets.FrameView;
import java.awt.image.BufferedImage;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A frame with its caption, as every Compare panel shows one per model. */
final class Frames {
    private Frames() {}

    /** A captioned frame box; the FrameView grows with the box. */
    static VBox captioned(FrameView view, Label caption) {
        caption.getStyleClass().add("frame-caption");
        VBox box = new VBox(view, caption);
        box.getStyleClass().add("frame-box");
        VBox.setVgrow(view, Priority.ALWAYS);
        return box;
    }

    /** Shows images as a grid of {@code cols} columns (one image: just it); clears on null. */
    static void show(FrameView view, Generated g, int cols) {
        if (g == null) {
            view.clear();
            return;
        }
        BufferedImage img = Pixels.grid(g, cols, 1);
        int[] argb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        view.show(argb, img.getWidth(), img.getHeight());
    }

    /** One image of [C, H, W] floats in [−1, 1]. */
    static void show(FrameView view, float[] chw, int channels, int size) {
        view.show(Pixels.argb(chw, 0, channels, size, size), size, size);
    }
}
