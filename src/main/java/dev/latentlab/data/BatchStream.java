package dev.latentlab.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Endless stream of training batches, prepared ahead of time on a background daemon thread.
 *
 * <p>Each epoch visits every image once, in an order shuffled deterministically from
 * {@code (seed, epoch)} (see {@link #epochOrder}); with {@code hflip}, each image is also mirrored
 * with probability 1/2, again deterministically. The last partial batch of an epoch is dropped.
 * A stream can start at any {@code (epoch, batch)} to resume training exactly where it stopped.
 *
 * <p><b>Buffer recycling:</b> batch arrays come from a small pool. When done with a batch (e.g.
 * after copying it into an NDArray), call {@link #recycle(Batch)} and do not touch its data
 * afterwards. Batches that are never recycled are simply garbage-collected, so forgetting costs
 * allocations, not correctness.
 *
 * <p>{@link #next()} is meant to be called from one consumer thread. Close the stream to stop the
 * background thread.
 */
public final class BatchStream implements AutoCloseable {
    /** Batches prepared ahead of the consumer. */
    public static final int PREFETCH = 3;

    /**
     * One batch.
     *
     * @param data            {@code batchSize × C × H × W} floats in [-1, 1], NCHW
     * @param batchSize       images in the batch
     * @param epoch           epoch it belongs to (0-based)
     * @param indexInEpoch    its position in the epoch (0-based)
     * @param batchesPerEpoch batches per epoch
     */
    public record Batch(float[] data, int batchSize, int epoch, int indexInEpoch, int batchesPerEpoch) {
        /** Global step: {@code epoch × batchesPerEpoch + indexInEpoch}. */
        public long step() {
            return (long) epoch * batchesPerEpoch + indexInEpoch;
        }

        /** Whether this is the last batch of its epoch. */
        public boolean lastInEpoch() {
            return indexInEpoch == batchesPerEpoch - 1;
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int MAX_TRACKED = 32;

    private final ImageSet set;
    private final int batchSize;
    private final long seed;
    private final boolean hflip;
    private final int batchesPerEpoch;
    private final int floatsPerBatch;
    private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(PREFETCH);
    private final BlockingQueue<float[]> pool = new ArrayBlockingQueue<>(PREFETCH + 3);
    private final AtomicInteger allocated = new AtomicInteger();
    /** The most recently handed-out buffers (bounded, so unrecycled ones are not kept alive). */
    private final ArrayDeque<float[]> handedOut = new ArrayDeque<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile Throwable failure;

    public BatchStream(ImageSet set, int batchSize, long seed, boolean hflip) {
        this(set, batchSize, seed, hflip, 0, 0);
    }

    /**
     * A stream whose first batch is batch {@code startBatch} of epoch {@code startEpoch} (the
     * same batch an uninterrupted stream would produce there). A {@code startBatch} past the end
     * of the epoch carries over into the following epochs.
     *
     * @throws DatasetException if the set has fewer images than one batch
     */
    public BatchStream(ImageSet set, int batchSize, long seed, boolean hflip, int startEpoch, int startBatch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (startEpoch < 0 || startBatch < 0) {
            throw new IllegalArgumentException("start epoch and batch must be >= 0, got " + startEpoch + ", " + startBatch);
        }
        if (set.size() < batchSize) {
            throw new DatasetException("Dataset " + set.name() + " has " + set.size() + " image"
                    + (set.size() == 1 ? "" : "s") + ", fewer than one batch of " + batchSize
                    + "; add images or use a smaller batch size");
        }
        this.set = set;
        this.batchSize = batchSize;
        this.seed = seed;
        this.hflip = hflip;
        this.batchesPerEpoch = set.size() / batchSize;
        this.floatsPerBatch = Math.multiplyExact(batchSize, set.spec().valuesPerImage());
        long start = (long) startEpoch * batchesPerEpoch + startBatch;
        int epoch0 = (int) (start / batchesPerEpoch);
        int batch0 = (int) (start % batchesPerEpoch);
        worker = new Thread(() -> produce(epoch0, batch0), "latentlab-batches-" + THREADS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int batchSize() {
        return batchSize;
    }

    public ImageSet set() {
        return set;
    }

    /**
     * The next batch, waiting for it if needed.
     *
     * @throws CancellationException if the calling thread is interrupted (its interrupt flag is kept)
     * @throws IllegalStateException if the stream is closed
     * @throws DatasetException      if preparing batches failed
     */
    public Batch next() {
        while (true) {
            Throwable f = failure;
            if (f != null) {
                throw new DatasetException("Preparing training batches failed: " + f, f);
            }
            if (closed) {
                throw new IllegalStateException("batch stream is closed");
            }
            try {
                Batch b = ready.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for a batch");
            }
        }
    }

    /**
     * Gives a batch's buffer back for reuse. The batch's data must not be used afterwards.
     * Recycling the same batch twice, or a batch from another stream, is ignored.
     */
    public void recycle(Batch batch) {
        if (batch == null || closed) {
            return;
        }
        float[] data = batch.data();
        boolean ours = false;
        synchronized (handedOut) {
            for (Iterator<float[]> it = handedOut.iterator(); it.hasNext(); ) {
                if (it.next() == data) {
                    it.remove();
                    ours = true;
                    break;
                }
            }
        }
        if (ours) {
            pool.offer(data);
        }
    }

    /** Number of batch buffers allocated so far (stays small when batches are recycled). */
    public int allocatedBuffers() {
        return allocated.get();
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ready.clear();
        pool.clear();
    }

    private void produce(int epoch, int batch) {
        try {
            int n = set.size();
            int per = set.spec().valuesPerImage();
            int[] order = null;
            boolean[] flips = null;
            int orderEpoch = -1;
            while (!closed) {
                if (orderEpoch != epoch) {
                    SplittableRandom rng = epochRandom(seed, epoch);
                    order = shuffle(n, rng);
                    flips = new boolean[n];
                    if (hflip) {
                        for (int i = 0; i < n; i++) {
                            flips[i] = rng.nextBoolean();
                        }
                    }
                    orderEpoch = epoch;
                }
                float[] data = pool.poll();
                if (data == null) {
                    data = new float[floatsPerBatch];
                    allocated.incrementAndGet();
                }
                int base = batch * batchSize;
                for (int i = 0; i < batchSize; i++) {
                    set.copyImage(order[base + i], data, i * per, flips[base + i]);
                }
                synchronized (handedOut) {
                    handedOut.addLast(data);
                    if (handedOut.size() > MAX_TRACKED) {
                        handedOut.removeFirst();
                    }
                }
                ready.put(new Batch(data, batchSize, epoch, batch, batchesPerEpoch));
                if (++batch == batchesPerEpoch) {
                    batch = 0;
                    epoch++;
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * The order in which epoch {@code epoch} visits the images of a set of {@code size}: a
     * Fisher–Yates shuffle driven by {@code new SplittableRandom(seed ^ (epoch+1) × golden ratio)}.
     * Batch b of that epoch holds {@code order[b*batchSize .. (b+1)*batchSize)}.
     */
    public static int[] epochOrder(int size, long seed, int epoch) {
        return shuffle(size, epochRandom(seed, epoch));
    }

    private static SplittableRandom epochRandom(long seed, int epoch) {
        return new SplittableRandom(seed ^ ((epoch + 1L) * 0x9E3779B97F4A7C15L));
    }

    /** A random permutation of 0 … n − 1 (Fisher–Yates). */
    public static int[] shuffle(int n, java.util.random.RandomGenerator rng) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
