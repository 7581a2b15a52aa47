package dev.tidemark.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Makes one process the owner of a data directory: only the owner writes the journal and the
 * session store, and only the owner recovers orphaned streams. The lock is an OS file lock, so it
 * goes away with the process, however the process dies.
 */
public final class OwnerLock implements AutoCloseable {

    public static final String FILE_NAME = "tidemark.lock";
    // Lock a byte far past the pid text: Windows forbids reading locked bytes, and a second process
    // wants to read the pid to say who owns the directory.
    private static final long LOCK_POSITION = 1L << 30;

    private final FileChannel channel;
    private final FileLock lock;

    private OwnerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or returns empty when another live process (or this one) holds it. */
    public static Optional<OwnerLock> tryAcquire(Path dataDir) throws IOException {
        AtomicFiles.createDirectory(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, java.util.EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE), AtomicFiles.ownerOnlyFile(file));
        FileLock lock;
        try {
            lock = channel.tryLock(LOCK_POSITION, 1, false);
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return Optional.of(new OwnerLock(channel, lock));
    }

    /** True when a live process owns the directory. Reads only: creates and changes nothing. */
    public static boolean isOwned(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(LOCK_POSITION, 1, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException sameProcess) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The pid written by the owner, if it can be read. */
    public static Optional<Long> ownerPid(Path dataDir) {
        try {
            String text = Files.readString(dataDir.resolve(FILE_NAME), StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
