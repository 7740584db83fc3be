package dev.latentlab.ui;

import dev.latentlab.nn.LibraryLog;
import javafx.application.Application;

/**
 * Starts the app. Kept apart from {@link LatentLabApp} so the plain (non-modular) jar launches:
 * the JavaFX launcher refuses a main class that itself extends Application when JavaFX is on the
 * class path rather than the module path. The app prints only LatentLab's lines, as the commands
 * do: DJL's INFO log and libtorch's warnings are off unless a level was chosen (-D, --verbose).
 */
public final class AppLauncher {
    private AppLauncher() {}

    public static void main(String[] args) {
        LibraryLog.quietUnlessChosen();
        Application.launch(LatentLabApp.class, args);
    }
}
