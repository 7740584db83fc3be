package dev.latentlab.data;

import java.nio.file.Path;

/** A file that was tried as an image but could not be used, and why (e.g. "empty file"). */
public record SkippedFile(Path path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
