package dev.latentlab.nn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The weightless TorchScript programs shipped in the jar (tools/torchscript/*.py): DJL loads a
 * program from a file, so each is copied once per process to a temporary folder.
 */
public final class TorchPrograms {
    private static final Map<String, Path> COPIED = new ConcurrentHashMap<>();

    private TorchPrograms() {}

    /** The file of the program {@code resource} (a name beside {@code owner}'s class file), copied on first use. */
    public static Path file(Class<?> owner, String resource) {
        return COPIED.computeIfAbsent(owner.getPackageName() + "/" + resource, key -> {
            try (InputStream in = owner.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the jar");
                }
                Path dir = Files.createTempDirectory("latentlab-program");
                Path f = dir.resolve(resource);
                Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
                f.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the TorchScript program " + resource
                        + " to a temporary folder: " + e.getMessage(), e);
            }
        });
    }
}
