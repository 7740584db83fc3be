package dev.latentlab.nn;

import ai.djl.ndarray.NDManager;

/**
 * Builds something that owns a new NDManager (a model, a classifier, folded weights): the manager
 * is made, handed to the builder, and closed again if building fails, so a failed load leaks no
 * native memory. On success the result owns the manager and closes it with itself.
 */
public final class FreshManager {
    /** What is built into the new manager. */
    @FunctionalInterface
    public interface Build<T> {
        T into(NDManager manager);
    }

    private FreshManager() {}

    /** Builds into a new base manager of the engine. */
    public static <T> T build(Build<T> build) {
        return build(TorchRuntime.engine().newBaseManager(), build);
    }

    /** Builds into a new sub-manager of {@code parent}. */
    public static <T> T buildUnder(NDManager parent, Build<T> build) {
        return build(parent.newSubManager(), build);
    }

    private static <T> T build(NDManager m, Build<T> build) {
        try {
            return build.into(m);
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
    }
}
