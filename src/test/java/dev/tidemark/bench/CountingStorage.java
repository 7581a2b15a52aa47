package dev.tidemark.bench;

import dev.tidemark.journal.JournalStorage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real file system, counting every fsync the journal asks for: forces of segment files (data
 * and headers), directory forces, and the two of each atomic replace (checkpoint, quarantine).
 */
final class CountingStorage implements JournalStorage {

    private final AtomicLong fsyncs = new AtomicLong();

    long fsyncs() {
        return fsyncs.get();
    }

    @Override
    public FileChannel openForWriting(Path file) throws IOException {
        return new Counting(REAL.openForWriting(file));
    }

    @Override
    public FileChannel create(Path file) throws IOException {
        return new Counting(REAL.create(file));
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        fsyncs.incrementAndGet();
        REAL.forceDirectory(dir);
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        fsyncs.addAndGet(2);
        REAL.replace(target, content);
    }

    @Override
    public void delete(Path file) throws IOException {
        REAL.delete(file);
    }

    @Override
    public byte[] read(Path file) throws IOException {
        return REAL.read(file);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return REAL.list(dir);
    }

    /** A file channel that counts its forces. */
    private final class Counting extends FileChannel {
        private final FileChannel d;

        Counting(FileChannel delegate) {
            this.d = delegate;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            fsyncs.incrementAndGet();
            d.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return d.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return d.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            d.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            d.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return d.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return d.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return d.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }
}
