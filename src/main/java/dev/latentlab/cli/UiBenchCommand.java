package dev.latentlab.cli;

import dev.latentlab.model.GanModel;
import dev.latentlab.model.ModelStore;
import dev.latentlab.render.RenderBench;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"The app's live path without a window: a new z along a slerp walk is requested at --hz",
            "through the same render service the views use (newest request wins). Prints frames delivered",
            "per second, requests dropped, ms per frame and resident-memory growth."})
final class UiBenchCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model (default: a randomly initialised 64x64 RGB DCGAN, nz 100, ngf 64)")
    Path model;

    @Option(names = "--seconds", converter = Numbers.PositiveReal.class, defaultValue = "30", description = "duration (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--hz", converter = Numbers.Positive.class, defaultValue = "60", description = "requests per second (default: ${DEFAULT-VALUE})")
    int hz;

    @Override
    public Integer call() throws Exception {
        GanModel m = model != null ? ModelStore.open(model) : BenchCommand.randomDcgan64();
        System.out.printf(Locale.ROOT, "model: %s (%s)%n", m.name(), m.spec().describe());
        // warm-up, so that the memory figure measures the steady state
        RenderBench.run(m, 2, hz);
        GanModel again = model != null ? ModelStore.open(model) : BenchCommand.randomDcgan64();
        System.gc();
        long before = BenchCommand.rssKb();
        RenderBench.Result r = RenderBench.run(again, seconds, hz);
        System.gc();
        long after = BenchCommand.rssKb();
        System.out.printf(Locale.ROOT, "frames delivered: %.1f fps (requested %d Hz)%n", r.fps(), hz);
        System.out.printf(Locale.ROOT, "requests dropped (superseded, newest wins): %d of %d%n", r.dropped(),
                r.requested());
        System.out.printf(Locale.ROOT, "ms per frame (last): %.2f%n", r.millisPerFrame());
        System.out.printf(Locale.ROOT, "memory growth over %.0f s: %.1f MB RSS%n", r.seconds(), (after - before) / 1024.0);
        return 0;
    }
}
