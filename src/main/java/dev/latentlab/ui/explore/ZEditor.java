package dev.latentlab.ui.explore;

import dev.latentlab.latent.Prior;
import dev.latentlab.latent.ZHistory;
import dev.latentlab.ui.Workspace;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Slider;

/**
 * Explore's edits of the shared z, without nodes: every change goes through here, so undo/redo
 * see it, and the panels that show z (sliders, directions) can tell their own changes from
 * others'. While any slider is dragged the view renders only the main image; when the last drag
 * ends, {@code onSettled} asks for the secondary strips.
 *
 * <p>The history belongs to the length of z, not to a model: another model of the same nz keeps
 * the z and its undo history (the workspace keeps z across them), and a model of another nz
 * gets that nz's history back, its last z first, so a model switch loses nothing.
 */
final class ZEditor {
    private final Workspace ws;
    private static final int HISTORY = 500;
    private final Map<Integer, ZHistory> histories = new HashMap<>();
    private ZHistory history;
    private final BooleanProperty canUndo = new SimpleBooleanProperty(false);
    private final BooleanProperty canRedo = new SimpleBooleanProperty(false);
    private final Runnable onSettled;
    private int dragging;
    /** True while a panel writes z itself (its own listeners then ignore the change). */
    boolean syncing;
    /** True while the directions panel sets z (it keeps its sliders and base). */
    boolean fromDirections;

    ZEditor(Workspace ws, Runnable onSettled) {
        this.ws = ws;
        this.onSettled = onSettled;
        this.history = historyOf(ws.z().length);
        ws.zProperty().addListener((o, before, now) -> {
            if (before != null && now != null && before.length != now.length) {
                historyOf(before.length).push(before); // undo there returns to the z left behind
                history = historyOf(now.length);
                update();
            }
        });
    }

    private ZHistory historyOf(int nz) {
        return histories.computeIfAbsent(nz, n -> new ZHistory(HISTORY));
    }

    BooleanProperty canUndoProperty() {
        return canUndo;
    }

    BooleanProperty canRedoProperty() {
        return canRedo;
    }

    boolean dragging() {
        return dragging > 0;
    }

    /** Makes z current, recording the previous z for undo. */
    void commit(float[] z) {
        if (ws.model() == null || z.length != ws.z().length) {
            return;
        }
        record();
        ws.zProperty().set(z.clone());
    }

    void randomize() {
        if (ws.model() != null) {
            commit(Prior.sample(ws.model().nz(), ws.random()));
        }
    }

    /** One component of z; recorded for undo unless it is the middle of a drag. */
    void setComponent(int i, float v, boolean record) {
        float[] z = ws.z().clone();
        if (z[i] == v) {
            return;
        }
        if (record) {
            record();
        }
        z[i] = v;
        ws.zProperty().set(z);
    }

    /** Records the current z for undo (before a change made elsewhere). */
    void record() {
        history.push(ws.z());
        update();
    }

    void undo() {
        float[] z = history.undo(ws.z());
        if (z != null) {
            ws.zProperty().set(z);
        }
        update();
    }

    void redo() {
        float[] z = history.redo(ws.z());
        if (z != null) {
            ws.zProperty().set(z);
        }
        update();
    }

    /** Records z for undo when a drag of the slider starts; the strips refresh when the last drag ends. */
    void track(Slider s) {
        s.valueChangingProperty().addListener((o, was, now) -> {
            if (now) {
                dragging++;
                record();
            } else {
                dragging = Math.max(0, dragging - 1);
                if (dragging == 0) {
                    onSettled.run();
                }
            }
        });
    }

    private void update() {
        canUndo.set(history.canUndo());
        canRedo.set(history.canRedo());
    }

    static String format(double v) {
        return String.format("%+.2f", v);
    }
}
