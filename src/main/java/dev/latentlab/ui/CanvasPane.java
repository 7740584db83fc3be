package dev.latentlab.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;

/** A region that fills itself with one canvas, sized to whole pixels, and redraws it on resize. */
abstract class CanvasPane extends Region {
    protected final Canvas canvas = new Canvas();

    CanvasPane() {
        getChildren().add(canvas);
    }

    /** Paints the whole canvas at its current size. */
    protected abstract void draw();

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }
}
