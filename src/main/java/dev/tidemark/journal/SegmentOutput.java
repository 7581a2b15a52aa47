package dev.tidemark.journal;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The segment the journal is writing: its file channel, and the writes, forces and new segments
 * that go to disk, each retried while the disk refuses. Notices when the segment is removed under
 * it and starts a new one. Writer thread only (the counters may be read from anywhere).
 */
final class SegmentOutput {

    private final Path dir;
    private final SegmentHeaderWriter headers;
    private final WriteFailures failures;
    private final Consumer<Problem> problems;
    private final JournalWriter.Listener listener;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private FileChannel channel;
    private Path path;
    private Object fileKey;
    private volatile long number;
    private boolean hasRecords;

    /**
     * @param channel    segment {@code number}, positioned at its end; owned from now on
     * @param hasRecords whether it holds anything after its header
     * @param listener   told when the segment is lost
     */
    SegmentOutput(Path dir, SegmentHeaderWriter headers, WriteFailures failures, Consumer<Problem> problems,
                  JournalWriter.Listener listener, FileChannel channel, long number, boolean hasRecords) {
        this.dir = dir;
        this.headers = headers;
        this.failures = failures;
        this.problems = problems;
        this.listener = listener;
        this.channel = channel;
        this.number = number;
        this.path = Segments.path(dir, number);
        this.fileKey = fileKey(path);
        this.hasRecords = hasRecords;
    }

    /** Writes the buffer in full, retrying while the disk refuses, so that it is never left half written. */
    void write(ByteBuffer buffer) throws InterruptedException {
        while (true) {
            long start = -1;
            try {
                start = channel.position();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                writes.incrementAndGet();
                bytes.addAndGet(buffer.limit());
                hasRecords = true;
                failures.succeeded();
                return;
            } catch (IOException e) {
                failures.failed(Problem.cannotWrite(Area.JOURNAL, "its journal", e));
                undoPartialWrite(start);
                buffer.rewind();
                failures.waitToRetry();
            }
        }
    }

    /** Cuts a half-written batch off again so that a retry does not leave a torn line in the middle. */
    private void undoPartialWrite(long start) {
        if (start < 0) {
            return;
        }
        try {
            channel.truncate(start);
            channel.position(start);
        } catch (IOException ignored) {
            // the next attempt reports the disk's state
        }
    }

    /** Forces what was written to the device, retrying while it refuses; then checks the file is still there. */
    void force() throws InterruptedException {
        while (true) {
            try {
                channel.force(false);
                forces.incrementAndGet();
                failures.succeeded();
                break;
            } catch (IOException e) {
                failures.failed(Problem.cannotWrite(Area.JOURNAL, "its journal to disk", e));
                failures.waitToRetry();
            }
        }
        checkStillThere();
    }

    /** On Linux a deleted file takes writes silently; notice it and start a new segment. */
    private void checkStillThere() throws InterruptedException {
        Object key = fileKey(path);
        if (key != null && key.equals(fileKey)) {
            return;
        }
        Path lost = path;
        problems.accept(new Problem.Note(Area.JOURNAL, "The journal file " + lost.getFileName() + " was removed while"
                + " Tidemark was running. Tidemark started a new one and is writing the replies in progress again."));
        try {
            channel.close();
        } catch (IOException ignored) {
            // it is gone anyway
        }
        start(number + 1);
        listener.segmentLost(lost);
    }

    /** Closes this segment and starts the next one. */
    void startNext() throws InterruptedException {
        try {
            channel.close();
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.JOURNAL, "Could not close journal segment " + number + ": "
                    + Problem.describe(e)));
        }
        start(number + 1);
    }

    /** Creates segment {@code first} (or the next free number) with its header, retrying while the disk refuses. */
    private void start(long first) throws InterruptedException {
        long next = first;
        while (true) {
            try {
                AtomicFiles.createDirectory(dir);
                channel = headers.createSegment(dir, next);
                number = next;
                path = Segments.path(dir, next);
                fileKey = fileKey(path);
                hasRecords = false;
                failures.succeeded();
                return;
            } catch (FileAlreadyExistsException e) {
                next++; // a leftover from a crash during rotation: never write into it
            } catch (IOException e) {
                failures.failed(Problem.cannotWrite(Area.JOURNAL, "a new journal file", e));
                failures.waitToRetry();
            }
        }
    }

    /** The segment's number. */
    long number() {
        return number;
    }

    /** Whether it holds anything after its header. */
    boolean hasRecords() {
        return hasRecords;
    }

    long size() throws IOException {
        return channel.size();
    }

    long writes() {
        return writes.get();
    }

    long forces() {
        return forces.get();
    }

    long bytes() {
        return bytes.get();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.JOURNAL, "Could not close the journal file: " + Problem.describe(e)));
        }
    }

    private static Object fileKey(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Object key = attributes.fileKey();
            return key != null ? key : attributes.creationTime();
        } catch (IOException e) {
            return null;
        }
    }
}
