package dev.latentlab.lab1d;

import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Trains a {@link Gan1d} and, beside it on the same data, a {@link Vae1d} on its own thread as fast
 * as allowed (or at a chosen number of steps per second; one step is one GAN iteration and one VAE
 * update) and, about 30 times a second, publishes a {@link Picture}: the exact real density, the
 * generator's and the VAE's densities (kernel density estimates of samples drawn with fixed random
 * numbers), D(x) on the same grid, the best Gaussian fit to the data, and, about 4 times a second,
 * the {@link Tails}: quantiles of target, GAN and VAE from {@link #TAIL_SAMPLES} samples each.
 * Every change (settings, reset, single steps) is a command the training thread runs between
 * steps, so neither model is ever shared.
 */
public final class Gan1dRun implements AutoCloseable {
    public static final int GRID = 301;
    public static final int GENERATED_SAMPLES = 4000;
    static final int FIT_SAMPLES = 20_000;
    /** Samples per model behind the tail quantiles (the target's: 10 times as many, once per target). */
    public static final int TAIL_SAMPLES = 20_000;
    private static final long PICTURE_NANOS = 30_000_000L;
    private static final long TAIL_NANOS = 250_000_000L;

    /** What the plot draws; arrays are on the grid lo … hi with {@link #GRID} points. */
    public record Picture(Target target, double lo, double hi, double[] real, double[] generated,
            double[] vae, double[] discriminator, double fitMean, double fitStd, double generatedMean,
            double generatedStd, Gan1d.Stats stats, Vae1d.Stats vaeStats, Tails tails, Noise1d noise,
            double stepsPerSecond, boolean running, float[] fakeOutputs) {
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
    private Vae1d vae;
    private double[] targetSorted;
    private Tails tails;
    private long lastTails;
    private double fitMean;
    private double fitStd;
    private boolean dirty = true;
    private double rate;

    public Gan1dRun(Gan1d.Settings settings) {
        gan = new Gan1d(settings);
        vae = new Vae1d(Vae1d.Settings.besides(settings));
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
                r.vae = new Vae1d(Vae1d.Settings.besides(s));
            } else {
                r.gan.update(s);
                r.vae.update(Vae1d.Settings.besides(s));
            }
            r.tails = null; // measured again for the new settings
            if (!old.target().equals(s.target())) {
                r.fit(s.target());
            }
        });
    }

    /** Fresh networks and optimisers (a new seed each time, so a reset shows another run). */
    public void reset() {
        command(r -> {
            Gan1d.Settings next = r.gan.settings().withSeed(r.gan.settings().seed() + 1);
            r.gan = new Gan1d(next);
            r.vae = new Vae1d(Vae1d.Settings.besides(next));
            r.tails = null;
        });
    }

    /** One D update, one G update or one whole iteration of both models (used while paused). */
    public void single(Single what) {
        command(r -> {
            switch (what) {
                case D -> r.gan.stepD();
                case G -> r.gan.stepG();
                case ITERATION -> r.step();
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
        double[] many = new double[10 * TAIL_SAMPLES];
        for (int i = 0; i < many.length; i++) {
            many[i] = t.sample(r);
        }
        targetSorted = Quantiles.sorted(many, t.describe());
    }

    /** One GAN iteration and one VAE update. */
    private void step() {
        gan.step();
        vae.step();
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
                        step();
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
        double[] gen = density(samples, lo, hi);
        double[] vaeDensity = density(vae.generate(GENERATED_SAMPLES, new Random(13)), lo, hi);
        long now = System.nanoTime();
        if (tails == null || now - lastTails >= TAIL_NANOS) {
            tails = Tails.measure(Tails.qqProbabilities(), targetSorted, gan.generate(TAIL_SAMPLES, new Random(17)),
                    vae.generate(TAIL_SAMPLES, new Random(19)));
            lastTails = now;
        }
        double m = 0;
        for (double s : samples) {
            m += s;
        }
        m /= samples.length;
        double v = 0;
        for (double s : samples) {
            v += (s - m) * (s - m);
        }
        return new Picture(t, lo, hi, real, gen, vaeDensity, disc, fitMean, fitStd, m, Math.sqrt(v / samples.length),
                gan.stats(), vae.stats(), tails, gan.settings().noise(), rate, running && active, gan.fakeOutputs());
    }

    /** A kernel density estimate on the picture's grid (its bandwidth at least half a grid step). */
    private static double[] density(double[] samples, double lo, double hi) {
        double h = Math.max(KernelDensity.silvermanBandwidth(samples), (hi - lo) / (GRID - 1) / 2);
        return KernelDensity.onGrid(samples, h, lo, hi, GRID);
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
