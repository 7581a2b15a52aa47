package dev.tidemark.journal.powerloss;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered file operations a run performed, as a power cut sees them. Files are modelled as
 * inodes (content) and directory entries (name to inode), the way ALICE and CrashMonkey do: a
 * write changes an inode, {@code force} makes an inode's content durable, a create, rename or
 * delete changes a directory entry, and only {@code forceDirectory} makes such a change durable.
 *
 * <p>Thread-safe: the journal's writer thread and the test thread both record.
 */
final class Trace {

    /** One recorded operation. */
    sealed interface Op {
        /** Whether a power cut right after this operation keeps more than it would right before. */
        default boolean isPersistencePoint() {
            return false;
        }
    }

    /** A new, empty inode under a new name ({@code CREATE_NEW}, or the temp file of a replace). */
    record Create(Path path, int inode) implements Op {
        @Override
        public String toString() {
            return "create " + name(path) + " (inode " + inode + ")";
        }
    }

    record Write(Path path, int inode, long position, byte[] bytes) implements Op {
        long end() {
            return position + bytes.length;
        }

        @Override
        public String toString() {
            return "write " + name(path) + " [" + position + ", " + end() + ")";
        }
    }

    record Truncate(Path path, int inode, long size) implements Op {
        @Override
        public String toString() {
            return "truncate " + name(path) + " to " + size;
        }
    }

    /** {@code FileChannel.force}: the inode's content written so far is durable. */
    record Force(Path path, int inode) implements Op {
        @Override
        public boolean isPersistencePoint() {
            return true;
        }

        @Override
        public String toString() {
            return "force " + name(path);
        }
    }

    /** {@code forceDirectory}: the directory's entries changed so far are durable. */
    record ForceDirectory(Path dir) implements Op {
        @Override
        public boolean isPersistencePoint() {
            return true;
        }

        @Override
        public String toString() {
            return "force directory " + name(dir);
        }
    }

    record Rename(Path from, Path to) implements Op {
        @Override
        public String toString() {
            return "rename " + name(from) + " -> " + name(to);
        }
    }

    record Delete(Path path) implements Op {
        @Override
        public String toString() {
            return "delete " + name(path);
        }
    }

    /** No effect on the disk: says what the following operations are for (for failure messages). */
    record Note(String what) implements Op {
        @Override
        public String toString() {
            return "-- " + what;
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private final Path root;
    private int start;

    Trace(Path root) {
        this.root = root;
    }

    /** The directory the traced run worked in; paths in operations are under it. */
    Path root() {
        return root;
    }

    /**
     * Operations before this index describe what was on disk, durable, before the run began (no
     * crash is simulated among them).
     */
    synchronized int start() {
        return start;
    }

    synchronized void markStart() {
        start = ops.size();
    }

    /** Appends an operation; returns the number of operations recorded so far (including it). */
    synchronized int add(Op op) {
        ops.add(op);
        return ops.size();
    }

    synchronized int size() {
        return ops.size();
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    static String name(Path path) {
        Path parent = path.getParent();
        return parent == null ? path.toString() : parent.getFileName() + "/" + path.getFileName();
    }
}
