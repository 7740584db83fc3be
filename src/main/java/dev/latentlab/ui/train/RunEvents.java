package dev.latentlab.ui.train;

import dev.latentlab.model.Generated;
import dev.latentlab.train.IterationRecord;
import dev.latentlab.train.TrainingRun;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * What one run reports, carried from its trainer thread to the FX thread: the iteration records
 * queue up, the newest sample grid and the newest reconstructions wait (older ones are dropped),
 * snapshots go straight on, and at most one {@code Platform.runLater} is pending at a time, so the
 * window stays responsive however fast iterations come.
 */
final class RunEvents implements TrainingRun.Listener {
    private static final long UI_INTERVAL_NANOS = 40_000_000L;

    private final Consumer<RunEvents> drain;
    private final Consumer<TrainingRun.Snapshot> snapshots;
    private final ConcurrentLinkedQueue<IterationRecord> records = new ConcurrentLinkedQueue<>();
    private final AtomicReference<SampleHistory.Grid> samples = new AtomicReference<>();
    private final AtomicReference<SampleHistory.Grid> reconstructions = new AtomicReference<>();
    private final AtomicReference<dev.latentlab.train.CollapseAlarm.Reading> collapse = new AtomicReference<>();
    private final AtomicReference<StepAnswer> stepThrough = new AtomicReference<>();
    private final AtomicReference<FakeOutputs> fakeOutputs = new AtomicReference<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    /** A delayed drain is on its way for records that came inside the interval. */
    private final AtomicBoolean trailing = new AtomicBoolean();
    private volatile long lastUiNanos;

    /** {@code drain} runs on the FX thread with these events; {@code snapshots} on the trainer thread. */
    RunEvents(Consumer<RunEvents> drain, Consumer<TrainingRun.Snapshot> snapshots) {
        this.drain = drain;
        this.snapshots = snapshots;
    }

    @Override
    public void onIteration(IterationRecord r) {
        records.add(r);
        requestDrain();
    }

    /** A drain now, or (inside the interval since the last) one just after it: nothing waits for a next event. */
    private void requestDrain() {
        if (System.nanoTime() - lastUiNanos >= UI_INTERVAL_NANOS) {
            schedule();
        } else if (trailing.compareAndSet(false, true)) {
            // inside the interval: a drain after it, so the last record of a burst reaches the window
            // even when no other comes (a single step while paused, the run's end)
            java.util.concurrent.CompletableFuture.delayedExecutor(UI_INTERVAL_NANOS,
                    java.util.concurrent.TimeUnit.NANOSECONDS).execute(() -> {
                        trailing.set(false);
                        schedule();
                    });
        }
    }

    @Override
    public void onSamples(long iteration, Generated g) {
        samples.set(SampleHistory.grid(iteration, g));
        schedule();
    }

    @Override
    public void onReconstructions(long iteration, Generated targets, Generated recon) {
        reconstructions.set(SampleHistory.grid(iteration, TrainingRun.pairs(targets, recon)));
        schedule();
    }

    @Override
    public void onCollapseCheck(dev.latentlab.train.CollapseAlarm.Reading reading) {
        collapse.set(reading);
        schedule();
    }

    /** The newest collapse-alarm reading since the last call, or null. */
    dev.latentlab.train.CollapseAlarm.Reading takeCollapse() {
        return collapse.getAndSet(null);
    }

    /** One answer of the run to "Next step": a report, or why it cannot step through. */
    record StepAnswer(dev.latentlab.train.StepThrough.Report report, String refusal) {}

    @Override
    public void onStepThrough(dev.latentlab.train.StepThrough.Report report, String refusal) {
        stepThrough.set(new StepAnswer(report, refusal)); // the newest report holds all the steps so far
        schedule();
    }

    /** D(G(z)) per image of one G update. */
    record FakeOutputs(long iteration, float[] values) {}

    @Override
    public void onFakeOutputs(long iteration, float[] dFake) {
        fakeOutputs.set(new FakeOutputs(iteration, dFake)); // the newest wins
        requestDrain(); // a single G step while paused sends no further record that would carry them
    }

    /** The newest D(G(z)) values since the last call, or null. */
    FakeOutputs takeFakeOutputs() {
        return fakeOutputs.getAndSet(null);
    }

    /** The newest step-through answer since the last call, or null. */
    StepAnswer takeStepThrough() {
        return stepThrough.getAndSet(null);
    }

    @Override
    public boolean wantsLiveSamples() {
        return true; // the grids show from the first iteration, not only at the save interval
    }

    @Override
    public void onSnapshot(TrainingRun.Snapshot snapshot) {
        snapshots.accept(snapshot);
    }

    @Override
    public void onState(TrainingRun.State state, String message) {
        schedule();
    }

    private void schedule() {
        if (pending.compareAndSet(false, true)) {
            lastUiNanos = System.nanoTime();
            Platform.runLater(() -> drain.accept(this));
        }
    }

    /** FX thread, first thing in a drain: what arrives from now on asks for another. */
    void draining() {
        pending.set(false);
        lastUiNanos = System.nanoTime();
    }

    /** The oldest record not yet taken, or null. */
    IterationRecord nextRecord() {
        return records.poll();
    }

    /** The newest sample grid since the last call, or null. */
    SampleHistory.Grid takeSamples() {
        return samples.getAndSet(null);
    }

    /** The newest reconstructions (target, reconstruction pairs) since the last call, or null. */
    SampleHistory.Grid takeReconstructions() {
        return reconstructions.getAndSet(null);
    }
}
