package dev.latentlab.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench start}: the cold start without a window — fresh JVMs, each from its own start to
 * the first frame of the model generated and written (the engine's start, the model's load, one
 * generator pass), the way the app reaches its first frame before JavaFX shows it.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Cold start without a window: fresh JVMs (this one's java, class path and -D settings),",
            "each timed from its start to the model's first frame generated and written. The window's own",
            "start (JavaFX) comes on top. Median of --runs."})
final class StartBenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/faces64", description = "model (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--runs", defaultValue = "3", description = "fresh JVMs to time (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path out = Files.createTempFile("latentlab-start", ".png");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.latentlab.Main", "sample",
                    "--model", model.toString(), "--count", "1", "--out", out.toString()));
            double[] s = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                int code = p.waitFor();
                s[i] = (System.nanoTime() - t0) / 1e9;
                if (code != 0) {
                    System.err.println("error: the child JVM exited with " + code + ": " + String.join(" ", cmd));
                    return 2;
                }
            }
            double[] sorted = s.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "cold start to the first frame of %s (fresh JVM, no window): median %.2f s "
                    + "(runs: %s s)%n", model, BenchCommand.percentile(sorted, 50), String.join(", ",
                    Arrays.stream(s).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toList()));
            return 0;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
