package dev.latentlab.nn;

/** Tensors that do not fit the network they are loaded into. */
public class ModelShapeException extends RuntimeException {
    public ModelShapeException(String message) {
        super(message);
    }
}
