package dev.tidemark.session;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Every file operation of the session store, and nothing else: the store reads, lists and writes
 * its folder only through this, so that a caller can wrap it (a UI test installs one that fails
 * when called on the FX thread). {@link #disk()} is the real thing.
 */
public interface SessionFiles {

    /** The real file system. */
    static SessionFiles disk() {
        return DiskSessionFiles.INSTANCE;
    }

    /** The whole content of a file. */
    byte[] read(Path file) throws IOException;

    /**
     * Replaces {@code file} with {@code content} so that a crash at any moment leaves either the
     * old file or the new one, durably (temp file, force, rename, force the directory).
     */
    void replace(Path file, byte[] content) throws IOException;

    /** Renames {@code from} to {@code to} in one step, replacing {@code to}, and makes it durable. */
    void move(Path from, Path to) throws IOException;

    /** Removes a file or an empty directory; false when it was not there. */
    boolean delete(Path path) throws IOException;

    /** The entries of a directory whose names end with {@code suffix} ("" for all). */
    List<Path> list(Path dir, String suffix) throws IOException;

    /** A file's size, time and kind. @throws java.nio.file.NoSuchFileException when it is not there */
    BasicFileAttributes attributes(Path path) throws IOException;

    boolean exists(Path path);

    /** Creates a directory (and its parents) when missing, durably. */
    void createDirectory(Path dir) throws IOException;

    /** Makes the entries just created, renamed or removed in {@code dir} durable. */
    void forceDirectory(Path dir);
}
