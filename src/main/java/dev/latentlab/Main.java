package dev.latentlab;

import dev.latentlab.cli.Cli;

/** Entry point: a command runs the CLI, no arguments opens the app. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            dev.latentlab.ui.AppLauncher.main(args);
            return;
        }
        System.exit(Cli.run(args));
    }
}
