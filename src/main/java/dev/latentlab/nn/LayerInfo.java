package dev.latentlab.nn;

/** A hidden generator layer that can be ablated and captured: its index, name and output shape. */
public record LayerInfo(int index, String name, int channels, int height, int width) {
    public String describe() {
        return height > 1 ? String.format("%s — %d channels, %dx%d", name, channels, height, width)
                : String.format("%s — %d units", name, channels);
    }
}
