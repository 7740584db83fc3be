package dev.latentlab.ui.inside;

import dev.latentlab.explain.GeneratorStages;
import dev.latentlab.explain.GeneratorStages.Stage;
import dev.latentlab.ui.Workspace;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The view model of "Inside the generator", no nodes: every stage of G(z) for the current z, read
 * on the render thread (at most one read under way; a z that arrives meanwhile is read as soon as
 * it is back, so dragging a slider never queues reads), and the channel picked for the large view.
 * FX thread.
 */
final class FeatureMaps {
    private record Read(List<Stage> stages, List<int[]> tiles) {}

    /** A picked channel of a stage. */
    record Pick(int stage, int channel) {}

    private final Workspace ws;
    private final ObjectProperty<List<Stage>> stages = new SimpleObjectProperty<>(List.of());
    /** Each stage's tiles as ARGB ({@link Mosaic#argb}), made on the render thread with the stages. */
    private List<int[]> tiles = List.of();
    private final ObjectProperty<Pick> pick = new SimpleObjectProperty<>();
    private boolean running;
    private boolean dirty;
    private boolean visible;
    private long reads;

    FeatureMaps(Workspace ws) {
        this.ws = ws;
        ws.zProperty().addListener((o, a, z) -> request());
        ws.modelProperty().addListener((o, a, m) -> {
            pick.set(null);
            tiles = List.of();
            stages.set(List.of());
            request();
        });
    }

    ObjectProperty<List<Stage>> stagesProperty() {
        return stages;
    }

    List<Stage> stages() {
        return stages.get();
    }

    /** Stage i's tiles as ARGB, {@link Mosaic#of}'s layout. */
    int[] tiles(int stage) {
        return tiles.get(stage);
    }

    ObjectProperty<Pick> pickProperty() {
        return pick;
    }

    /** The picked stage, or null. */
    Stage pickedStage() {
        Pick p = pick.get();
        return p == null || p.stage() >= stages().size() ? null : stages().get(p.stage());
    }

    void pick(int stage, int channel) {
        pick.set(new Pick(stage, channel));
    }

    /** Reads only while the view is shown. */
    void setVisible(boolean v) {
        visible = v;
        if (v) {
            request();
        }
    }

    /** How many reads have come back (for tests: a new z has been drawn). */
    long reads() {
        return reads;
    }

    void request() {
        if (!visible || ws.model() == null || ws.z().length != ws.model().nz()) {
            return;
        }
        if (running) {
            dirty = true;
            return;
        }
        running = true;
        dirty = false;
        float[] z = ws.z().clone();
        Object model = ws.model();
        // the maps and their tiles' pixels on the render thread, as the main image's pixels are
        ws.render().submit(m -> {
            List<Stage> read = GeneratorStages.read(m, z);
            return new Read(read, read.stream().map(st -> Mosaic.of(st).argb(st)).toList());
        }).whenComplete((drawn, t) -> Platform.runLater(() -> {
            running = false;
            if (t != null) {
                ws.error("Could not read the generator's stages", t);
            } else if (ws.model() == model) {
                List<Stage> s = drawn.stages();
                tiles = drawn.tiles();
                reads++;
                Pick p = pick.get();
                if (p != null && (p.stage() >= s.size() || p.channel() >= s.get(p.stage()).channels())) {
                    pick.set(null);
                }
                stages.set(s);
            }
            if (dirty) {
                request();
            }
        }));
    }
}
