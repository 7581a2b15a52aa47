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
import java.util.function.UnaryOperator;

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
        this.name = name;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(this.dataDir.resolve(Journal.DIRECTORY));
        Files.createDirectories(this.dataDir.resolve(SessionStore.DIRECTORY));
        this.storage = new RecordingStorage(this.dataDir);
    }

    Trace trace() {
        return storage.trace();
    }

    /** Small segments so that rotations happen inside the trace; tokens only forced by barriers. */
    Journal.Options options() {
        return Journal.Options.defaults()
                .withSegmentBytes(8 * 1024)
                .withForceInterval(Duration.ofHours(1))
                .withStorage(storage);
    }

    void open() throws IOException {
        storage.note("Journal.open");
        journal = Journal.open(dataDir, options(), Clock.fixed(T0, ZoneOffset.UTC), problems::add);
    }

    void close() {
        storage.note("Journal.close");
        journal.close();
        journal = null;
    }

    Journal journal() {
        return journal;
    }

    private Instant tick() {
        now = now.plusSeconds(1);
        return now;
    }

    /** Appends and waits until the writer is done with it (written; barriers also forced). */
    void append(JournalRecord record) {
        AtomicInteger ack = new AtomicInteger(-1);
        Appended a = new Appended(appended.size(), record, ack);
        appended.add(a);
        CompletableFuture<Void> written = journal.append(record);
        written.whenComplete((ok, error) -> {
            if (error == null) {
                ack.set(trace().size());
            }
        });
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

    void changeStore(String session, UnaryOperator<Session> change) {
        store.computeIfPresent(session, (k, s) -> change.apply(s));
    }

    List<Appended> appended() {
        return new ArrayList<>(appended);
    }
}
