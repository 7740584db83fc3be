package dev.latentlab.lab2d;

import dev.latentlab.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Trains a {@link Gan2d} on its own thread (Play), or one D update, one G update or one iteration at
 * a time, and publishes {@link Picture}s of GAN Lab's views: D's decision heatmap, real and fake
 * points, the generator's manifold (a grid of noise warped by G), the gradient arrows on fake
 * points, and the figures of {@link Lab2dMetrics} (modes covered, KL, JS) over time. The figures
 * are measured exactly as {@code latentlab lab2d} measures them (seed + 7), about twice a second
 * while playing and after every single step, so the same seed and iteration give the same numbers.
 * Every change is a command the training thread runs between steps: the GAN is never shared.
 */
public final class Lab2dRun implements AutoCloseable {
    /** Side of D's heatmap grid over [−3, 3]². */
    public static final int HEAT = 48;
    /** Lines of the manifold's noise grid over z ∈ [−2.5, 2.5]². */
    public static final int MANIFOLD = 15;
    public static final int POINTS = 400;
    public static final int ARROWS = 120;
    public static final double LO = -3;
    public static final double HI = 3;
    private static final long PICTURE_NANOS = 33_000_000L;
    private static final long MEASURE_NANOS = 500_000_000L;

    /** One measurement of the figures. */
    public record Figures(long iteration, Lab2dMetrics.Report report) {}

    /**
     * What the view draws: real and fake points (x, y pairs), D on the {@link #HEAT}² grid (row
     * by row from y = LO), the manifold (G of the {@link #MANIFOLD}² noise grid, x, y pairs row by row),
     * arrows (x, y, vx, vy per fake point), and every measurement so far.
     */
    public record Picture(Distribution2d target, long iteration, double[] real, double[] fake, double[] heat,
            double[] manifold, double[] arrows, List<Figures> history, TrainConfig.Loss loss, int dSteps,
            boolean running) {
        public Figures latest() {
            return history.isEmpty() ? null : history.get(history.size() - 1);
        }
    }

    public enum Single { D, G, ITERATION }

    private final ConcurrentLinkedQueue<Consumer<Lab2dRun>> commands = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Picture> latest = new AtomicReference<>();
    private final Thread thread;
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile boolean active = true;
    private volatile boolean closed;
    private Gan2d gan;
    private double[] real;
    private final List<Figures> history = new ArrayList<>();
    private boolean dirty = true;
    private boolean measureNow = true;

    public Lab2dRun(Gan2d.Settings settings) {
        start(settings);
        thread = new Thread(this::loop, "latentlab-gan2d");
        thread.setDaemon(true);
        thread.start();
    }

    private void start(Gan2d.Settings s) {
        gan = new Gan2d(s);
        real = new double[2 * POINTS];
        Random r = new Random(5);
        double[] p = new double[2];
        for (int i = 0; i < POINTS; i++) {
            s.target().sample(r, p);
            real[2 * i] = p[0];
            real[2 * i + 1] = p[1];
        }
        history.clear();
        measureNow = true;
    }

    /** The latest picture (null only for the first few milliseconds). */
    public Picture picture() {
        return latest.get();
    }

    public void setRunning(boolean r) {
        running = r;
        poke();
    }

    public boolean running() {
        return running;
    }

    /** Whether anyone is looking: an inactive run does not train. */
    public void setActive(boolean a) {
        active = a;
        poke();
    }

    /** A new target: new networks (GAN Lab starts over when the data changes). */
    public void setTarget(Distribution2d t) {
        command(r -> r.start(r.gan.settings().withTarget(t)));
    }

    /** The loss and D:G ratio, applied in place. */
    public void setLoss(TrainConfig.Loss loss, int dSteps) {
        command(r -> r.gan.update(loss, dSteps));
    }

    /** Fresh networks; {@code nextSeed} draws another start, else the same seed starts again. */
    public void reset(boolean nextSeed) {
        command(r -> {
            Gan2d.Settings s = r.gan.settings();
            r.start(nextSeed ? s.withSeed(s.seed() + 1) : s);
        });
    }

    public void single(Single what) {
        command(r -> {
            switch (what) {
                case D -> r.gan.stepD();
                case G -> r.gan.stepG();
                case ITERATION -> r.gan.step();
            }
            r.measureNow = true;
        });
    }

    private void command(Consumer<Lab2dRun> c) {
        commands.add(c);
        poke();
    }

    private void poke() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void loop() {
        long lastPicture = 0;
        long lastMeasure = System.nanoTime();
        while (!closed) {
            for (Consumer<Lab2dRun> c; (c = commands.poll()) != null; ) {
                c.accept(this);
                dirty = true;
            }
            boolean train = running && active;
            if (train) {
                long until = System.nanoTime() + 15_000_000L;
                do {
                    gan.step();
                } while (System.nanoTime() < until);
                dirty = true;
            }
            long now = System.nanoTime();
            if (measureNow || (train && now - lastMeasure >= MEASURE_NANOS)) {
                history.add(new Figures(gan.iteration(), Lab2dMetrics.measure(gan, gan.settings().target(),
                        gan.settings().seed() + 7)));
                lastMeasure = System.nanoTime();
                measureNow = false;
                dirty = true;
            }
            if (dirty && (now - lastPicture >= PICTURE_NANOS || !train)) {
                latest.set(draw());
                lastPicture = System.nanoTime();
                dirty = false;
            }
            if (!train && commands.isEmpty()) {
                synchronized (wake) {
                    try {
                        wake.wait(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** The picture of the current state (on the training thread). */
    Picture draw() {
        double[] heat = new double[HEAT * HEAT];
        for (int j = 0; j < HEAT; j++) {
            double y = LO + (HI - LO) * (j + 0.5) / HEAT;
            for (int i = 0; i < HEAT; i++) {
                heat[j * HEAT + i] = gan.discriminate(LO + (HI - LO) * (i + 0.5) / HEAT, y);
            }
        }
        double[] manifold = new double[2 * MANIFOLD * MANIFOLD];
        double[] p = new double[2];
        for (int j = 0; j < MANIFOLD; j++) {
            for (int i = 0; i < MANIFOLD; i++) {
                gan.map(-2.5 + 5.0 * i / (MANIFOLD - 1), -2.5 + 5.0 * j / (MANIFOLD - 1), p);
                manifold[2 * (j * MANIFOLD + i)] = p[0];
                manifold[2 * (j * MANIFOLD + i) + 1] = p[1];
            }
        }
        Gan2d.Settings s = gan.settings();
        return new Picture(s.target(), gan.iteration(), real, gan.generate(POINTS, new Random(11)), heat, manifold,
                gan.fakeArrows(ARROWS, new Random(13)), List.copyOf(history), s.loss(), s.dSteps(), running);
    }

    @Override
    public void close() {
        closed = true;
        poke();
    }
}
