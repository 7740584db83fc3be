package dev.latentlab.ui;

import dev.latentlab.data.BuiltinDatasets;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the app reads and writes: the LatentLab root (the folder holding {@code models/} and
 * {@code assets/}, found as {@link BuiltinDatasets#assetsDir()} finds it) and the user's
 * LatentLab folder ({@code ~/.latentlab}, or the system property {@code latentlab.home}) with
 * settings and z presets.
 */
public record AppPaths(Path root, Path home) {
    public static final String HOME_PROPERTY = "latentlab.home";

    public Path settingsFile() {
        return home.resolve("settings.json");
    }

    public Path presetsDir() {
        return home.resolve("presets");
    }

    public Path modelsDir() {
        return root == null ? null : root.resolve("models");
    }

    /** From the system properties, the working directory and the jar's location. */
    public static AppPaths fromSystem() {
        String h = System.getProperty(HOME_PROPERTY);
        Path home = h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".latentlab");
        return new AppPaths(findRoot(), home.toAbsolutePath().normalize());
    }

    /** {@code latentlab.root}, else the first folder above the working directory or the jar with models/ or assets/. */
    static Path findRoot() {
        String prop = System.getProperty(BuiltinDatasets.ROOT_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path found = searchUp(Path.of("").toAbsolutePath().normalize());
        if (found != null) {
            return found;
        }
        try {
            CodeSource cs = AppPaths.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                return searchUp(Path.of(cs.getLocation().toURI()).toAbsolutePath());
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static Path searchUp(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("models")) || Files.isDirectory(p.resolve("assets").resolve("digits"))) {
                return p;
            }
        }
        return null;
    }
}
