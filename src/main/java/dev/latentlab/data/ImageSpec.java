package dev.latentlab.data;

/**
 * Shape of the images a model trains on: square {@code size}×{@code size}, with 1 (gray) or 3
 * (RGB) channels. Images are laid out CHW.
 */
public record ImageSpec(int size, int channels) {
    public static final int MAX_SIZE = 4096;

    public ImageSpec {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("image size must be 1.." + MAX_SIZE + ", got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (gray) or 3 (RGB), got " + channels);
        }
    }

    public static ImageSpec gray(int size) {
        return new ImageSpec(size, 1);
    }

    public static ImageSpec rgb(int size) {
        return new ImageSpec(size, 3);
    }

    /** Number of values (bytes or floats) in one image: channels × size × size. */
    public int valuesPerImage() {
        return channels * size * size;
    }

    public boolean isGray() {
        return channels == 1;
    }

    /** For messages, e.g. "64×64 RGB". */
    public String describe() {
        return size + "×" + size + (channels == 1 ? " gray" : " RGB");
    }
}
