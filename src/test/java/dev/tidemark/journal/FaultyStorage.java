package dev.tidemark.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * The real file system with a hook before every write and force of a journal file, so that a
 * test can make the disk refuse (full, read-only) or stall, while the bytes still go to real files.
 */
public class FaultyStorage implements JournalStorage {

    /** Called before the operation; throw to make it fail, block to make it stall. */
    @FunctionalInterface
    public interface Hook {
        void before(Path file) throws IOException;
    }

    private volatile Hook beforeWrite = file -> { };
    private volatile Hook beforeForce = file -> { };
    private volatile Hook beforeCreate = file -> { };

    public FaultyStorage beforeWrite(Hook hook) {
        this.beforeWrite = hook;
        return this;
    }

    public FaultyStorage beforeForce(Hook hook) {
        this.beforeForce = hook;
        return this;
    }

    public FaultyStorage beforeCreate(Hook hook) {
        this.beforeCreate = hook;
        return this;
    }

    @Override
    public FileChannel openForWriting(Path file) throws IOException {
        return new HookedChannel(file, REAL.openForWriting(file));
    }

    @Override
    public FileChannel create(Path file) throws IOException {
        beforeCreate.before(file);
        return new HookedChannel(file, REAL.create(file));
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        REAL.forceDirectory(dir);
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
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

    /** A real channel with the hooks in front of write and force. */
    private final class HookedChannel extends FileChannel {
        private final Path file;
        private final FileChannel real;

        HookedChannel(Path file, FileChannel real) {
            this.file = file;
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            beforeWrite.before(file);
            return real.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            beforeForce.before(file);
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            beforeWrite.before(file);
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            beforeWrite.before(file);
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
