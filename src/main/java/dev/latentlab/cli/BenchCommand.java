package dev.latentlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (see subcommands).")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("not yet");
        return 1;
    }
}
