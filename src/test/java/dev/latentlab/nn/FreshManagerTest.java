package dev.latentlab.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FreshManagerTest {
    @Test
    void aFailedBuildClosesItsManagerAndASuccessfulOneHandsItOver() {
        AtomicReference<NDManager> seen = new AtomicReference<>();
        RuntimeException failure = new IllegalStateException("weights do not fit");
        RuntimeException thrown = assertThrows(IllegalStateException.class, () -> FreshManager.build(m -> {
            seen.set(m);
            m.zeros(new ai.djl.ndarray.types.Shape(4));
            throw failure;
        }));
        assertSame(failure, thrown, "the builder's own exception");
        assertFalse(seen.get().isOpen(), "the manager (and the arrays in it) is closed");

        try (NDManager parent = TorchRuntime.engine().newBaseManager()) {
            NDManager kept = FreshManager.buildUnder(parent, m -> m);
            assertTrue(kept.isOpen(), "on success the result owns the manager");
            assertSame(parent, kept.getParentManager());
        }
    }
}
