package dev.latentlab.cli;

import dev.latentlab.lab2d.Gan2d;
import dev.latentlab.lab2d.Lab2dMetrics;
import dev.latentlab.lab2d.Target2d;
import dev.latentlab.train.TrainConfig;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab2d}: GAN Lab's 2-D experiment without a window. */
@Command(name = "lab2d", mixinStandardHelpOptions = true,
        description = {"A small GAN on a 2-D target (GAN Lab's): G 2 → 64 → 64 → 2, D 2 → 64 → 64 → 1, batch 128,",
            "Adam 1e-3 / β1 0.5. Prints, every --every iterations and at the end: modes_covered (of the ring's 8 or the",
            "grid's 25: at least 1%% of 2,000 samples within 3σ), quality (share within 3σ of a mode), kl (data ‖ G)",
            "and js, on a 60 × 60 histogram over [−3, 3]², in nats."})
final class Lab2dCommand implements Callable<Integer> {
    @Option(names = "--target", defaultValue = "ring8", description = "ring8, grid25 or moons (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--iterations", defaultValue = "2000", description = "iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--loss", defaultValue = "non-saturating", description = "G's loss: non-saturating or minimax")
    String loss;

    @Option(names = "--d-steps", defaultValue = "1", description = "D updates per G update (default: ${DEFAULT-VALUE})")
    int dSteps;

    @Option(names = "--g-steps", defaultValue = "1", description = "G updates per iteration, after the D updates (default: ${DEFAULT-VALUE})")
    int gSteps;

    @Option(names = "--every", defaultValue = "0", description = "also print the figures every N iterations (0: only at the end)")
    int every;

    @Override
    public Integer call() {
        if (iterations < 1 || iterations > 1_000_000 || dSteps < 1 || dSteps > 100 || gSteps < 1 || gSteps > 100 || every < 0) {
            System.err.println("error: --iterations must be 1..1000000, --d-steps and --g-steps 1..100, --every 0 or more");
            return 2;
        }
        Gan2d gan;
        Target2d t;
        try {
            t = Target2d.parse(target);
            Gan2d.Settings s = Gan2d.Settings.of(t);
            gan = new Gan2d(new Gan2d.Settings(t, TrainConfig.Loss.parse(loss), dSteps, gSteps, s.hidden(), s.batch(), s.lr(),
                    seed));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        System.out.printf(Locale.ROOT, "# target %s, loss %s, %d D steps and %d G steps per iteration, seed %d%n",
                t.name().toLowerCase(Locale.ROOT), loss, dSteps, gSteps, seed);
        for (int i = 1; i <= iterations; i++) {
            gan.step();
            if (every > 0 && i % every == 0 && i < iterations) {
                print(gan, t, i, "at." + i + ".");
            }
        }
        print(gan, t, iterations, "");
        return 0;
    }

    private void print(Gan2d gan, Target2d t, int it, String prefix) {
        Lab2dMetrics.Report r = Lab2dMetrics.measure(gan, t, seed + 7);
        if (r.modes() > 0) {
            System.out.printf(Locale.ROOT, "%-24s %d of %d%n", prefix + "modes_covered", r.modesCovered(), r.modes());
            System.out.printf(Locale.ROOT, "%-24s %.4f%n", prefix + "quality", r.quality());
        }
        System.out.printf(Locale.ROOT, "%-24s %.4f%n", prefix + "kl", r.kl());
        System.out.printf(Locale.ROOT, "%-24s %.4f%n", prefix + "js", r.js());
    }
}
