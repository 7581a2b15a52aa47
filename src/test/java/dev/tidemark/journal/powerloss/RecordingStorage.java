package dev.tidemark.journal.powerloss;

import dev.tidemark.journal.JournalStorage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A {@link JournalStorage} that does everything {@link JournalStorage#REAL} does, on real files,
 * and records each operation in a {@link Trace}: creates, every write with its position (through
 * a {@link FileChannel} that delegates to the real one), truncates, forces, directory forces,
 * deletes, and a replace as the steps it implies (write temp, force temp, rename, force directory).
 */
final class RecordingStorage implements JournalStorage {

    /**
     * A defect to inject, for checking that the simulation notices it: the journal as if it did
     * not force its files, or did not force its directory.
     */
    enum Defect { NONE, FORCE_DOES_NOTHING, DIRECTORY_FORCE_DOES_NOTHING }

    private final JournalStorage real = JournalStorage.REAL;
    private final Trace trace;
    private final Defect defect;
    private final Map<Path, Integer> live = new HashMap<>(); // name -> inode, as the run sees it
    private int nextInode = 1;

    /**
     * Starts recording in {@code root}; files already there are taken as durable (recorded as
     * created, written and forced before {@link Trace#start()}).
     */
    RecordingStorage(Path root) throws IOException {
        this(root, Defect.NONE);
    }

    RecordingStorage(Path root, Defect defect) throws IOException {
        this.defect = defect;
        Path absolute = root.toAbsolutePath().normalize();
        this.trace = new Trace(absolute);
        List<Path> existing;
        try (Stream<Path> files = Files.walk(absolute)) {
            existing = files.filter(Files::isRegularFile).sorted().toList();
        }
        TreeSet<Path> dirs = new TreeSet<>();
        for (Path file : existing) {
            int inode = newInode(file);
            trace.add(new Trace.Create(file, inode));
            trace.add(new Trace.Write(file, inode, 0, Files.readAllBytes(file)));
            trace.add(new Trace.Force(file, inode));
            dirs.add(file.getParent());
        }
        dirs.forEach(dir -> trace.add(new Trace.ForceDirectory(dir)));
        trace.markStart();
    }

    Trace trace() {
        return trace;
    }

    /** Adds a note to the trace (what the next operations are for). */
    void note(String what) {
        trace.add(new Trace.Note(what));
    }

    private synchronized int newInode(Path file) {
        int inode = nextInode++;
        live.put(file, inode);
        return inode;
    }

    private synchronized int inodeOf(Path file) {
        Integer inode = live.get(file);
        if (inode == null) {
            throw new IllegalStateException("not a file the trace knows: " + file);
        }
        return inode;
    }

    private static Path norm(Path file) {
        return file.toAbsolutePath().normalize();
    }

    @Override
    public FileChannel openForWriting(Path file) throws IOException {
        Path path = norm(file);
        FileChannel channel = real.openForWriting(path);
        return new RecordingChannel(channel, path, inodeOf(path));
    }

    @Override
    public FileChannel create(Path file) throws IOException {
        Path path = norm(file);
        FileChannel channel = real.create(path);
        synchronized (this) {
            int inode = newInode(path);
            trace.add(new Trace.Create(path, inode));
            return new RecordingChannel(channel, path, inode);
        }
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        if (defect == Defect.DIRECTORY_FORCE_DOES_NOTHING) {
            return;
        }
        real.forceDirectory(dir);
        trace.add(new Trace.ForceDirectory(norm(dir)));
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        Path path = norm(target);
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        real.replace(path, content);
        // AtomicFiles.replace: open temp (CREATE, TRUNCATE_EXISTING), write, force, rename over the
        // target, force the directory
        synchronized (this) {
            trace.add(new Trace.Note("replace " + Trace.name(path)));
            Integer existing = live.get(temp);
            int inode;
            if (existing != null) {
                inode = existing;
                trace.add(new Trace.Truncate(temp, inode, 0));
            } else {
                inode = newInode(temp);
                trace.add(new Trace.Create(temp, inode));
            }
            trace.add(new Trace.Write(temp, inode, 0, content.clone()));
            trace.add(new Trace.Force(temp, inode));
            live.remove(temp);
            live.put(path, inode);
            trace.add(new Trace.Rename(temp, path));
            trace.add(new Trace.ForceDirectory(path.getParent()));
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        Path path = norm(file);
        real.delete(path);
        synchronized (this) {
            if (live.remove(path) != null) {
                trace.add(new Trace.Delete(path));
            }
        }
    }

    @Override
    public byte[] read(Path file) throws IOException {
        return real.read(file);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return real.list(dir);
    }

    /** Delegates to the real channel and records writes, truncates and forces. */
    private final class RecordingChannel extends FileChannel {
        private final FileChannel delegate;
        private final Path path;
        private final int inode;

        RecordingChannel(FileChannel delegate, Path path, int inode) {
            this.delegate = delegate;
            this.path = path;
            this.inode = inode;
        }

        private void recordWrite(long position, ByteBuffer written, int count) {
            if (count <= 0) {
                return;
            }
            byte[] bytes = new byte[count];
            written.get(bytes);
            trace.add(new Trace.Write(path, inode, position, bytes));
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (RecordingStorage.this) {
                long position = delegate.position();
                ByteBuffer copy = src.duplicate();
                int count = delegate.write(src);
                recordWrite(position, copy, count);
                return count;
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (RecordingStorage.this) {
                ByteBuffer copy = src.duplicate();
                int count = delegate.write(src, position);
                recordWrite(position, copy, count);
                return count;
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                while (srcs[i].hasRemaining()) {
                    total += write(srcs[i]);
                }
            }
            return total;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (RecordingStorage.this) {
                delegate.truncate(size);
                trace.add(new Trace.Truncate(path, inode, size));
            }
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (defect == Defect.FORCE_DOES_NOTHING) {
                return;
            }
            delegate.force(metaData);
            trace.add(new Trace.Force(path, inode));
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("the recording layer does not model transferFrom");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("the recording layer does not model mapped writes");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
