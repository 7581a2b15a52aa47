package dev.tidemark.session;

import dev.tidemark.journal.Journal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM for {@link SessionChangesKillTest}: opens the data directory as the app does, with
 * every save of a session file held back forever (so the kill lands after each change and before
 * its file is saved), renames one session, pins another, moves a third to the trash, prints
 * "changed" and waits to be killed.
 */
public final class SessionChangesChild {

    private SessionChangesChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(),
                p -> System.err.println("problem: " + p), HeldSaves::new);
        workspace.store().rename(SessionChangesKillTest.RENAMED, SessionChangesKillTest.NEW_TITLE);
        workspace.store().setPinned(SessionChangesKillTest.PINNED, true);
        workspace.store().moveToTrash(SessionChangesKillTest.DELETED);
        System.out.println("changed");
        System.out.flush();
        Thread.sleep(120_000);
        Runtime.getRuntime().halt(3); // not killed: the parent is gone
    }

    /** The disk, except that a session file is never written: its save waits forever. */
    private record HeldSaves(SessionFiles disk) implements SessionFiles {
        private static final CountDownLatch NEVER = new CountDownLatch(1);

        @Override
        public void replace(Path file, byte[] content) throws IOException {
            String name = file.getFileName().toString();
            if (name.endsWith(".json") && !name.equals(SessionStore.INDEX)) {
                try {
                    NEVER.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            disk.replace(file, content);
        }

        @Override
        public byte[] read(Path file) throws IOException {
            return disk.read(file);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            disk.move(from, to);
        }

        @Override
        public boolean delete(Path path) throws IOException {
            return disk.delete(path);
        }

        @Override
        public List<Path> list(Path dir, String suffix) throws IOException {
            return disk.list(dir, suffix);
        }

        @Override
        public BasicFileAttributes attributes(Path path) throws IOException {
            return disk.attributes(path);
        }

        @Override
        public boolean exists(Path path) {
            return disk.exists(path);
        }

        @Override
        public void createDirectory(Path dir) throws IOException {
            disk.createDirectory(dir);
        }

        @Override
        public void forceDirectory(Path dir) {
            disk.forceDirectory(dir);
        }
    }
}
