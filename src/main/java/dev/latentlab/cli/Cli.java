package dev.latentlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command line: the app's capabilities without a window. Only LatentLab's own lines are
 * printed unless {@code --verbose} (any command) lets DJL's INFO log and libtorch's warnings through.
 */
@Command(name = "latentlab", mixinStandardHelpOptions = true, version = "LatentLab 0.1",
        description = "Train a DCGAN and play with what it learned. Without a command, opens the app.",
        subcommands = {SampleCommand.class, TrainCommand.class, BenchCommand.class, TrainClassifierCommand.class, EvalCommand.class,
            ExportCommand.class, InterpolateCommand.class, ChooseStartCommand.class, DirectionsCommand.class,
            EncodeCommand.class, TrainEncoderCommand.class, Lab1dCommand.class})
public final class Cli implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "also print the libraries' log (DJL's INFO lines, libtorch's warnings)")
    void verbose(boolean on) {
        Logs.quiet(!on);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static int run(String... args) {
        TrainCommand.commandLine = "latentlab " + String.join(" ", args);
        Logs.quiet(true);
        CommandLine cl = new CommandLine(new Cli());
        cl.setParameterExceptionHandler((ex, line) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("error: " + ex.getMessage());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
            cmd.getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl.execute(args);
    }
}
