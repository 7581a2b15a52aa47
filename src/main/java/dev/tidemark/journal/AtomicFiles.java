package dev.tidemark.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The durable ways to put a file on disk, shared by the journal and the session store. On POSIX
 * file systems every directory made here is {@code rwx------} and every file {@code rw-------}:
 * what Tidemark writes is readable only by the person it belongs to (docs/privacy.md).
 */
public final class AtomicFiles {

    /** {@code rw-------}: the mode of every file Tidemark writes itself. */
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** {@code rwx------}: the mode of the data directory and the directories in it. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} so that a crash at any moment leaves either the
     * old file or the new one: write a temp file, force it, rename it over the target, force the
     * directory.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), ownerOnlyFile(temp))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            // a full disk, most often: the target is whole, and no half-written temp file stays behind
            deleteQuietly(temp);
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Creates a directory (and its parents) if missing, and makes its entry in its parent durable. */
    public static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir, ownerOnlyDirectory(dir));
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            forceDirectory(parent);
        }
    }

    /**
     * Creates {@code file} (which must not exist) for writing, {@code rw-------} on POSIX file
     * systems from the first moment.
     */
    public static FileChannel createOwnerOnly(Path file) throws IOException {
        return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnlyFile(file));
    }

    /** The attribute that makes a new file {@code rw-------}, or none where the file system has no POSIX modes. */
    public static FileAttribute<?>[] ownerOnlyFile(Path file) {
        return posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    /** The attribute that makes a new directory {@code rwx------}, or none where there are no POSIX modes. */
    public static FileAttribute<?>[] ownerOnlyDirectory(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY)}
                : new FileAttribute<?>[0];
    }

    /** Whether {@code path}'s file system has POSIX modes (Linux, macOS; not Windows). */
    public static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do: startup removes leftovers, and fsck names them
        }
    }

    /** Makes a new or renamed file's directory entry durable. Windows cannot open a directory; skip there. */
    public static void forceDirectory(Path dir) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to fsync a directory; the file itself was forced
        }
    }
}
