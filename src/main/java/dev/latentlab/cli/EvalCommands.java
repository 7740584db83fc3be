package dev.latentlab.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Helpers shared by the eval and train-classifier commands. */
final class EvalCommands {
    private EvalCommands() {}

    /**
     * The command line as typed, "latentlab ARGS", each argument quoted for a POSIX shell when it
     * needs it, so that it can be pasted back (Cli.run's plain join loses the quotes).
     */
    static String commandLine(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> parts = new ArrayList<>();
        parts.add("latentlab");
        for (String a : args) {
            parts.add(a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", parts);
    }
}
