package dev.tidemark.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that writes the journal.
 *
 * <p><b>Producers</b> {@link #append} records: an {@code offer} to a bounded queue, under a lock
 * that is never held across I/O. When the queue is full (the disk stalls, or is full), records go
 * to a spill list in memory instead, where consecutive text of a stream is coalesced into one
 * record ({@code seq..through}); nothing is dropped, and the condition is reported.
 *
 * <p><b>The writer</b> drains everything queued, writes it with one write call per batch, and
 * forces according to the {@link ForcePolicy}: a batch holding a barrier record is forced before
 * its futures complete; other records at most one interval after they were written (group
 * commit). It rotates to a new segment at a size limit, writes checkpoints and deletes applied
 * segments when asked, notices a segment removed under it, and retries when the disk refuses.
 *
 * <p>The file channel, the segment state and the stream bookkeeping belong to the writer thread.
 */
public final class JournalWriter implements JournalAppender, AutoCloseable {

    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    /** How long after the last record the writer keeps polling instead of sleeping on the queue. */
    private static final long ACTIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often it polls meanwhile: the most a record waits for the writer to notice it. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Told about the writer's life, on the writer thread; must not block. */
    public interface Listener {
        /** A segment was closed and a new one started; segments up to {@code checkpointable} may be checkpointed. */
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

    private sealed interface Item {
    }

    private record Pending(JournalRecord record, List<CompletableFuture<Void>> futures) implements Item {
    }

    private record Rotate(CompletableFuture<Long> done) implements Item {
    }

    private record Checkpoint(long through, CompletableFuture<Void> done) implements Item {
    }

    private record Quarantine(List<JournalRecord> records, CompletableFuture<Void> done) implements Item {
    }

    private record Close() implements Item {
    }

    private record Wake() implements Item {
    }

    private final Path dir;
    private final JournalStorage storage;
    private final JournalCodec codec;
    private final Journal.Options options;
    private final Clock clock;
    private final Consumer<String> problems;
    private final Listener listener;
    private final ArrayBlockingQueue<Item> queue;
    private final Thread thread;

    // guarded by spillLock: the order of records once the queue has overflowed
    private final Object spillLock = new Object();
    private List<Item> spill = new ArrayList<>();
    private boolean overflowing;
    private volatile boolean spillWaiting;
    private volatile boolean closing;

    // writer thread only
    private FileChannel channel;
    private Path segmentPath;
    private Object segmentKey;
    private long segment;
    private boolean segmentHasRecords;
    private boolean failing;
    private boolean reportedOverflow;
    private final Set<String> openStreams = new HashSet<>();
    private final Map<Long, Set<String>> sealedSegmentStreams = new TreeMap<>();
    private final Set<String> currentSegmentStreams = new HashSet<>();
    private volatile long checkpointable;

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();

    /**
     * @param channel       the current segment, positioned at its end; the writer owns it from now on
     * @param segment       its number
     * @param hasRecords    whether it holds anything after its header
     * @param checkpointed  the segment number the last checkpoint covers (0 for none)
     */
    JournalWriter(Path dir, JournalStorage storage, JournalCodec codec, Journal.Options options, Clock clock,
                  FileChannel channel, long segment, boolean hasRecords, long checkpointed,
                  Consumer<String> problems, Listener listener) {
        this.dir = dir;
        this.storage = storage;
        this.codec = codec;
        this.options = options;
        this.clock = clock;
        this.problems = problems;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.channel = channel;
        this.segment = segment;
        this.segmentPath = Segments.path(dir, segment);
        this.segmentKey = fileKey(segmentPath);
        this.segmentHasRecords = hasRecords;
        // segments before this one were written by earlier runs, whose streams recovery has closed
        this.checkpointable = segment - 1;
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
        Pending pending = new Pending(record, futures);
        synchronized (spillLock) {
            if (!overflowing && queue.offer(pending)) {
                return written;
            }
            overflowing = true;
            spillAdd(pending);
            if (!spillWaiting) {
                spillWaiting = true;
                queue.offer(new Wake()); // the writer may be waiting on an empty queue
            }
        }
        return written;
    }

    /** Appends to the spill, coalescing text into the stream's previous spilled text. Holds spillLock. */
    private void spillAdd(Pending pending) {
        JournalRecord record = pending.record();
        for (int i = spill.size() - 1; i >= 0; i--) {
            if (!(spill.get(i) instanceof Pending earlier)) {
                break; // a command: nothing moves across it
            }
            if (earlier.record() instanceof JournalRecord.StreamRecord s && record instanceof JournalRecord.StreamRecord r
                    && s.streamId().equals(r.streamId())) {
                JournalRecord merged = merge(earlier.record(), record);
                if (merged != null) {
                    earlier.futures().addAll(pending.futures());
                    spill.set(i, new Pending(merged, earlier.futures()));
                    coalesced.incrementAndGet();
                    return;
                }
                break; // the stream's last spilled record is not text: keep the order
            }
        }
        spill.add(pending);
    }

    private static JournalRecord merge(JournalRecord earlier, JournalRecord later) {
        if (earlier instanceof JournalRecord.TextDelta a && later instanceof JournalRecord.TextDelta b
                && b.seq() == a.through() + 1) {
            return new JournalRecord.TextDelta(a.streamId(), a.seq(), b.through(), a.text() + b.text());
        }
        if (earlier instanceof JournalRecord.ReasoningDelta a && later instanceof JournalRecord.ReasoningDelta b
                && b.seq() == a.through() + 1) {
            return new JournalRecord.ReasoningDelta(a.streamId(), a.seq(), b.through(), a.text() + b.text());
        }
        return null;
    }

    /** Closes the current segment and starts the next; completes with the sealed segment's number. */
    CompletableFuture<Long> rotate() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        command(new Rotate(done));
        return done;
    }

    /** Records that segments up to {@code through} are in the session store, and deletes them. */
    CompletableFuture<Void> checkpoint(long through) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        command(new Checkpoint(through, done));
        return done;
    }

    /** Keeps records that recovery could not place in the quarantine folder. */
    CompletableFuture<Void> quarantine(List<JournalRecord> kept) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        command(new Quarantine(List.copyOf(kept), done));
        return done;
    }

    /** The highest segment whose streams have all ended: everything up to it may be checkpointed. */
    long checkpointable() {
        return checkpointable;
    }

    private void command(Item item) {
        synchronized (spillLock) {
            if (!overflowing && queue.offer(item)) {
                return;
            }
            overflowing = true; // commands keep their place after spilled records
            spill.add(item);
            if (!spillWaiting) {
                spillWaiting = true;
                queue.offer(new Wake());
            }
        }
    }

    public Stats stats() {
        return new Stats(records.get(), writes.get(), forces.get(), failures.get(), bytes.get(), coalesced.get(),
                segment);
    }

    /** Writes and forces everything queued so far, then stops the thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        command(new Close());
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ writer thread

    private void run() {
        List<Item> items = new ArrayList<>();
        long lastActivity = System.nanoTime() - ACTIVE_NANOS;
        boolean dirty = false;
        long lastForce = System.nanoTime();
        boolean stop = false;
        try {
            while (!stop) {
                Item first;
                long now = System.nanoTime();
                long forceWait = dirty && options.policy() == ForcePolicy.INTERVAL
                        ? options.forceInterval().toNanos() - (now - lastForce) : Long.MAX_VALUE;
                if (spillWaiting) {
                    first = queue.poll();
                } else if (now - lastActivity < ACTIVE_NANOS) {
                    // Busy lately (a reply is streaming): look again in a moment instead of sleeping
                    // on the queue, so that a producer offering a token never pays for waking this
                    // thread (tens of µs on a VM). Idle for a second, it sleeps on the queue again.
                    first = queue.poll();
                    if (first == null) {
                        LockSupport.parkNanos(Math.max(0, Math.min(POLL_NANOS, forceWait)));
                    }
                } else if (forceWait != Long.MAX_VALUE) {
                    first = forceWait > 0 ? queue.poll(forceWait, TimeUnit.NANOSECONDS) : queue.poll();
                } else {
                    first = queue.take();
                }
                if (first != null) {
                    lastActivity = now;
                }
                if (first != null) {
                    items.add(first);
                    queue.drainTo(items);
                }
                takeSpill(items);
                List<Pending> batch = new ArrayList<>();
                List<Pending> written = new ArrayList<>();
                boolean barrier = false;
                for (Item item : items) {
                    if (item instanceof Pending p) {
                        batch.add(p);
                        written.add(p);
                        barrier |= p.record().isBarrier();
                        continue;
                    }
                    if (item instanceof Wake) {
                        continue;
                    }
                    // a command: write what came before it first
                    if (!batch.isEmpty()) {
                        write(batch);
                        dirty = true;
                        batch.clear();
                    }
                    if (item instanceof Close) {
                        stop = true;
                    } else if (item instanceof Rotate r) {
                        if (dirty) {
                            force();
                            dirty = false;
                            lastForce = System.nanoTime();
                        }
                        r.done().complete(rotateNow());
                    } else if (item instanceof Checkpoint c) {
                        checkpointNow(c.through(), c.done());
                    } else if (item instanceof Quarantine q) {
                        quarantineNow(q.records(), q.done());
                    }
                }
                if (!batch.isEmpty()) {
                    write(batch);
                    dirty = true;
                }
                boolean forceNow = dirty && (stop || switch (options.policy()) {
                    case ALWAYS -> true;
                    case INTERVAL -> barrier || System.nanoTime() - lastForce >= options.forceInterval().toNanos();
                    case NEVER -> false;
                });
                if (forceNow) {
                    force();
                    lastForce = System.nanoTime();
                    dirty = false;
                }
                for (Pending p : written) {
                    p.futures().forEach(f -> f.complete(null));
                }
                items.clear();
                if (channel.size() >= options.segmentBytes()) {
                    if (dirty) {
                        force();
                        lastForce = System.nanoTime();
                        dirty = false;
                    }
                    rotateNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            problems.accept("The journal stopped: " + e.getMessage());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                problems.accept("Could not close the journal file: " + e.getMessage());
            }
        }
    }

    /**
     * Takes what producers queued or spilled since the drain, in their order. Producers offer and
     * spill under the same lock, so nothing can slip into the queue between the two.
     */
    private void takeSpill(List<Item> items) {
        synchronized (spillLock) {
            queue.drainTo(items);
            if (!spill.isEmpty()) {
                if (!reportedOverflow) {
                    reportedOverflow = true;
                    problems.accept("The journal is falling behind the incoming text; Tidemark holds the text in "
                            + "memory and writes it in larger pieces. Nothing is lost.");
                }
                items.addAll(spill);
                spill = new ArrayList<>();
            } else if (reportedOverflow && !overflowing) {
                reportedOverflow = false;
                problems.accept("The journal has caught up.");
            }
            overflowing = false;
            spillWaiting = false;
        }
    }

    /** Writes a batch with one write call (retrying while the disk refuses), and keeps the stream books. */
    private void write(List<Pending> batch) throws InterruptedException, IOException {
        int size = 0;
        List<byte[]> lines = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            byte[] line = codec.encode(p.record());
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
                bytes.addAndGet(size);
                segmentHasRecords = true;
                recovered();
                break;
            } catch (IOException e) {
                fail("Tidemark cannot write its journal (" + e.getMessage()
                        + "). Your replies are kept in memory; it will keep trying.");
                undoPartialWrite(start);
                buffer.rewind();
                Thread.sleep(RETRY_DELAY.toMillis());
            }
        }
        for (Pending p : batch) {
            track(p.record());
        }
    }

    private void track(JournalRecord record) {
        if (record instanceof JournalRecord.StreamRecord s) {
            currentSegmentStreams.add(s.streamId());
            if (record instanceof JournalRecord.StreamStarted) {
                openStreams.add(s.streamId());
            } else if (record instanceof JournalRecord.StreamEnded) {
                openStreams.remove(s.streamId());
                updateCheckpointable();
            }
        }
    }

    private void updateCheckpointable() {
        long through = checkpointable;
        for (Map.Entry<Long, Set<String>> sealed : sealedSegmentStreams.entrySet()) {
            if (sealed.getKey() <= through) {
                continue;
            }
            if (sealed.getKey() != through + 1 || sealed.getValue().stream().anyMatch(openStreams::contains)) {
                break;
            }
            through = sealed.getKey();
        }
        checkpointable = through;
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

    private void force() throws InterruptedException {
        while (true) {
            try {
                channel.force(false);
                forces.incrementAndGet();
                recovered();
                break;
            } catch (IOException e) {
                fail("Tidemark cannot flush its journal to disk (" + e.getMessage() + "); it will keep trying.");
                Thread.sleep(RETRY_DELAY.toMillis());
            }
        }
        checkSegmentStillThere();
    }

    /** On Linux a deleted file takes writes silently; notice it and start a new segment. */
    private void checkSegmentStillThere() throws InterruptedException {
        Object key = fileKey(segmentPath);
        if (key != null && key.equals(segmentKey)) {
            return;
        }
        Path lost = segmentPath;
        problems.accept("The journal file " + lost.getFileName() + " was removed while Tidemark was running. "
                + "Tidemark started a new one and is writing the replies in progress again.");
        try {
            channel.close();
        } catch (IOException ignored) {
            // it is gone anyway
        }
        startSegment(segment + 1);
        listener.segmentLost(lost);
    }

    private long rotateNow() throws InterruptedException {
        long sealed = segment;
        if (!segmentHasRecords) {
            return sealed - 1; // nothing to seal: keep writing the empty segment
        }
        try {
            channel.close();
        } catch (IOException e) {
            problems.accept("Could not close journal segment " + sealed + ": " + e.getMessage());
        }
        sealedSegmentStreams.put(sealed, new HashSet<>(currentSegmentStreams));
        currentSegmentStreams.clear();
        startSegment(sealed + 1);
        updateCheckpointable();
        listener.segmentSealed(sealed);
        return sealed;
    }

    /** Creates segment {@code number} with its header, forced, and its directory entry forced. */
    private void startSegment(long number) throws InterruptedException {
        Path path = Segments.path(dir, number);
        while (true) {
            try {
                AtomicFiles.createDirectory(dir);
                FileChannel created = storage.create(path);
                try {
                    writeHeader(created, number);
                    storage.forceDirectory(dir);
                } catch (IOException e) {
                    created.close();
                    throw e;
                }
                channel = created;
                segment = number;
                segmentPath = path;
                segmentKey = fileKey(path);
                segmentHasRecords = false;
                recovered();
                return;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                number++; // a leftover from a crash during rotation: never write into it
                path = Segments.path(dir, number);
            } catch (IOException e) {
                fail("Tidemark cannot start a new journal file (" + e.getMessage() + "); it will keep trying.");
                Thread.sleep(RETRY_DELAY.toMillis());
            }
        }
    }

    /** Writes and forces the header line of segment {@code number}. */
    private void writeHeader(FileChannel created, long number) throws IOException {
        byte[] salt = new byte[8];
        new SecureRandom().nextBytes(salt);
        ByteBuffer header = ByteBuffer.wrap(codec.encode(new JournalRecord.SegmentHeader(
                Journal.FORMAT_VERSION, number, HexFormat.of().formatHex(salt), clock.instant())));
        while (header.hasRemaining()) {
            created.write(header);
        }
        created.force(true);
    }

    private void checkpointNow(long through, CompletableFuture<Void> done) {
        long safe = Math.min(through, segment - 1);
        try {
            storage.replace(dir.resolve(Segments.CHECKPOINT_FILE),
                    codec.encode(new JournalRecord.Checkpoint(safe, clock.instant())));
            for (Path file : storage.list(dir)) {
                var number = Segments.number(file);
                if (number.isPresent() && number.getAsLong() <= safe) {
                    storage.delete(file);
                }
            }
            storage.forceDirectory(dir);
            sealedSegmentStreams.keySet().removeIf(n -> n <= safe);
            done.complete(null);
        } catch (IOException e) {
            problems.accept("Could not write the journal checkpoint (" + e.getMessage()
                    + "); the journal keeps its old segments for now.");
            done.completeExceptionally(e);
        }
    }

    private void quarantineNow(List<JournalRecord> kept, CompletableFuture<Void> done) {
        try {
            Path quarantine = dir.resolve(Segments.QUARANTINE_DIRECTORY);
            AtomicFiles.createDirectory(quarantine);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (JournalRecord r : kept) {
                out.write(codec.encode(r));
            }
            storage.replace(quarantine.resolve("unplaced-" + clock.instant().toEpochMilli() + Segments.SUFFIX),
                    out.toByteArray());
            done.complete(null);
        } catch (IOException e) {
            problems.accept("Could not keep unplaced journal records aside: " + e.getMessage());
            done.completeExceptionally(e);
        }
    }

    private void fail(String message) {
        failures.incrementAndGet();
        if (!failing) {
            failing = true;
            problems.accept(message);
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            problems.accept("The journal is writing to disk again.");
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
