package dev.latentlab.model;

/** A model that cannot be opened or saved; the message names the file and the problem. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
