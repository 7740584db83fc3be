package dev.latentlab.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run killed while saving leaves in its folder: temporary files of unfinished writes
 * (".generator.npz.123.tmp"), a half-written checkpoint.tmp/, a kept model's unfinished
 * models/.it-0000042.tmp/ (or, from older versions, a models/it-0000042/ without model.json).
 * None of them is ever read as a model; the next run in the folder removes them while it holds
 * the folder's lock, so no writer can still be using them.
 */
final class Leftovers {
    private Leftovers() {}

    /** Removes the leftovers in a run's folder; returns what was removed. */
    static List<Path> clean(Path out) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(out)) {
            return removed;
        }
        removeTemporaries(out, removed);
        remove(out.resolve(Checkpoint.DIR + ".tmp"), removed);
        Path models = out.resolve("models");
        if (Files.isDirectory(models)) {
            try (DirectoryStream<Path> kept = Files.newDirectoryStream(models)) {
                for (Path m : kept) {
                    if (!Files.isDirectory(m)) {
                        continue;
                    }
                    if (isTemporary(m) || !Files.exists(m.resolve(dev.latentlab.model.ModelStore.INFO))) {
                        remove(m, removed);
                    } else {
                        removeTemporaries(m, removed);
                    }
                }
            }
        }
        return removed;
    }

    /** A name written by {@link dev.latentlab.io.AtomicFiles} or a folder save before its rename. */
    static boolean isTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    private static void removeTemporaries(Path dir, List<Path> removed) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, Leftovers::isTemporary)) {
            for (Path p : s) {
                remove(p, removed);
            }
        }
    }

    private static void remove(Path p, List<Path> removed) throws IOException {
        if (Files.exists(p)) {
            Checkpoint.deleteTree(p);
            removed.add(p);
        }
    }
}
