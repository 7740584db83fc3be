package dev.latentlab.cli;

import dev.latentlab.nn.LibraryLog;
import dev.latentlab.nn.Precision;
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
        subcommands = {SampleCommand.class, ReadCommand.class, TrainCommand.class, BenchCommand.class, TrainClassifierCommand.class, EvalCommand.class,
            ExportCommand.class, InterpolateCommand.class, ChooseStartCommand.class, DirectionsCommand.class,
            EncodeCommand.class, TrainEncoderCommand.class, Lab1dCommand.class, Lab2dCommand.class, InfoCommand.class, ExplainCommand.class})
public final class Cli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "also print the libraries' log (DJL's INFO lines, libtorch's warnings)")
    void verbose(boolean on) {
        LibraryLog.quiet(!on);
    }

    @Option(names = "--precision", scope = ScopeType.INHERIT, paramLabel = "auto|bf16|fp32",
            description = {"number format of the generator's inference passes: auto (default) is bfloat16 where a",
                "probe at first start (under 2 s, kept in ~/.latentlab/precision.json) found it both right on this",
                "CPU's engine and faster, float32 elsewhere; masked, split and training passes are always float32.",
                "Also -Dlatentlab.precision."})
    void precision(String setting) {
        try {
            Precision.set(Precision.resolve(setting, Precision.cpuFlags()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        System.setProperty(Precision.PROPERTY, setting);
    }

    /**
     * A path option. Java turns file names into bytes with the language setting's character set, so
     * under LANG=C a name like "données" cannot be represented: say so, and how to fix it, instead
     * of InvalidPathException.
     */
    static java.nio.file.Path path(String value) {
        try {
            return java.nio.file.Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("the path \"" + value + "\" has characters that this "
                    + "system's language setting (" + System.getProperty("sun.jnu.encoding") + ") cannot write as a "
                    + "file name; run with a UTF-8 locale (e.g. LANG=C.UTF-8) or rename the file");
        }
    }

    /** Options without a command (e.g. {@code latentlab --precision fp32}) open the app, as no arguments do. */
    @Override
    public void run() {
        dev.latentlab.ui.AppLauncher.main(new String[0]);
    }

    public static int run(String... args) {
        TrainCommand.commandLine = "latentlab " + String.join(" ", args);
        LibraryLog.quiet(true);
        if (args.length > 0 && args[0].equals("eval")) {
            // the figures in docs/figures.md are float32's; the same command gives them on every CPU
            Precision.preferFloat32("eval's default, the same figures on every CPU; --precision bf16 for speed");
        }
        CommandLine cl = new CommandLine(new Cli());
        cl.registerConverter(java.nio.file.Path.class, Cli::path);
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
