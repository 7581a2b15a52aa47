package dev.tidemark.session;

import dev.tidemark.journal.AtomicFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** {@link SessionFiles} on the real file system, with {@link AtomicFiles} for durable writes. */
final class DiskSessionFiles implements SessionFiles {

    static final DiskSessionFiles INSTANCE = new DiskSessionFiles();

    private DiskSessionFiles() {
    }

    @Override
    public byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Override
    public void replace(Path file, byte[] content) throws IOException {
        AtomicFiles.replace(file, content);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Path source = from.toAbsolutePath().getParent();
        Path target = to.toAbsolutePath().getParent();
        AtomicFiles.forceDirectory(source);
        if (!target.equals(source)) {
            AtomicFiles.forceDirectory(target);
        }
    }

    @Override
    public boolean delete(Path path) throws IOException {
        return Files.deleteIfExists(path);
    }

    @Override
    public List<Path> list(Path dir, String suffix) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                if (entry.getFileName().toString().endsWith(suffix)) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        AtomicFiles.createDirectory(dir);
    }

    @Override
    public void forceDirectory(Path dir) {
        AtomicFiles.forceDirectory(dir);
    }
}
