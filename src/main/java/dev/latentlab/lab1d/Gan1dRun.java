package dev.latentlab.lab1d;

import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Trains a {@link Gan1d} on its own thread as fast as allowed (or at a chosen number of steps per
 * second) and, about 30 times a second, publishes a {@link Picture}: the exact real density, the
 * generator's density (a kernel density estimate of G(z) for a fixed set of z), D(x) on the same
 * grid, and the best Gaussian fit to the data. Every change (settings, reset, single steps) is a
 * command the training thread runs between steps, so the Gan1d is never shared.
 */
public final class Gan1dRun implements AutoCloseable {
    public static final int GRID = 301;
    public static final int GENERATED_SAMPLES = 4000;
    static final int FIT_SAMPLES = 20_000;
    private static final long PICTURE_NANOS = 30_000_000L;

    /** What the plot draws; arrays are on the grid lo … hi with {@link #GRID} points. */
    public record Picture(Target target, double lo, double hi, double[] real, double[] generated,
            double[] discriminator, double fitMean, double fitStd, double generatedMean, double generatedStd,
            Gan1d.Stats stats, double stepsPerSecond, boolean running) {
        public double x(int i) {
            return lo + (hi - lo) * i / (real.length - 1);
        }
    }

    public enum Single { D, G, ITERATION }

    private final ConcurrentLinkedQueue<Consumer<Gan1dRun>> commands = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Picture> latest = new AtomicReference<>();
    private final Thread thread;
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile boolean active = true;
    private volatile boolean closed;
    /** Steps per second allowed; 0 or less means as fast as possible. */
    private volatile double maxStepsPerSecond;
    private Gan1d gan;
    private double fitMean;
    private double fitStd;
    private boolean dirty = true;
    private double rate;

    public Gan1dRun(Gan1d.Settings settings) {
        gan = new Gan1d(settings);
        fit(settings.target());
        thread = new Thread(this::loop, "latentlab-gan1d");
        thread.setDaemon(true);
        thread.start();
    }

    /** The latest picture (never null after the first ~30 ms). */
    public Picture picture() {
        return latest.get();
    }

    public boolean running() {
        return running;
    }

    public void setRunning(boolean r) {
        running = r;
        poke();
    }

    /** Whether anyone is looking: an inactive run does not train (and costs no CPU). */
    public void setActive(boolean a) {
        active = a;
        poke();
    }

    public void setMaxStepsPerSecond(double perSecond) {
        maxStepsPerSecond = perSecond;
    }

    /** New settings: a new network when nz, width, batch or seed change, else applied in place. */
    public void apply(Gan1d.Settings s) {
        command(r -> {
            Gan1d.Settings old = r.gan.settings();
            if (old.nz() != s.nz() || old.hidden() != s.hidden() || old.seed() != s.seed()) {
                r.gan = new Gan1d(s);
            } else {
                r.gan.update(s);
            }
            if (!old.target().equals(s.target())) {
                r.fit(s.target());
            }
        });
    }

    /** Fresh networks and optimisers (a new seed each time, so a reset shows another run). */
    public void reset() {
        command(r -> r.gan = new Gan1d(r.gan.settings().withSeed(r.gan.settings().seed() + 1)));
    }

    /** One D update, one G update or one whole iteration (used while paused). */
    public void single(Single what) {
        command(r -> {
            switch (what) {
                case D -> r.gan.stepD();
                case G -> r.gan.stepG();
                case ITERATION -> r.gan.step();
            }
        });
    }

    private void command(Consumer<Gan1dRun> c) {
        commands.add(c);
        poke();
    }

    private void poke() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void fit(Target t) {
        Random r = new Random(7);
        double s = 0;
        double ss = 0;
        for (int i = 0; i < FIT_SAMPLES; i++) {
            double x = t.sample(r);
            s += x;
            ss += x * x;
        }
        fitMean = s / FIT_SAMPLES;
        fitStd = Math.sqrt(Math.max(ss / FIT_SAMPLES - fitMean * fitMean, 1e-12));
    }

    private void loop() {
        long lastPicture = 0;
        long windowStart = System.nanoTime();
        long windowSteps = 0;
        long budgetStart = System.nanoTime();
        long budgetSteps = 0;
        while (!closed) {
            for (Consumer<Gan1dRun> c; (c = commands.poll()) != null; ) {
                c.accept(this);
                dirty = true;
            }
            long now = System.nanoTime();
            boolean train = running && active;
            if (train) {
                double max = maxStepsPerSecond;
                long allowed = max > 0 ? (long) ((now - budgetStart) / 1e9 * max) - budgetSteps : Long.MAX_VALUE;
                if (allowed > 0) {
                    long until = now + 5_000_000L;
                    long done = 0;
                    do {
                        gan.step();
                        done++;
                    } while (done < allowed && System.nanoTime() < until);
                    budgetSteps += done;
                    windowSteps += done;
                    dirty = true;
                } else {
                    sleep(2);
                }
                if (max <= 0 || now - budgetStart > 2_000_000_000L) {
                    budgetStart = System.nanoTime(); // keep the budget recent (and fresh after a change)
                    budgetSteps = 0;
                }
            }
            now = System.nanoTime();
            if (now - windowStart >= 500_000_000L || !train) {
                rate = train ? windowSteps / ((now - windowStart) / 1e9) : 0;
                windowStart = now;
                windowSteps = 0;
            }
            if (dirty && now - lastPicture >= PICTURE_NANOS) {
                latest.set(draw());
                lastPicture = now;
                dirty = false;
            }
            if (!train && commands.isEmpty()) {
                synchronized (wake) {
                    try {
                        wake.wait(dirty ? 10 : 200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The picture of the current state (on the training thread). */
    Picture draw() {
        Target t = gan.settings().target();
        double[] range = t.plotRange();
        double lo = range[0];
        double hi = range[1];
        double[] real = new double[GRID];
        double[] disc = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            double x = lo + (hi - lo) * i / (GRID - 1);
            real[i] = t.pdf(x);
            disc[i] = gan.discriminate(x);
        }
        double[] samples = gan.generate(GENERATED_SAMPLES, new Random(11)); // the same z every frame
        double h = Math.max(KernelDensity.silvermanBandwidth(samples), (hi - lo) / (GRID - 1) / 2);
        double[] gen = KernelDensity.onGrid(samples, h, lo, hi, GRID);
        double m = 0;
        for (double s : samples) {
            m += s;
        }
        m /= samples.length;
        double v = 0;
        for (double s : samples) {
            v += (s - m) * (s - m);
        }
        return new Picture(t, lo, hi, real, gen, disc, fitMean, fitStd, m, Math.sqrt(v / samples.length),
                gan.stats(), rate, running && active);
    }

    @Override
    public void close() {
        closed = true;
        poke();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
