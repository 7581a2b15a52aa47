package dev.tidemark.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every file operation the journal performs. The real one is {@link #REAL}; tests put a recording
 * or fault-injecting layer in between to simulate power cuts, full disks and crashes at chosen
 * points, while the files underneath stay real.
 */
public interface JournalStorage {

    /** Opens an existing file for writing (positioned by the caller). */
    FileChannel openForWriting(Path file) throws IOException;

    /** Creates a new file that must not exist yet. */
    FileChannel create(Path file) throws IOException;

    /** Makes the directory's entries (new, renamed, deleted files) durable. */
    void forceDirectory(Path dir) throws IOException;

    /** Atomically replaces {@code target}: temp file, force, rename, force directory. */
    void replace(Path target, byte[] content) throws IOException;

    void delete(Path file) throws IOException;

    byte[] read(Path file) throws IOException;

    /** The files in a directory, sorted by name; empty when it does not exist. */
    List<Path> list(Path dir) throws IOException;

    /** The file system as it is. */
    JournalStorage REAL = new JournalStorage() {
        @Override
        public FileChannel openForWriting(Path file) throws IOException {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        }

        @Override
        public FileChannel create(Path file) throws IOException {
            return AtomicFiles.createOwnerOnly(file);
        }

        @Override
        public void forceDirectory(Path dir) {
            AtomicFiles.forceDirectory(dir);
        }

        @Override
        public void replace(Path target, byte[] content) throws IOException {
            AtomicFiles.replace(target, content);
        }

        @Override
        public void delete(Path file) throws IOException {
            Files.deleteIfExists(file);
        }

        @Override
        public byte[] read(Path file) throws IOException {
            return Files.readAllBytes(file);
        }

        @Override
        public List<Path> list(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.sorted().toList();
            } catch (NoSuchFileException gone) {
                return List.of();
            }
        }
    };
}
