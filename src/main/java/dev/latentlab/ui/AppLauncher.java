package dev.latentlab.ui;

import javafx.application.Application;

/**
 * Starts the app. Kept apart from {@link LatentLabApp} so the plain (non-modular) jar launches:
 * the JavaFX launcher refuses a main class that itself extends Application when JavaFX is on the
 * class path rather than the module path.
 */
public final class AppLauncher {
    private AppLauncher() {}

    public static void main(String[] args) {
        Application.launch(LatentLabApp.class, args);
    }
}
