package dev.tidemark.session;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SessionFiles} decorator for tests: passes every call to the real files and notes the
 * files read and written; {@link #failWrites} makes writes fail until cleared.
 */
final class CountingFiles implements SessionFiles {

    final List<Path> reads = new CopyOnWriteArrayList<>();
    final List<Path> writes = new CopyOnWriteArrayList<>();
    volatile boolean failWrites;
    private final SessionFiles real;

    CountingFiles(SessionFiles real) {
        this.real = real;
    }

    CountingFiles() {
        this(SessionFiles.disk());
    }

    List<String> readNames() {
        return reads.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Override
    public byte[] read(Path file) throws IOException {
        reads.add(file);
        return real.read(file);
    }

    @Override
    public void replace(Path file, byte[] content) throws IOException {
        if (failWrites) {
            throw new IOException("No space left on device");
        }
        writes.add(file);
        real.replace(file, content);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        real.move(from, to);
    }

    @Override
    public boolean delete(Path path) throws IOException {
        return real.delete(path);
    }

    @Override
    public List<Path> list(Path dir, String suffix) throws IOException {
        return real.list(dir, suffix);
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        return real.attributes(path);
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        real.createDirectory(dir);
    }

    @Override
    public void forceDirectory(Path dir) {
        real.forceDirectory(dir);
    }
}
