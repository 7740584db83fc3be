package dev.latentlab.ui;

/** Placeholder until the app lands. */
public final class AppLauncher {
    private AppLauncher() {}

    public static void main(String[] args) {
        System.err.println("app not yet");
    }
}
