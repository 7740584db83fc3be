package dev.latentlab.latent;

import java.util.ArrayDeque;
import java.util.Deque;

/** Undo and redo of latent vectors: a bounded stack of previous z and one of undone z. */
public final class ZHistory {
    private final int limit;
    private final Deque<float[]> undo = new ArrayDeque<>();
    private final Deque<float[]> redo = new ArrayDeque<>();

    public ZHistory(int limit) {
        this.limit = limit;
    }

    /** Records the z that is about to be replaced; clears the redo stack. */
    public void push(float[] before) {
        if (!undo.isEmpty() && java.util.Arrays.equals(undo.peek(), before)) {
            return;
        }
        undo.push(before.clone());
        if (undo.size() > limit) {
            undo.removeLast();
        }
        redo.clear();
    }

    /** The previous z, or null; {@code current} goes on the redo stack. */
    public float[] undo(float[] current) {
        if (undo.isEmpty()) {
            return null;
        }
        redo.push(current.clone());
        return undo.pop();
    }

    public float[] redo(float[] current) {
        if (redo.isEmpty()) {
            return null;
        }
        undo.push(current.clone());
        return redo.pop();
    }

    public boolean canUndo() {
        return !undo.isEmpty();
    }

    public boolean canRedo() {
        return !redo.isEmpty();
    }

    public void clear() {
        undo.clear();
        redo.clear();
    }
}
