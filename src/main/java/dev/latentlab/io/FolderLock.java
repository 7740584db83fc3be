package dev.latentlab.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per folder: an OS lock on FOLDER/.lock, which holds the owner's process id so that a
 * second run can name it. The operating system drops the lock when its process ends, however it
 * ends, so a file left by a killed run never blocks the next one.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
            }

    /** The folder's lock, creating the folder if needed, or {@link LockedException} naming the process that holds it. */
    public static FolderLock acquire(Path dir, String what) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            String owner = owner(ch);
            ch.close();
            throw new LockedException(dir + " is in use: " + what + " in it already ("
                    + (owner.isEmpty() ? "another process" : "process " + owner)
                    + "); wait for it to end, or choose another folder");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(false);
        return new FolderLock(ch, lock);
    }

    private static String owner(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() throws IOException {
        // the file stays (emptied): deleting it would let a process that opened it meanwhile lock a
        // file no one else sees
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** The folder is locked by another run; the message names its process. */
    public static final class LockedException extends IllegalStateException {
        LockedException(String message) {
            super(message);
        }
    }
}
