package dev.latentlab.ui;

import dev.latentlab.ui.shell.AppShell;
import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.stage.Stage;

/** The LatentLab window. Started by {@link AppLauncher}; tests construct it with their own paths. */
public class LatentLabApp extends Application {
    private final AppPaths paths;
    private AppShell shell;

    public LatentLabApp() {
        this(null);
    }

    /** @param paths where models, settings and presets live; null reads the system properties */
    public LatentLabApp(AppPaths paths) {
        this.paths = paths;
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        shell = new AppShell(stage, paths == null ? AppPaths.fromSystem() : paths);
        shell.show();
        shell.startup();
    }

    @Override
    public void stop() {
        if (shell != null) {
            shell.shutdown();
            shell = null;
        }
    }

    AppShell shell() {
        return shell;
    }
}
