package dev.latentlab.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that never leave a half-written file behind: the bytes go to a temporary file in the
 * target's folder, are forced to disk, and the temporary file is renamed over the target. If
 * anything fails (disk full, a crash), the previous file is untouched and the temporary is removed.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes the file at the path it is given (a temporary one), for writers that need to seek. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path tmp) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        writeVia(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
        });
    }

    /** The same for a writer that writes a file itself (an MP4 muxer seeks back to patch its headers). */
    public static void writeVia(Path target, FileWriter writer) throws IOException {
        Path tmp = createTemporary(target);
        boolean done = false;
        try {
            writer.write(tmp);
            moveIntoPlace(tmp, target);
            done = true;
        } catch (IOException e) {
            throw failed(target, tmp, e);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A file written a part at a time (a stream of batches), which appears under its name only at
     * {@link Pending#commit}; closed without a commit, it leaves nothing.
     */
    public static Pending open(Path target) throws IOException {
        Path tmp = createTemporary(target);
        try {
            return new Pending(target, tmp, new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw failed(target, tmp, e);
        }
    }

    /** See {@link #open}. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final OutputStream out;
        private boolean done;

        private Pending(Path target, Path tmp, OutputStream out) {
            this.target = target;
            this.tmp = tmp;
            this.out = out;
        }

        public OutputStream stream() {
            return out;
        }

        /** Writes any part of it, with a failure said with the target's name (not the temporary's). */
        public void write(Writer w) throws IOException {
            try {
                w.write(out);
            } catch (IOException e) {
                throw failed(target, tmp, e);
            }
        }

        public void commit() throws IOException {
            try {
                out.close();
                moveIntoPlace(tmp, target);
                done = true;
            } catch (IOException e) {
                throw failed(target, tmp, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the write failed already; the temporary goes anyway
                }
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static Path createTemporary(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (java.nio.file.FileSystemException e) {
            // the error names the temporary file it could not create: say it of the folder instead
            String file = e.getFile();
            boolean temporary = file != null && Path.of(file).getFileName().toString()
                    .startsWith("." + target.getFileName() + ".");
            String why = IoErrors.plain(e);
            throw new IOException("could not write " + target + ": " + (temporary ? why.replace(file, "the folder "
                    + dir) : why), e);
        } catch (IOException e) {
            throw failed(target, null, e);
        }
        try {
            // temporary files are created owner-only; the result should read like any saved file
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: keep the default permissions
        }
        return tmp;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The failure in plain words, naming the target (a temporary file's name means nothing to anyone). */
    private static IOException failed(Path target, Path tmp, IOException e) {
        String why = IoErrors.plain(e);
        if (tmp != null) {
            why = why.replace(tmp.toString(), target.toString()).replace(tmp.toAbsolutePath().toString(),
                    target.toString());
        }
        if (!why.contains(target.toString()) && !why.contains(target.toAbsolutePath().toString())) {
            why = target + ": " + why;
        }
        return new IOException("could not write " + why + " (the previous file, if any, is unchanged)", e);
    }

    /**
     * Refuses, before any long work, an output that could not be written: a folder where the file
     * should be, a file where a folder should be, no permission, a read-only disk. Creates nothing:
     * a probe file is made and removed in the nearest folder that exists.
     */
    public static void checkWritable(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(target + " is a folder; give a file name");
        }
        Path existing = abs.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new IOException("could not write " + target + ": " + existing + " is a file, where a folder should be");
        }
        Path probe;
        try {
            probe = Files.createTempFile(existing, ".latentlab-probe.", ".tmp");
        } catch (java.nio.file.FileSystemException e) {
            String why = IoErrors.plain(e);
            throw new IOException("could not write " + target + ": " + (e.getFile() != null
                    ? why.replace(e.getFile(), "the folder " + existing) : why), e);
        }
        Files.deleteIfExists(probe);
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
