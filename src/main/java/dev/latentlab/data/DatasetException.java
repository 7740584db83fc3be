package dev.latentlab.data;

/**
 * A dataset could not be opened or used: missing folder, no usable images, malformed IDX or
 * attribute file, too few images for a batch... The message is meant to be shown to the user as is.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
