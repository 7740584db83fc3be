package dev.latentlab.cli;

import dev.latentlab.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Output files checked before a command's work, so a long search or render never ends in "cannot write". */
final class Outputs {
    private Outputs() {}

    /** Why one of the files (nulls skipped) cannot be written, in plain words naming it; null when all can. */
    static String unwritable(Path... files) {
        for (Path f : files) {
            if (f == null) {
                continue;
            }
            try {
                AtomicFiles.checkWritable(f);
            } catch (IOException e) {
                return e.getMessage();
            }
        }
        return null;
    }
}
