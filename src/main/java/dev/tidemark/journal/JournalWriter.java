package dev.tidemark.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one thread that writes the journal. Producers {@link #append} records to an unbounded queue
 * (an {@code offer} that never blocks on disk); the writer drains whatever has piled up, writes the
 * batch with one write call, and forces it to the device according to the {@link ForcePolicy}:
 * batches holding a barrier record are forced before their futures complete, other records at
 * most one interval after they were written (group commit, never an fsync per token).
 *
 * <p>The file channel, the batch buffer and the "dirty since last force" state belong to the
 * writer thread alone.
 */
public final class JournalWriter implements JournalAppender, AutoCloseable {

    private static final int MAX_BATCH = 4096;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private record Pending(JournalRecord record, CompletableFuture<Void> written) {
    }

    /** Counters for tests, benchmarks and the status bar. */
    public record Stats(long records, long writes, long forces, long failures) {
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final JournalCodec codec;
    private final FileChannel channel;
    private final ForcePolicy policy;
    private final long intervalNanos;
    private final Consumer<String> problems;
    private final Thread thread;
    private final Pending closeSignal = new Pending(null, new CompletableFuture<>());
    private volatile boolean closing;

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param channel  the segment, positioned at its end; the writer owns it from now on and closes it
     * @param problems told, in words, when the disk refuses a write (called on the writer thread)
     */
    public JournalWriter(FileChannel channel, JournalCodec codec, ForcePolicy policy, Duration interval,
                         Consumer<String> problems) {
        this.channel = channel;
        this.codec = codec;
        this.policy = policy;
        this.intervalNanos = interval.toNanos();
        this.problems = problems;
        this.thread = new Thread(this::run, "journal-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public CompletableFuture<Void> append(JournalRecord record) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (closing) {
            written.completeExceptionally(new IllegalStateException("the journal is closed"));
            return written;
        }
        queue.offer(new Pending(record, written));
        return written;
    }

    public Stats stats() {
        return new Stats(records.get(), writes.get(), forces.get(), failures.get());
    }

    /** Writes and forces everything queued so far, then stops the thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        queue.offer(closeSignal);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean dirty = false;
        long lastForce = System.nanoTime();
        boolean stop = false;
        while (!stop) {
            try {
                Pending first;
                if (dirty && policy == ForcePolicy.INTERVAL) {
                    long wait = intervalNanos - (System.nanoTime() - lastForce);
                    first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                } else {
                    first = queue.take();
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                stop = batch.remove(closeSignal);
                boolean barrier = false;
                if (!batch.isEmpty()) {
                    writeWithRetry(batch);
                    for (Pending p : batch) {
                        barrier |= p.record.isBarrier();
                    }
                    dirty = true;
                }
                boolean forceNow = dirty && (stop || switch (policy) {
                    case ALWAYS -> true;
                    case INTERVAL -> barrier || System.nanoTime() - lastForce >= intervalNanos;
                    case NEVER -> false;
                });
                if (forceNow) {
                    forceWithRetry();
                    lastForce = System.nanoTime();
                    dirty = false;
                }
                for (Pending p : batch) {
                    p.written.complete(null);
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            problems.accept("Could not close the journal file: " + e.getMessage());
        }
    }

    /** One write call per batch (the channel may need more than one for a large buffer). */
    private void writeWithRetry(List<Pending> batch) throws InterruptedException {
        int size = 0;
        List<byte[]> lines = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            byte[] line = codec.encode(p.record);
            lines.add(line);
            size += line.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] line : lines) {
            buffer.put(line);
        }
        buffer.flip();
        while (true) {
            long start = -1;
            try {
                start = channel.position();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                writes.incrementAndGet();
                records.addAndGet(batch.size());
                return;
            } catch (IOException e) {
                failures.incrementAndGet();
                problems.accept("Tidemark cannot write its journal (" + e.getMessage()
                        + "). Replies are kept in memory; retrying.");
                undoPartialWrite(start);
                buffer.rewind();
                Thread.sleep(RETRY_DELAY.toMillis());
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
            // the next write attempt reports the disk's state
        }
    }

    private void forceWithRetry() throws InterruptedException {
        while (true) {
            try {
                channel.force(false);
                forces.incrementAndGet();
                return;
            } catch (IOException e) {
                failures.incrementAndGet();
                problems.accept("Tidemark cannot flush its journal to disk (" + e.getMessage() + "); retrying.");
                Thread.sleep(RETRY_DELAY.toMillis());
            }
        }
    }
}
