package dev.latentlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file faults people meet, said in plain words with the file they concern: no exception class,
 * no bare path. The JDK reports them as these exception types (a bare path is all an
 * AccessDeniedException's message holds), so each type is checked, and where the machine lets a
 * test meet the fault itself (permission is not denied to root), the real one too.
 */
class IoErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void eachFaultIsNamedInWordsWithItsFile() {
        assertEquals("/data/out.png: permission denied", IoErrors.plain(new AccessDeniedException("/data/out.png")));
        assertEquals("/data/out.png: permission denied",
                IoErrors.plain(new FileSystemException("/data/out.png", null, "Permission denied")));
        assertEquals("/data/model: no such file or folder", IoErrors.plain(new NoSuchFileException("/data/model")));
        assertEquals("/data/x is a file, not a folder", IoErrors.plain(new NotDirectoryException("/data/x")));
        assertEquals("/data/out.png: the disk is full",
                IoErrors.plain(new FileSystemException("/data/out.png", null, "No space left on device")));
        assertEquals("/data/out.png: the disk is full",
                IoErrors.plain(new FileSystemException("/data/out.png", null, "Disk quota exceeded")));
        assertEquals("/data/out.png: the disk is read-only",
                IoErrors.plain(new FileSystemException("/data/out.png", null, "Read-only file system")));
        assertEquals("the disk is full", IoErrors.plain(new IOException("No space left on device")));
        assertTrue(IoErrors.isDiskFull(new IOException("wrapped", new IOException("No space left on device"))));
        assertFalse(IoErrors.isDiskFull(new AccessDeniedException("/data/out.png")));
        assertEquals("the file ends too soon: it is damaged or cut short", IoErrors.plain(new java.io.EOFException()));
    }

    @Test
    void aFileStandingWhereAFolderShouldBeIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        FileSystemException e = new FileSystemException(file.resolve("out.png").toString(), null, "Not a directory");
        assertEquals(file + " is a file, where a folder should be", IoErrors.plain(e));
        try {
            Files.createDirectories(file.resolve("sub"));
        } catch (IOException real) {
            assertEquals(file + " is a file, where a folder should be", IoErrors.plain(real));
        }
    }

    @Test
    void aRealPermissionDenialReadsAsOne() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "permission is not denied to root");
        Path locked = Files.createDirectory(tmp.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Files.writeString(locked.resolve("out.png"), "x");
            throw new AssertionError("the write was allowed");
        } catch (IOException real) {
            assertEquals(locked.resolve("out.png") + ": permission denied", IoErrors.plain(real));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
