package dev.latentlab.render;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.Generated;
import dev.latentlab.nn.ChannelMask;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one thread that owns the current {@link GanModel} and turns latent vectors into ARGB pixels.
 *
 * <p>Each {@link Lane} is a slot holding at most one pending request: a new request replaces the
 * pending one (the newest wins, requests never queue up). The thread serves lanes in priority
 * order ({@link Lane#MAIN} first), so the image under a dragged slider stays live while strips
 * and previews fill in when it is idle. Large batches are rendered in chunks; a newer request
 * in the same lane abandons the rest of an older one. Results are handed to the
 * {@code deliver} executor ({@code Platform::runLater} in the app). Jobs ({@link #submit}) that
 * need the model itself (exports, reading weights, swapping the model) run on the same thread,
 * in order, between frames.
 */
public final class RenderService implements AutoCloseable {
    /** Request slots, highest priority first. */
    public enum Lane { MAIN, ANIMATION, STRIP, VARIATIONS, PREVIEW }

    /** What to draw: {@code count} latent vectors row by row in z; {@code onChunk} receives the pixels. */
    public record Request(float[] z, int count, ChannelMask mask, Consumer<Frames> onChunk) {
        public Request {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1");
            }
            if (z.length % count != 0) {
                throw new IllegalArgumentException("z length " + z.length + " is not a multiple of " + count);
            }
            mask = mask == null ? ChannelMask.none() : mask;
        }
    }

    /**
     * Rendered images [offset, offset + pixels.length) of a request of {@code total} images; each
     * image width × height ARGB, row-major. {@code millisPerImage} is the measured render time.
     */
    public record Frames(int offset, int total, int width, int height, int[][] pixels, double millisPerImage,
            long modelGeneration) {
        public boolean last() {
            return offset + pixels.length == total;
        }
    }

    /** Images per generator call when a request is large: bounds the wait of higher lanes. */
    static final int CHUNK = 8;

    private final Executor deliver;
    private final Map<Lane, AtomicReference<Request>> slots = new EnumMap<>(Lane.class);
    private final ConcurrentLinkedQueue<Runnable> jobs = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile GanModel model;
    private volatile long generation;
    private volatile double lastMillis = Double.NaN;
    private volatile Consumer<Throwable> onError = e -> e.printStackTrace();

    public RenderService(Executor deliver) {
        this.deliver = deliver;
        for (Lane l : Lane.values()) {
            slots.put(l, new AtomicReference<>());
        }
        thread = new Thread(this::loop, "latentlab-render");
        thread.setDaemon(true);
        thread.start();
    }

    public void setOnError(Consumer<Throwable> onError) {
        this.onError = onError;
    }

    /** Replaces the lane's pending request (if any) with this one. */
    public void request(Lane lane, Request r) {
        slots.get(lane).set(r);
        wake();
    }

    public void request(Lane lane, float[] z, int count, Consumer<Frames> onChunk) {
        request(lane, new Request(z.clone(), count, ChannelMask.none(), onChunk));
    }

    /** Drops the lane's pending request. */
    public void cancel(Lane lane) {
        slots.get(lane).set(null);
    }

    /** Runs work that needs the current model on the render thread; fails if no model is loaded. */
    public <T> CompletableFuture<T> submit(Function<GanModel, T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        jobs.add(() -> {
            GanModel m = model;
            if (m == null) {
                f.completeExceptionally(new IllegalStateException("no model is loaded"));
                return;
            }
            try {
                f.complete(work.apply(m));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        wake();
        return f;
    }

    /**
     * Makes {@code next} the model every later request renders with; the previous one is closed on
     * the render thread once no call uses it. Pending requests are dropped (they were for the old
     * model's nz). Completes with the generation number of the new model.
     */
    public CompletableFuture<Long> swapModel(GanModel next) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        jobs.add(() -> {
            GanModel old = model;
            for (AtomicReference<Request> s : slots.values()) {
                s.set(null);
            }
            model = next;
            generation++;
            lastMillis = Double.NaN;
            if (old != null && old != next) {
                try {
                    old.close();
                } catch (RuntimeException e) {
                    onError.accept(e);
                }
            }
            f.complete(generation);
        });
        wake();
        return f;
    }

    /** Milliseconds per image of the last completed MAIN request (NaN before the first). */
    public double lastMillis() {
        return lastMillis;
    }

    public long generation() {
        return generation;
    }

    public boolean hasModel() {
        return model != null;
    }

    private void wake() {
        lock.lock();
        try {
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean idle() {
        if (!jobs.isEmpty()) {
            return false;
        }
        for (AtomicReference<Request> s : slots.values()) {
            if (s.get() != null) {
                return false;
            }
        }
        return true;
    }

    private void loop() {
        while (running) {
            lock.lock();
            try {
                while (running && idle()) {
                    signal.await();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (!running) {
                break;
            }
            Runnable job = jobs.poll();
            if (job != null) {
                job.run();
                continue;
            }
            for (Lane lane : Lane.values()) {
                Request r = slots.get(lane).getAndSet(null);
                if (r != null) {
                    try {
                        render(lane, r);
                    } catch (Throwable t) {
                        onError.accept(t);
                    }
                    break; // re-check higher lanes and jobs first
                }
            }
        }
        GanModel m = model;
        model = null;
        if (m != null) {
            m.close();
        }
    }

    private void render(Lane lane, Request r) {
        GanModel m = model;
        if (m == null) {
            return;
        }
        int nz = r.z().length / r.count();
        if (nz != m.nz()) {
            return; // a request made for a previous model
        }
        long gen = generation;
        AtomicReference<Request> slot = slots.get(lane);
        for (int off = 0; off < r.count(); off += CHUNK) {
            int n = Math.min(CHUNK, r.count() - off);
            Frames frames = chunk(m, r, off, n, gen);
            if (lane == Lane.MAIN) {
                lastMillis = frames.millisPerImage();
            }
            deliver.execute(() -> r.onChunk().accept(frames));
            if (off + n < r.count()) {
                if (slot.get() != null) {
                    return; // superseded: the newest request wins
                }
                if (!jobs.isEmpty() || higherPending(lane)) {
                    // serve more urgent work, then resume the rest of this request
                    List<Runnable> urgent = new ArrayList<>();
                    Runnable j;
                    while ((j = jobs.poll()) != null) {
                        urgent.add(j);
                    }
                    urgent.forEach(Runnable::run);
                    for (Lane hi : Lane.values()) {
                        if (hi.ordinal() >= lane.ordinal()) {
                            break;
                        }
                        Request hr = slots.get(hi).getAndSet(null);
                        if (hr != null) {
                            render(hi, hr);
                        }
                    }
                    if (model != m) {
                        return;
                    }
                }
            }
        }
    }

    /** Images [off, off + n) of a request in one generator call. */
    private static Frames chunk(GanModel m, Request r, int off, int n, long gen) {
        int nz = r.z().length / r.count();
        float[] z = new float[n * nz];
        System.arraycopy(r.z(), off * nz, z, 0, z.length);
        long t0 = System.nanoTime();
        Generated g = m.generate(z, n, r.mask(), Set.of());
        int[][] px = new int[n][];
        for (int i = 0; i < n; i++) {
            px[i] = Pixels.argb(g, i);
        }
        double ms = (System.nanoTime() - t0) / 1e6 / n;
        return new Frames(off, r.count(), g.width(), g.height(), px, ms, gen);
    }

    /**
     * Every image of {@code count} latent vectors on the calling thread, in the very batches the
     * render thread uses ({@link #CHUNK} per generator call): a headless command that draws a
     * recipe this way gets the pixels the app showed, bit for bit, whatever the backend does with
     * the batch size.
     */
    public static Frames renderAll(GanModel m, float[] z, int count) {
        return renderAll(m, z, count, done -> {});
    }

    /** The same, telling {@code progress} how many frames are done after each chunk. */
    public static Frames renderAll(GanModel m, float[] z, int count, java.util.function.IntConsumer progress) {
        Request r = new Request(z, count, null, f -> {});
        int[][] px = new int[count][];
        int w = 0;
        int h = 0;
        double ms = 0;
        for (int off = 0; off < count; off += CHUNK) {
            Frames f = chunk(m, r, off, Math.min(CHUNK, count - off), 0);
            System.arraycopy(f.pixels(), 0, px, off, f.pixels().length);
            w = f.width();
            h = f.height();
            ms += f.millisPerImage() * f.pixels().length;
            progress.accept(off + f.pixels().length);
        }
        return new Frames(0, count, w, h, px, ms / count, 0);
    }

    private boolean higherPending(Lane lane) {
        for (Lane hi : Lane.values()) {
            if (hi.ordinal() >= lane.ordinal()) {
                return false;
            }
            if (slots.get(hi).get() != null) {
                return true;
            }
        }
        return false;
    }

    /** Stops the thread and closes the model. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
