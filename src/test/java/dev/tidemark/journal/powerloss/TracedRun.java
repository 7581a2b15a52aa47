package dev.tidemark.journal.powerloss;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.SessionStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workload run on real files through a {@link RecordingStorage}: what was appended, in order,
 * and when (in the trace) each append's future completed; plus a session store kept the way the
 * chat service keeps it (changed in memory before the record that says so is journaled) and
 * saved only when the workload says so, through the recording layer, so that its saves are in
 * the trace too.
 */
final class TracedRun {

    static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

    /** One append: the record and the trace size when its future completed (-1: not yet). */
    record Appended(int order, JournalRecord record, AtomicInteger ack) {
        boolean ackedBefore(int cut) {
            int a = ack.get();
            return a >= 0 && a <= cut;
        }
    }

    final String name;
    final Path dataDir;
    final RecordingStorage storage;
    final List<Appended> appended = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<String, Session> store = new LinkedHashMap<>();
    private final SessionCodec codec = new SessionCodec();
    private Journal journal;
    private Instant now = T0;

    TracedRun(String name, Path dataDir) throws IOException {
        this(name, dataDir, RecordingStorage.Defect.NONE);
    }

    TracedRun(String name, Path dataDir, RecordingStorage.Defect defect) throws IOException {
        this.name = name;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(this.dataDir.resolve(Journal.DIRECTORY));
        Files.createDirectories(this.dataDir.resolve(SessionStore.DIRECTORY));
        this.storage = new RecordingStorage(this.dataDir, defect);
    }

    Trace trace() {
        return storage.trace();
    }

    /** Small segments, so that rotations happen inside the trace. */
    long segmentBytes = 8 * 1024;
    /** By default text is only forced by barriers and rotations, which keeps the trace the same every run. */
    Duration forceInterval = Duration.ofHours(1);

    /** Records queued before the writer starts coalescing text in memory. */
    int queueCapacity = Journal.Options.defaults().queueCapacity();

    Journal.Options options() {
        return Journal.Options.defaults()
                .withSegmentBytes(segmentBytes)
                .withForceInterval(forceInterval)
                .withQueueCapacity(queueCapacity)
                .withStorage(storage);
    }

    void open() throws IOException {
        storage.note("Journal.open");
        journal = Journal.open(dataDir, options(), Clock.fixed(T0, ZoneOffset.UTC), p -> problems.add(p.message()));
    }

    void close() {
        storage.note("Journal.close");
        journal.close();
        journal = null;
    }

    Journal journal() {
        return journal;
    }

    /** Closes the current segment; returns the sealed segment's number. */
    long rotate() throws Exception {
        storage.note("Journal.rotate");
        return journal.rotate().get(30, TimeUnit.SECONDS);
    }

    /**
     * What the checkpointer does: the store has saved everything (the caller saved it), then the
     * journal records the checkpoint and deletes what it covers. Returns the segment covered.
     */
    long checkpoint() throws Exception {
        long through = journal.checkpointable();
        storage.note("Journal.checkpoint(" + through + ")");
        journal.checkpoint(through).get(30, TimeUnit.SECONDS);
        return through;
    }

    /**
     * Leaves half a line at the end of a segment, durable, the way a process killed in the middle
     * of a large write leaves it; the next {@link #open} must cut it off.
     */
    void leaveTornLine(String segment, JournalRecord record) throws IOException {
        Path file = dataDir.resolve(Journal.DIRECTORY).resolve(segment);
        byte[] line = new dev.tidemark.journal.JournalEncoder().encode(record);
        storage.note("a torn line left by a killed process");
        try (java.nio.channels.FileChannel channel = storage.openForWriting(file)) {
            channel.position(channel.size());
            java.nio.ByteBuffer half = java.nio.ByteBuffer.wrap(line, 0, line.length / 2);
            while (half.hasRemaining()) {
                channel.write(half);
            }
            channel.force(true);
        }
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    private CompletableFuture<Void> appendNoWait(JournalRecord record) {
        AtomicInteger ack = new AtomicInteger(-1);
        Appended a = new Appended(appended.size(), record, ack);
        appended.add(a);
        CompletableFuture<Void> written = journal.append(record);
        // runs on the writer thread when it completes the future (unless it already has)
        written.whenComplete((ok, error) -> {
            if (error == null) {
                ack.set(trace().size());
            }
        });
        return written;
    }

    /** Appends and waits until the writer is done with it (written; barriers also forced). */
    void append(JournalRecord record) {
        CompletableFuture<Void> written = appendNoWait(record);
        try {
            written.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("append of " + record + " failed", e);
        }
    }

    // ---------------------------------------------------------------- chat-like steps

    void createSession(String session, String title) {
        Instant at = tick();
        store.put(session, Session.empty(session, title, at));
        append(new JournalRecord.SessionCreated(session, title, at));
    }

    void userMessage(String session, String id, String text) {
        Instant at = tick();
        store.computeIfPresent(session, (k, s) -> s.withMessage(Message.user(id, text, at), at));
        append(new JournalRecord.UserMessage(session, id, text, at));
    }

    private final Map<String, Long> seqs = new LinkedHashMap<>();
    private final Map<String, StringBuilder> texts = new LinkedHashMap<>();
    private final Map<String, String> streamSessions = new LinkedHashMap<>();
    private final Map<String, Instant> streamStarts = new LinkedHashMap<>();

    void start(String session, String stream) {
        Instant at = tick();
        streamSessions.put(stream, session);
        streamStarts.put(stream, at);
        seqs.put(stream, 0L);
        texts.put(stream, new StringBuilder());
        append(new JournalRecord.StreamStarted(stream, session, "demo", "demo", at));
    }

    /** Appends {@code count} pieces of text, each in its own write. */
    void tokens(String stream, int count) {
        for (int i = 0; i < count; i++) {
            long seq = seqs.merge(stream, 1L, Long::sum);
            String text = Tokens.piece(stream, seq);
            texts.get(stream).append(text);
            append(new JournalRecord.TextDelta(stream, seq, text));
        }
    }

    /**
     * Appends {@code count} pieces at once and waits for all of them: the writer takes them in
     * one batch or a few (one write call per batch), as under load.
     */
    void burst(String stream, int count) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = seqs.merge(stream, 1L, Long::sum);
            String text = Tokens.piece(stream, seq);
            texts.get(stream).append(text);
            futures.add(appendNoWait(new JournalRecord.TextDelta(stream, seq, text)));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a burst of " + stream + " failed", e);
        }
    }

    void end(String stream, MessageStatus status, String detail) {
        long seq = seqs.merge(stream, 1L, Long::sum);
        Instant at = tick();
        String session = streamSessions.get(stream);
        Message reply = new Message(stream, Role.ASSISTANT, texts.get(stream).toString(), status,
                streamStarts.get(stream), "demo/demo", detail);
        store.computeIfPresent(session, (k, s) -> s.withMessage(reply, at));
        append(new JournalRecord.StreamEnded(stream, seq, status, detail, at));
    }

    /** The session store's thread saves a session now (atomic replace, through the recording layer). */
    void save(String session) throws IOException {
        storage.replace(dataDir.resolve(SessionStore.DIRECTORY).resolve(session + ".json"),
                codec.encode(store.get(session)));
    }

    List<Appended> appended() {
        return new ArrayList<>(appended);
    }
}
