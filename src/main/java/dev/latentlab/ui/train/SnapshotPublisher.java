package dev.latentlab.ui.train;

import dev.latentlab.latent.Prior;
import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelInfo;
import dev.latentlab.nn.FreshManager;
import dev.latentlab.nn.GeneratorNet;
import dev.latentlab.nn.Networks;
import dev.latentlab.train.TrainingRun;
import dev.latentlab.ui.ModelSummary;
import dev.latentlab.ui.Workspace;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/**
 * Hands the newest snapshot of G to the render service, so that the other views use the model
 * while it trains. Nothing renders while the Train view is on screen, so snapshots go out when
 * the user leaves it, and then every {@link #INTERVAL_NANOS}; the first one goes out at once when
 * no model is loaded yet. Each is a new model for the views (Explore, for one, starts a new undo
 * history), hence not more often. FX thread, except {@link #offer}.
 */
final class SnapshotPublisher {
    static final long INTERVAL_NANOS = 10_000_000_000L;

    private final Workspace ws;
    private final Executor worker;
    private final Runnable onFailure;
    private final AtomicReference<TrainingRun.Snapshot> newest = new AtomicReference<>();
    private long lastPublish;
    private boolean publishing;

    /** {@code onFailure} runs (on the FX thread) after a snapshot could not be used: publishing stops. */
    SnapshotPublisher(Workspace ws, Executor worker, Runnable onFailure) {
        this.ws = ws;
        this.worker = worker;
        this.onFailure = onFailure;
    }

    /** Any thread: keeps the snapshot until the next publish (the newest wins). */
    void offer(TrainingRun.Snapshot s) {
        newest.set(s);
    }

    /** Forgets the snapshot waiting (a new run, or the saved model takes over). */
    void drop() {
        newest.set(null);
    }

    /**
     * Publishes the newest snapshot if one waits and it is due: {@code now}, no model is loaded, or
     * the Train view is hidden and the interval has passed.
     */
    /** {@code data}: what the run trains on, so the views pick the readers of that data (null: unknown). */
    void maybePublish(boolean now, boolean trainViewVisible, Path runOut, ModelInfo.Dataset data) {
        if (publishing) {
            return;
        }
        boolean due = now || ws.model() == null
                || (!trainViewVisible && System.nanoTime() - lastPublish >= INTERVAL_NANOS);
        if (!due) {
            return;
        }
        TrainingRun.Snapshot snap = newest.getAndSet(null);
        if (snap == null) {
            return;
        }
        publishing = true;
        lastPublish = System.nanoTime();
        String name = (runOut == null ? "training" : runOut.getFileName().toString()) + " (iteration "
                + snap.iteration() + ")";
        worker.execute(() -> {
            try {
                GanModel model = FreshManager.build(manager -> {
                    GeneratorNet g = Networks.generator(snap.spec(), manager);
                    g.params().load(snap.generatorWeights(), "snapshot");
                    ModelInfo info = ModelInfo.of(name, snap.spec());
                    if (data != null) {
                        info.dataset = data;
                    } else {
                        info.dataset.name = "training";
                    }
                    return new GanModel(manager, info, g, null, runOut, GanModel.Source.NEW);
                });
                ModelSummary summary;
                try {
                    summary = Workspace.summarize(model);
                    ws.render().swapModel(model).join();
                } catch (RuntimeException e) {
                    model.close();
                    throw e;
                }
                Platform.runLater(() -> {
                    publishing = false;
                    if (ws.z().length != summary.nz()) {
                        ws.zProperty().set(Prior.sample(summary.nz(), new Random(1)));
                    }
                    ws.modelProperty().set(summary);
                });
            } catch (Throwable t) {
                Platform.runLater(() -> {
                    publishing = false;
                    onFailure.run();
                    ws.error("Could not use the training snapshot in other views", t);
                });
            }
        });
    }
}
