package dev.tidemark.journal;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that writes the journal, and its loop.
 *
 * <p>Producers {@link #append} records to a {@link WriteQueue}, which never blocks them. The writer
 * drains everything queued, writes it with one write call per batch to the {@link SegmentOutput},
 * and forces as the {@link ForceSchedule} says (group commit). It rolls to a new segment at a size
 * limit, keeping {@link CheckpointableSegments} up to date, and carries out the commands queued
 * between records: rotate, checkpoint, quarantine, close.
 */
public final class JournalWriter implements JournalAppender, AutoCloseable {

    /** How long after the last record the writer keeps polling instead of sleeping on the queue. */
    private static final long ACTIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often it polls meanwhile: the most a record waits for the writer to notice it. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long CLOSE_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(15);

    /** Told about the writer's life, on the writer thread; must not block. */
    public interface Listener {
        /** A segment was closed and a new one started. */
        default void segmentSealed(long segment) {
        }

        /**
         * The segment being written disappeared (deleted by someone else). A new one was started;
         * whoever has replies in flight should journal them again.
         */
        default void segmentLost(Path segment) {
        }
    }

    /** Counters for tests, benchmarks and the status bar. */
    public record Stats(long records, long writes, long forces, long failures, long bytes, long coalesced,
                        long segment) {
    }

    private final JournalEncoder encoder;
    private final Journal.Options options;
    private final Clock clock;
    private final Consumer<Problem> problems;
    private final Listener listener;
    private final WriteQueue queue;
    private final WriteFailures failures;
    private final Checkpoints checkpoints;
    private final Quarantine quarantine;
    private final Thread thread;
    private final AtomicLong records = new AtomicLong();
    private volatile boolean closing;

    // writer thread only
    private final SegmentOutput output;
    private final CheckpointableSegments checkpointable;
    private final ForceSchedule forcing;

    /**
     * @param channel    the current segment, positioned at its end; the writer owns it from now on
     * @param segment    its number
     * @param hasRecords whether it holds anything after its header
     */
    JournalWriter(Path dir, JournalStorage storage, JournalEncoder encoder, SegmentHeaderWriter headers,
                  Journal.Options options, Clock clock, FileChannel channel, long segment, boolean hasRecords,
                  Consumer<Problem> problems, Listener listener) {
        this.encoder = encoder;
        this.options = options;
        this.clock = clock;
        this.problems = problems;
        this.listener = listener;
        this.queue = new WriteQueue(options.queueCapacity(), problems);
        this.failures = new WriteFailures(problems);
        this.checkpoints = new Checkpoints(dir, storage);
        this.quarantine = new Quarantine(dir, storage);
        this.output = new SegmentOutput(dir, headers, failures, problems, listener, channel, segment, hasRecords);
        this.checkpointable = new CheckpointableSegments(segment);
        this.forcing = new ForceSchedule(options.policy(), options.forceInterval(), System.nanoTime());
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
        List<CompletableFuture<Void>> futures = new ArrayList<>(1);
        futures.add(written);
        queue.add(new WriterItem.Pending(record, futures));
        return written;
    }

    /** Closes the current segment and starts the next; completes with the sealed segment's number. */
    CompletableFuture<Long> rotate() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        queue.add(new WriterItem.Rotate(done));
        return done;
    }

    /** Records that segments up to {@code through} are in the session store, and deletes them. */
    CompletableFuture<Void> checkpoint(long through) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new WriterItem.Checkpoint(through, done));
        return done;
    }

    /** Keeps records that recovery could not place in the quarantine folder. */
    CompletableFuture<Void> quarantine(List<JournalRecord> kept) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new WriterItem.Quarantine(List.copyOf(kept), done));
        return done;
    }

    /** The highest segment whose streams have all ended: everything up to it may be checkpointed. */
    long checkpointable() {
        return checkpointable.through();
    }

    public Stats stats() {
        return new Stats(records.get(), output.writes(), output.forces(), failures.count(), output.bytes(),
                queue.coalesced(), output.number());
    }

    /** Writes and forces everything queued so far, then stops the thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        queue.add(new WriterItem.Close());
        closing = true;
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ writer thread

    private void run() {
        List<WriterItem> items = new ArrayList<>();
        long lastActivity = System.nanoTime() - ACTIVE_NANOS;
        boolean stop = false;
        try {
            while (!stop) {
                long now = System.nanoTime();
                WriterItem first = next(now - lastActivity < ACTIVE_NANOS, forcing.nanosUntilDue(now));
                if (first != null) {
                    lastActivity = now;
                    items.add(first);
                }
                queue.drainTo(items);
                stop = handle(items);
                items.clear();
                if (output.size() >= options.segmentBytes()) {
                    forceIfDirty();
                    rotateNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.JOURNAL, "The journal stopped: " + Problem.describe(e)));
        } finally {
            output.close();
        }
    }

    /** Waits for the next item, or until a force is due (null then). */
    private WriterItem next(boolean active, long forceWait) throws InterruptedException {
        if (queue.spillWaiting()) {
            return queue.poll();
        }
        if (active) {
            // Busy lately (a reply is streaming): look again in a moment instead of sleeping on the
            // queue, so that a producer offering a token never pays for waking this thread (tens of
            // µs on a VM). Idle for a second, it sleeps on the queue again.
            WriterItem first = queue.poll();
            if (first == null) {
                LockSupport.parkNanos(Math.max(0, Math.min(POLL_NANOS, forceWait)));
            }
            return first;
        }
        if (forceWait != Long.MAX_VALUE) {
            return forceWait > 0 ? queue.poll(forceWait) : queue.poll();
        }
        return queue.take();
    }

    /**
     * Writes the records among {@code items} in batches, carries out the commands between them in
     * order, forces as due and completes the records' futures. Returns whether a close came.
     */
    private boolean handle(List<WriterItem> items) throws InterruptedException {
        List<WriterItem.Pending> batch = new ArrayList<>();
        List<WriterItem.Pending> written = new ArrayList<>();
        boolean barrier = false;
        boolean stop = false;
        for (WriterItem item : items) {
            if (item instanceof WriterItem.Pending p) {
                batch.add(p);
                written.add(p);
                barrier |= p.record().isBarrier();
                continue;
            }
            if (item instanceof WriterItem.Wake) {
                continue;
            }
            // a command: write what came before it first
            write(batch);
            batch.clear();
            if (item instanceof WriterItem.Close) {
                stop = true;
            } else if (item instanceof WriterItem.Rotate r) {
                forceIfDirty();
                r.done().complete(rotateNow());
            } else if (item instanceof WriterItem.Checkpoint c) {
                checkpointNow(c.through(), c.done());
            } else if (item instanceof WriterItem.Quarantine q) {
                quarantineNow(q.records(), q.done());
            }
        }
        write(batch);
        if (forcing.dueAfterBatch(barrier, stop, System.nanoTime())) {
            force();
        }
        for (WriterItem.Pending p : written) {
            p.futures().forEach(f -> f.complete(null));
        }
        return stop;
    }

    /** Writes a batch with one write call (retrying while the disk refuses), and keeps the stream books. */
    private void write(List<WriterItem.Pending> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        int size = 0;
        List<byte[]> lines = new ArrayList<>(batch.size());
        for (WriterItem.Pending p : batch) {
            byte[] line = encoder.encode(p.record());
            lines.add(line);
            size += line.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (byte[] line : lines) {
            buffer.put(line);
        }
        buffer.flip();
        output.write(buffer);
        records.addAndGet(batch.size());
        forcing.written();
        for (WriterItem.Pending p : batch) {
            checkpointable.written(p.record());
        }
    }

    private void force() throws InterruptedException {
        output.force();
        forcing.forced(System.nanoTime());
    }

    private void forceIfDirty() throws InterruptedException {
        if (forcing.dirty()) {
            force();
        }
    }

    private long rotateNow() throws InterruptedException {
        long sealed = output.number();
        if (!output.hasRecords()) {
            return sealed - 1; // nothing to seal: keep writing the empty segment
        }
        output.startNext();
        checkpointable.sealed(sealed);
        listener.segmentSealed(sealed);
        return sealed;
    }

    private void checkpointNow(long through, CompletableFuture<Void> done) {
        long safe = Math.min(through, output.number() - 1);
        try {
            checkpoints.write(safe, encoder, clock);
            checkpointable.checkpointed(safe);
            done.complete(null);
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.JOURNAL, "Could not write the journal checkpoint ("
                    + Problem.describe(e) + "); the journal keeps its old segments for now."));
            done.completeExceptionally(e);
        }
    }

    private void quarantineNow(List<JournalRecord> kept, CompletableFuture<Void> done) {
        try {
            quarantine.keepRecords(kept, encoder, clock);
            done.complete(null);
        } catch (IOException e) {
            problems.accept(new Problem.Note(Area.JOURNAL, "Could not keep unplaced journal records aside: "
                    + Problem.describe(e)));
            done.completeExceptionally(e);
        }
    }
}
