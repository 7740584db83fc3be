package dev.latentlab.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ZHistoryTest {
    @Test
    void undoThenRedoWalksBackAndForth() {
        ZHistory h = new ZHistory(10);
        float[] a = {1};
        float[] b = {2};
        float[] c = {3};
        h.push(a); // a → b
        h.push(b); // b → c
        assertArrayEquals(b, h.undo(c));
        assertArrayEquals(a, h.undo(b));
        assertNull(h.undo(a));
        assertArrayEquals(b, h.redo(a));
        assertArrayEquals(c, h.redo(b));
        assertNull(h.redo(c));
    }

    @Test
    void aNewEditClearsRedoAndTheStackIsBounded() {
        ZHistory h = new ZHistory(3);
        for (int i = 0; i < 10; i++) {
            h.push(new float[] {i});
        }
        h.undo(new float[] {10});
        h.push(new float[] {42});
        assertFalse(h.canRedo());
        int n = 0;
        float[] cur = {43};
        while ((cur = h.undo(cur)) != null) {
            n++;
        }
        assertArrayEquals(new int[] {3}, new int[] {n});
    }
}
