package dev.latentlab.ui.widgets;

import dev.latentlab.render.Pixels;
import java.nio.IntBuffer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;

/**
 * A generated image drawn as large as its space allows, square. Pixels go into a
 * {@link PixelBuffer} shared with the image, so a new frame is one array copy and
 * {@code updateBuffer}. Sharp mode upscales by the largest integer factor that fits
 * (nearest neighbour, done here because not every rendering pipeline honours
 * {@code ImageView.smooth = false}); smooth mode lets the image view filter bilinearly.
 */
public final class FrameView extends Region {
    private static final int MAX_FACTOR = 16;
    private final ImageView view = new ImageView();
    private final BooleanProperty smooth = new SimpleBooleanProperty(false);
    private PixelBuffer<IntBuffer> buffer;
    private int[] source = new int[0];
    private int[] shown = new int[0];
    private int width;
    private int height;
    private int factor = 1;
    private long frames;

    public FrameView() {
        getStyleClass().add("frame-view");
        view.setPreserveRatio(true);
        view.smoothProperty().bind(smooth);
        smooth.addListener((o, a, b) -> requestLayout());
        getChildren().add(view);
        setMinSize(64, 64);
    }

    public BooleanProperty smoothProperty() {
        return smooth;
    }

    /** Shows an ARGB image (opaque pixels, so premultiplied and straight alpha agree). */
    public void show(int[] argb, int w, int h) {
        if (w != width || h != height) {
            width = w;
            height = h;
            source = new int[w * h];
            buffer = null;
            requestLayout();
        }
        System.arraycopy(argb, 0, source, 0, source.length);
        frames++;
        draw();
    }

    private void draw() {
        if (width == 0) {
            return;
        }
        int f = factor;
        if (buffer == null || buffer.getWidth() != width * f) {
            shown = new int[width * f * height * f];
            buffer = new PixelBuffer<>(width * f, height * f, IntBuffer.wrap(shown),
                    PixelFormat.getIntArgbPreInstance());
            view.setImage(new WritableImage(buffer));
        }
        if (f == 1) {
            System.arraycopy(source, 0, shown, 0, source.length);
        } else {
            System.arraycopy(Pixels.scale(source, width, height, f), 0, shown, 0, shown.length);
        }
        buffer.updateBuffer(b -> null);
    }

    public void clear() {
        buffer = null;
        width = 0;
        height = 0;
        source = new int[0];
        view.setImage(null);
    }

    /** A copy of the displayed image's pixels at its own size (empty before the first frame). */
    public int[] pixels() {
        return source.clone();
    }

    public int imageWidth() {
        return width;
    }

    public int imageHeight() {
        return height;
    }

    /** Frames shown so far. */
    public long frameCount() {
        return frames;
    }

    @Override
    protected void layoutChildren() {
        double side = Math.max(1, Math.min(getWidth() - snappedLeftInset() - snappedRightInset(),
                getHeight() - snappedTopInset() - snappedBottomInset()));
        int f = 1;
        if (width > 0 && !smooth.get()) {
            f = (int) Math.max(1, Math.min(MAX_FACTOR, Math.floor(side / width)));
            if (side >= width) {
                side = f * width; // whole screen pixels per image pixel
            }
        }
        if (f != factor) {
            factor = f;
            draw();
        }
        view.setFitWidth(side);
        view.setFitHeight(side);
        view.resizeRelocate((getWidth() - side) / 2, (getHeight() - side) / 2, side, side);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 512;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 512;
    }
}
