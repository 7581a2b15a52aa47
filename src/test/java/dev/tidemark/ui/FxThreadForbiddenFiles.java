package dev.tidemark.ui;

import dev.tidemark.session.SessionFiles;
import javafx.application.Platform;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session store's files for the UI tests: every access made on the FX thread is recorded and
 * refused, so that a view that reads a chat's file on the FX thread fails its test (the window
 * harness checks {@link #violations()} when it closes).
 */
final class FxThreadForbiddenFiles implements SessionFiles {

    private final SessionFiles disk;
    private final List<String> violations = new CopyOnWriteArrayList<>();

    FxThreadForbiddenFiles(SessionFiles disk) {
        this.disk = disk;
    }

    /** What was asked of the file system on the FX thread, with where it was asked from. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    private void check(String what, Path path) throws IOException {
        if (Platform.isFxApplicationThread()) {
            IOException refused = new IOException("the FX thread must not touch the file system: " + what + " " + path);
            StringBuilder where = new StringBuilder(refused.getMessage());
            for (StackTraceElement frame : refused.getStackTrace()) {
                if (frame.getClassName().startsWith("dev.tidemark") && !frame.getClassName().contains("FxThreadForbidden")) {
                    where.append("\n    at ").append(frame);
                }
            }
            violations.add(where.toString());
            throw refused;
        }
    }

    private void checkUnchecked(String what, Path path) {
        try {
            check(what, path);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(Path file) throws IOException {
        check("read", file);
        return disk.read(file);
    }

    @Override
    public void replace(Path file, byte[] content) throws IOException {
        check("replace", file);
        disk.replace(file, content);
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        check("move", from);
        disk.move(from, to);
    }

    @Override
    public boolean delete(Path path) throws IOException {
        check("delete", path);
        return disk.delete(path);
    }

    @Override
    public List<Path> list(Path dir, String suffix) throws IOException {
        check("list", dir);
        return disk.list(dir, suffix);
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        check("attributes of", path);
        return disk.attributes(path);
    }

    @Override
    public boolean exists(Path path) {
        checkUnchecked("exists", path);
        return disk.exists(path);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        check("create", dir);
        disk.createDirectory(dir);
    }

    @Override
    public void forceDirectory(Path dir) {
        checkUnchecked("force", dir);
        disk.forceDirectory(dir);
    }
}
