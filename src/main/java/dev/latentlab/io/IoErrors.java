package dev.latentlab.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A file error in plain words with the file it concerns ("/data/out: permission denied"), for
 * messages people read. Java's own messages are a bare path (AccessDeniedException) or a class
 * name; the operating system's reason ("No space left on device") is kept where it says more.
 */
public final class IoErrors {
    private IoErrors() {}

    public static String plain(Throwable e) {
        if (e instanceof FileSystemException fe) {
            String file = fe.getFile() == null ? "" : fe.getFile();
            String where = fe.getOtherFile() == null ? file : file + " → " + fe.getOtherFile();
            if (e instanceof AccessDeniedException) {
                return where + ": permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return where + ": no such file or folder";
            }
            if (e instanceof NotDirectoryException) {
                return file + " is a file, not a folder";
            }
            if (e instanceof FileAlreadyExistsException) {
                // what creating a folder says when a file has its name
                return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))
                        ? file + " is a file, where a folder should be" : file + " already exists";
            }
            if (e instanceof DirectoryNotEmptyException) {
                return file + " is a folder that is not empty";
            }
            String blocking = fileInTheWay(file);
            if (blocking != null && fe.getReason() != null && fe.getReason().contains("Not a directory")) {
                return blocking + " is a file, where a folder should be";
            }
            String reason = reason(fe.getReason());
            return reason == null ? where : where + ": " + reason;
        }
        if (e instanceof java.io.EOFException) {
            return "the file ends too soon: it is damaged or cut short";
        }
        String reason = reason(e.getMessage());
        return reason != null ? reason : e.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ")
                .toLowerCase(Locale.ROOT);
    }

    /** The nearest part of the path (itself or a parent) that is a plain file, or null. */
    private static String fileInTheWay(String file) {
        try {
            for (java.nio.file.Path p = java.nio.file.Path.of(file); p != null; p = p.getParent()) {
                if (java.nio.file.Files.isRegularFile(p)) {
                    return p.toString();
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            // no path to walk
        }
        return null;
    }

    /** The operating system's reason, with the ones people meet most said plainly. */
    private static String reason(String r) {
        if (r == null || r.isBlank()) {
            return null;
        }
        if (r.contains("No space left on device") || r.contains("Disk quota exceeded")) {
            return "the disk is full";
        }
        if (r.contains("Not a directory")) {
            return "a file stands where a folder should be";
        }
        if (r.contains("Read-only file system")) {
            return "the disk is read-only";
        }
        if (r.contains("Permission denied")) {
            return "permission denied";
        }
        return r;
    }

    /** Whether the error is the disk (or the user's quota) running out of space. */
    public static boolean isDiskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException fe ? fe.getReason() : t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
