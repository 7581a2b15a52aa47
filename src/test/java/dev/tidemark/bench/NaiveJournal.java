package dev.tidemark.bench;

import dev.tidemark.journal.JournalEncoder;
import dev.tidemark.journal.JournalRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The baseline: a journal that makes every record durable before {@code append} returns, on the
 * caller's thread — encode the line with {@link JournalEncoder}, write it, {@code force(false)}.
 * One file; concurrent callers take turns (a line is never interleaved with another).
 */
final class NaiveJournal implements AutoCloseable {

    private final JournalEncoder encoder = new JournalEncoder();
    private final FileChannel channel;
    private long fsyncs;
    private long bytes;
    private long records;

    NaiveJournal(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    synchronized void append(JournalRecord record) throws IOException {
        ByteBuffer line = ByteBuffer.wrap(encoder.encode(record));
        int length = line.remaining();
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
        fsyncs++;
        bytes += length;
        records++;
    }

    synchronized long fsyncs() {
        return fsyncs;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
