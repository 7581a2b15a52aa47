package dev.tidemark.journal.crash;

import dev.tidemark.journal.JournalStorage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link JournalStorage#REAL} with one injected stop: at the {@code count}-th occurrence of the
 * chosen {@link KillProtocol.Point} it calls {@link Stop#at} — in the child that prints
 * {@code AT <point>} and blocks the thread for good, so the parent's SIGKILL lands exactly there.
 * Everything else goes to the real files unchanged; with no point chosen it is a plain pass-through.
 */
final class KillStorage implements JournalStorage {

    /** What to do at the chosen point. Must not return normally (block, or throw in unit tests). */
    @FunctionalInterface
    interface Stop {
        void at(KillProtocol.Point point, int count);
    }

    private static final String CHECKPOINT_FILE = "checkpoint.json";

    private final JournalStorage real = JournalStorage.REAL;
    private final KillProtocol.Point point; // null: never stop
    private final int count;
    private final Stop stop;
    private final AtomicInteger seen = new AtomicInteger();
    private volatile boolean segmentJustCreated;

    KillStorage(KillProtocol.Point point, int count, Stop stop) {
        if (point != null && count < 1) {
            throw new IllegalArgumentException("count must be 1 or more");
        }
        this.point = point;
        this.count = count;
        this.stop = stop;
    }

    /** Counts an occurrence of {@code p}; true exactly at the chosen occurrence of the chosen point. */
    private boolean reached(KillProtocol.Point p) {
        return p == point && seen.incrementAndGet() == count;
    }

    private void stopIfReached(KillProtocol.Point p) {
        if (reached(p)) {
            stopHere(p);
        }
    }

    private void stopHere(KillProtocol.Point p) {
        stop.at(p, count);
        throw new IllegalStateException("Stop.at returned at " + p); // never reached in the child
    }

    private static boolean isSegment(Path file) {
        return file.getFileName().toString().matches("\\d{8}\\.jsonl");
    }

    @Override
    public FileChannel openForWriting(Path file) throws IOException {
        return new KillChannel(real.openForWriting(file));
    }

    @Override
    public FileChannel create(Path file) throws IOException {
        boolean segment = isSegment(file);
        if (segment) {
            stopIfReached(KillProtocol.Point.ROTATION_CREATE);
        }
        FileChannel created = real.create(file);
        if (segment) {
            segmentJustCreated = true;
            stopIfReached(KillProtocol.Point.ROTATION_EMPTY);
        }
        return new KillChannel(created);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        if (segmentJustCreated) {
            segmentJustCreated = false;
            stopIfReached(KillProtocol.Point.ROTATION_HEADER); // header written and forced, entry not yet
        }
        real.forceDirectory(dir);
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        if (!target.getFileName().toString().equals(CHECKPOINT_FILE)) {
            real.replace(target, content);
            return;
        }
        stopIfReached(KillProtocol.Point.CHECKPOINT_REPLACE);
        if (reached(KillProtocol.Point.CHECKPOINT_TMP)) {
            // the first half of AtomicFiles.replace: the temp file written and forced, not renamed
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            stopHere(KillProtocol.Point.CHECKPOINT_TMP);
        }
        real.replace(target, content);
        stopIfReached(KillProtocol.Point.CHECKPOINT_RENAMED);
    }

    @Override
    public void delete(Path file) throws IOException {
        boolean segment = isSegment(file);
        if (segment) {
            stopIfReached(KillProtocol.Point.CHECKPOINT_DELETE);
        }
        real.delete(file);
        if (segment) {
            stopIfReached(KillProtocol.Point.CHECKPOINT_DELETED);
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

    /** A segment channel: delegates to the real one, stopping before a write, halfway through one, or in force. */
    private final class KillChannel extends FileChannel {
        private final FileChannel delegate;
        private boolean writtenSinceForce;

        KillChannel(FileChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            stopIfReached(KillProtocol.Point.BEFORE_WRITE);
            if (reached(KillProtocol.Point.SPLIT_WRITE)) {
                writeFirstHalf(src);
                stopHere(KillProtocol.Point.SPLIT_WRITE);
            }
            int n = delegate.write(src);
            writtenSinceForce |= n > 0;
            return n;
        }

        /** Writes about half of the buffer, cut inside a line so that the file ends in a torn line. */
        private void writeFirstHalf(ByteBuffer src) throws IOException {
            int cut = Math.max(1, src.remaining() / 2);
            while (cut > 1 && src.get(src.position() + cut - 1) == '\n') {
                cut--;
            }
            ByteBuffer half = src.duplicate();
            half.limit(half.position() + cut);
            while (half.hasRemaining()) {
                delegate.write(half);
            }
            writtenSinceForce = true;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (writtenSinceForce) {
                stopIfReached(KillProtocol.Point.AFTER_WRITE_BEFORE_FORCE);
            }
            delegate.force(metaData);
            writtenSinceForce = false;
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
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            stopIfReached(KillProtocol.Point.BEFORE_WRITE);
            long n = delegate.write(srcs, offset, length);
            writtenSinceForce |= n > 0;
            return n;
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
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            writtenSinceForce = true;
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            stopIfReached(KillProtocol.Point.BEFORE_WRITE);
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            stopIfReached(KillProtocol.Point.BEFORE_WRITE);
            int n = delegate.write(src, position);
            writtenSinceForce |= n > 0;
            return n;
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
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
