package dev.latentlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: the app's capabilities without a window. */
@Command(name = "latentlab", mixinStandardHelpOptions = true, version = "LatentLab 0.1",
        description = "Train a DCGAN and play with what it learned. Without a command, opens the app.",
        subcommands = {SampleCommand.class, TrainCommand.class, BenchCommand.class, TrainClassifierCommand.class, EvalCommand.class,
            ExportCommand.class, InterpolateCommand.class, ChooseStartCommand.class, EncodeCommand.class, TrainEncoderCommand.class})
public final class Cli implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static int run(String... args) {
        TrainCommand.commandLine = "latentlab " + String.join(" ", args);
        CommandLine cl = new CommandLine(new Cli());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }
}
