package dev.latentlab.ui.ablate;

import java.util.Arrays;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;

/**
 * A generated sample drawn large, on which the user marks a concept with a brush or boxes (the
 * right button, or the eraser, removes marks). Marks are kept at the image's own resolution as
 * 0/1 values in an array the caller owns, and shown as a red overlay.
 */
public final class MarkCanvas extends Canvas {
    enum Tool { BRUSH, BOX, ERASE }

    private static final Color MARK = Color.rgb(255, 64, 64, 0.45);
    private Tool tool = Tool.BRUSH;
    private double brush = 4; // radius in image pixels
    private WritableImage image;
    private int w;
    private int h;
    private float[] marks = new float[0];
    private double boxX = Double.NaN;
    private double boxY;
    private double dragX;
    private double dragY;
    private Runnable onChange = () -> {};

    MarkCanvas(double side) {
        super(side, side);
        getStyleClass().add("mark-canvas");
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    }

    void setTool(Tool t) {
        tool = t;
    }

    void setBrushRadius(double r) {
        brush = r;
    }

    void setOnChange(Runnable r) {
        onChange = r;
    }

    /** Shows an ARGB image of w × h with its marks (w × h values, edited in place). */
    void show(int[] argb, int w, int h, float[] marks) {
        if (image == null || this.w != w || this.h != h) {
            image = new WritableImage(w, h);
        }
        this.w = w;
        this.h = h;
        this.marks = marks;
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        draw();
    }

    void clear() {
        image = null;
        w = 0;
        h = 0;
        marks = new float[0];
        draw();
    }

    private double scale() {
        return w == 0 ? 1 : getWidth() / w;
    }

    private void draw() {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Color.rgb(32, 32, 32));
        g.fillRect(0, 0, getWidth(), getHeight());
        if (image == null) {
            return;
        }
        g.setImageSmoothing(false);
        g.drawImage(image, 0, 0, getWidth(), getHeight());
        double s = scale();
        g.setFill(MARK);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (marks[y * w + x] > 0) {
                    g.fillRect(x * s, y * s, s, s);
                }
            }
        }
        if (!Double.isNaN(boxX)) {
            g.setStroke(Color.rgb(255, 80, 80));
            g.setLineWidth(2);
            g.strokeRect(Math.min(boxX, dragX), Math.min(boxY, dragY), Math.abs(dragX - boxX), Math.abs(dragY - boxY));
        }
    }

    private boolean erasing(MouseEvent e) {
        return tool == Tool.ERASE || e.getButton() == MouseButton.SECONDARY;
    }

    private void pressed(MouseEvent e) {
        if (image == null) {
            return;
        }
        if (tool == Tool.BOX) {
            boxX = dragX = e.getX();
            boxY = dragY = e.getY();
            draw();
        } else {
            paint(e.getX(), e.getY(), erasing(e) ? 0f : 1f);
        }
        e.consume();
    }

    private void dragged(MouseEvent e) {
        if (image == null) {
            return;
        }
        if (tool == Tool.BOX) {
            dragX = e.getX();
            dragY = e.getY();
            draw();
        } else {
            paint(e.getX(), e.getY(), erasing(e) ? 0f : 1f);
        }
        e.consume();
    }

    private void released(MouseEvent e) {
        if (image == null || tool != Tool.BOX || Double.isNaN(boxX)) {
            return;
        }
        double s = scale();
        box((int) Math.floor(Math.min(boxX, e.getX()) / s), (int) Math.floor(Math.min(boxY, e.getY()) / s),
                (int) Math.ceil(Math.max(boxX, e.getX()) / s), (int) Math.ceil(Math.max(boxY, e.getY()) / s),
                e.getButton() == MouseButton.SECONDARY ? 0f : 1f);
        boxX = Double.NaN;
        draw();
        e.consume();
    }

    /** Marks (value 1) or unmarks (0) the image pixels [x0, x1) × [y0, y1). */
    void box(int x0, int y0, int x1, int y1, float value) {
        for (int y = Math.max(0, y0); y < Math.min(h, y1); y++) {
            Arrays.fill(marks, y * w + Math.max(0, x0), y * w + Math.max(Math.max(0, x0), Math.min(w, x1)), value);
        }
        draw();
        onChange.run();
    }

    private void paint(double px, double py, float value) {
        double s = scale();
        double cx = px / s;
        double cy = py / s;
        for (int y = (int) Math.floor(cy - brush); y <= (int) Math.ceil(cy + brush); y++) {
            for (int x = (int) Math.floor(cx - brush); x <= (int) Math.ceil(cx + brush); x++) {
                if (x >= 0 && y >= 0 && x < w && y < h) {
                    double dx = x + 0.5 - cx;
                    double dy = y + 0.5 - cy;
                    if (dx * dx + dy * dy <= brush * brush) {
                        marks[y * w + x] = value;
                    }
                }
            }
        }
        draw();
        onChange.run();
    }
}
