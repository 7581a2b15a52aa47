package dev.tidemark.journal.powerloss;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalDecoder;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.Workspace;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the real startup recovery ({@link Workspace#open}: journal open, tail cut, fold into the
 * session store, orphans closed, rotation and checkpoint) on a crash state and checks what a
 * power cut may and may not cost:
 *
 * <ul>
 *   <li>recovery does not throw and takes ownership;</li>
 *   <li>every barrier (session created, user message, stream start, stream end) whose future
 *       completed before the crash was forced before it completed (checked on the trace), and
 *       every record forced before the crash is in the recovered store;</li>
 *   <li>every reply's text is made of the pieces that were appended, in order, and holds at least
 *       every piece that was forced before the crash (the loss is at most the unforced tail). It
 *       is a prefix of what was appended unless the model kept a later unforced write and lost an
 *       earlier one (writes reordered on their way to the disk); then the reply must say that a
 *       part is missing ({@code gap});</li>
 *   <li>nothing unknown appears, messages keep their order, a session file's messages survive;</li>
 *   <li>a second recovery changes nothing, and a record appended afterwards is read back.</li>
 * </ul>
 */
final class PowerLossChecker {

    static final Instant RECOVERY_TIME = Instant.parse("2026-11-27T08:00:00Z");
    private static final Clock RECOVERY_CLOCK = Clock.fixed(RECOVERY_TIME, ZoneOffset.UTC);

    record Violation(String kind, String state, String detail) {
        @Override
        public String toString() {
            return kind + ": " + detail + "\n    in " + state;
        }
    }

    /** What a stream was given. */
    private static final class StreamLog {
        final String id;
        final String session;
        JournalRecord.StreamStarted start;
        final List<JournalRecord.TextDelta> pieces = new ArrayList<>();
        JournalRecord.StreamEnded end;

        StreamLog(String id, String session) {
            this.id = id;
            this.session = session;
        }

        String fullText() {
            StringBuilder out = new StringBuilder();
            pieces.forEach(p -> out.append(p.text()));
            return out.toString();
        }
    }

    private final TracedRun run;
    private final List<Trace.Op> ops;
    private final List<TracedRun.Appended> appended;
    /**
     * For each record (see {@link #keys}): the index of the force that made it durable
     * (MAX_VALUE: never forced).
     */
    private final Map<Object, Integer> forcedBy = new HashMap<>();
    private final Map<String, StreamLog> streams = new LinkedHashMap<>();
    private final Map<String, JournalRecord.UserMessage> userMessages = new LinkedHashMap<>();
    private final Map<String, List<JournalRecord>> sessionRecords = new LinkedHashMap<>();
    /** Message id to its place among everything appended (the order a session must keep). */
    private final Map<String, Integer> messageOrder = new HashMap<>();
    private final List<String> harnessProblems = new ArrayList<>();

    final List<String> recoveryNotes = new CopyOnWriteArrayList<>();
    int statesWithUnplacedRecords;
    int statesWithAGapFlagged;

    PowerLossChecker(TracedRun run) {
        this.run = run;
        this.ops = run.trace().ops();
        this.appended = run.appended();
        mapRecordsToForces();
        for (TracedRun.Appended a : appended) {
            JournalRecord r = a.record();
            if (r instanceof JournalRecord.SessionCreated c) {
                sessionRecords.computeIfAbsent(c.sessionId(), k -> new ArrayList<>()).add(r);
            } else if (r instanceof JournalRecord.UserMessage u) {
                userMessages.put(u.messageId(), u);
                sessionRecords.computeIfAbsent(u.sessionId(), k -> new ArrayList<>()).add(r);
                messageOrder.put(u.messageId(), a.order());
            } else if (r instanceof JournalRecord.StreamStarted s) {
                StreamLog stream = new StreamLog(s.streamId(), s.sessionId());
                stream.start = s;
                streams.put(s.streamId(), stream);
                sessionRecords.computeIfAbsent(s.sessionId(), k -> new ArrayList<>()).add(r);
                messageOrder.put(s.streamId(), a.order());
            } else if (r instanceof JournalRecord.TextDelta t) {
                streams.get(t.streamId()).pieces.add(t);
            } else if (r instanceof JournalRecord.StreamEnded e) {
                streams.get(e.streamId()).end = e;
            }
            if (!forcedBy.containsKey(keys(r).get(0))) {
                harnessProblems.add("appended but never written (per the trace): " + r);
            }
        }
    }

    /** Problems with the harness itself (the trace does not show what was appended). */
    List<String> harnessProblems() {
        return harnessProblems;
    }

    /** Finds, for every record written to a segment, the force of its file that followed. */
    private void mapRecordsToForces() {
        JournalDecoder decoder = new JournalDecoder();
        for (int i = 0; i < ops.size(); i++) {
            if (!(ops.get(i) instanceof Trace.Write w) || !isSegment(w.path())) {
                continue;
            }
            int force = Integer.MAX_VALUE;
            for (int j = i + 1; j < ops.size(); j++) {
                if (ops.get(j) instanceof Trace.Force f && f.inode() == w.inode()) {
                    force = j;
                    break;
                }
            }
            byte[] bytes = w.bytes();
            int lineStart = 0;
            for (int k = 0; k < bytes.length; k++) {
                if (bytes[k] == '\n') {
                    if (decoder.decode(bytes, lineStart, k) instanceof JournalDecoder.Decoded.Valid v) {
                        for (Object key : keys(v.record())) {
                            forcedBy.putIfAbsent(key, force);
                        }
                    }
                    lineStart = k + 1;
                }
            }
        }
    }

    /**
     * How a record is found again in what was written: itself, except text, which the writer
     * coalesces when its queue overflows (one written record {@code seq..through} stands for
     * several appended pieces); a piece is known by its stream and sequence number.
     */
    private static List<Object> keys(JournalRecord record) {
        if (record instanceof JournalRecord.TextDelta t) {
            List<Object> keys = new ArrayList<>();
            for (long seq = t.seq(); seq <= t.through(); seq++) {
                keys.add(t.streamId() + "#" + seq);
            }
            return keys;
        }
        return List.of(record);
    }

    private static boolean isSegment(Path path) {
        return path.getFileName().toString().endsWith(".jsonl") && path.getParent() != null
                && path.getParent().getFileName().toString().equals(Journal.DIRECTORY);
    }

    private boolean forced(JournalRecord record, int cut) {
        return record != null && forcedBy.getOrDefault(keys(record).get(0), Integer.MAX_VALUE) < cut;
    }

    /** How many of a stream's first pieces were forced before the cut. */
    private int forcedPieces(StreamLog stream, int cut) {
        int n = 0;
        while (n < stream.pieces.size() && forced(stream.pieces.get(n), cut)) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------ checking a state

    /** Materializes the state in {@code dir} (which must not exist), recovers it twice and checks. */
    List<Violation> check(DiskModel.CrashState state, String description, Path dir) throws IOException {
        List<Violation> out = new ArrayList<>();
        DiskModel.materialize(state, dir);
        int cut = state.cut();
        Map<String, Session> savedBefore = readSessionFiles(dir);

        for (TracedRun.Appended a : appended) {
            if (a.record().isBarrier() && a.ackedBefore(cut) && !forced(a.record(), cut)) {
                out.add(new Violation("ACKED_BEFORE_FORCED", description, "the future of " + a.record()
                        + " completed at trace size " + a.ack().get() + " before the record was forced"));
            }
        }

        List<String> problems = new CopyOnWriteArrayList<>();
        Map<String, Session> first;
        Workspace w1 = null;
        try {
            w1 = Workspace.open(dir, Journal.Options.defaults(), RECOVERY_CLOCK, p -> problems.add(p.message()));
            if (w1.isReadOnly()) {
                out.add(new Violation("READ_ONLY", description, "recovery opened read-only: "
                        + w1.readOnlyReason().orElse("")));
                return out;
            }
            if (!w1.recovery().unplaced().isEmpty()) {
                statesWithUnplacedRecords++;
                if (recoveryNotes.size() < 3) {
                    recoveryNotes.add(w1.recovery().problems() + " in " + description);
                }
            }
            first = sessions(w1);
            if (w1.recovery().recovered().stream().anyMatch(Recovery.RecoveredReply::gap)) {
                statesWithAGapFlagged++;
            }
        } catch (Throwable t) {
            out.add(new Violation("RECOVERY_THREW", description, stackTrace(t)));
            return out;
        } finally {
            if (w1 != null) {
                w1.close();
            }
        }
        checkRecovered(first, savedBefore, cut, description, out);

        JournalRecord.UserMessage after = new JournalRecord.UserMessage("after-crash", "after-crash-message",
                "written after recovery ✓", RECOVERY_TIME);
        Workspace w2 = null;
        try {
            w2 = Workspace.open(dir, Journal.Options.defaults(), RECOVERY_CLOCK, p -> problems.add(p.message()));
            if (!w2.recovery().recovered().isEmpty() || w2.recovery().restored() != 0) {
                out.add(new Violation("NOT_IDEMPOTENT", description, "the second recovery recovered "
                        + w2.recovery().recovered() + " and restored " + w2.recovery().restored()));
            }
            Map<String, Session> second = sessions(w2);
            if (!second.equals(first)) {
                out.add(new Violation("NOT_IDEMPOTENT", description, "the store changed on the second start:\n"
                        + "      first:  " + first + "\n      second: " + second));
            }
            w2.appender().append(after).get(10, TimeUnit.SECONDS);
        } catch (Throwable t) {
            out.add(new Violation("SECOND_START_FAILED", description, stackTrace(t)));
        } finally {
            if (w2 != null) {
                w2.close();
            }
        }
        if (!Journal.readOnly(dir).records().contains(after)) {
            out.add(new Violation("APPEND_AFTER_RECOVERY_LOST", description,
                    "a record appended after recovery was not read back: " + Journal.readOnly(dir)));
        }
        return out;
    }

    private static Map<String, Session> sessions(Workspace w) {
        Map<String, Session> out = new LinkedHashMap<>();
        w.store().summaries().stream().map(s -> w.store().get(s.id()).orElseThrow())
                .sorted(Comparator.comparing(Session::id)).forEach(s -> out.put(s.id(), s));
        return out;
    }

    private static Map<String, Session> readSessionFiles(Path dir) throws IOException {
        Map<String, Session> out = new HashMap<>();
        Path sessions = dir.resolve("sessions");
        try (Stream<Path> files = Files.list(sessions)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    Session s = new SessionCodec().decode(Files.readAllBytes(file));
                    out.put(s.id(), s);
                } catch (IOException unreadable) {
                    // a session file a crash left unreadable: nothing to hold recovery to
                }
            }
        }
        return out;
    }

    /** The invariants on the store after the first recovery; public for checking the checker. */
    void checkRecovered(Map<String, Session> store, Map<String, Session> savedBefore, int cut, String description,
                        List<Violation> out) {
        // nothing unknown, and the order of what is there
        for (Session session : store.values()) {
            if (!sessionRecords.containsKey(session.id())) {
                out.add(new Violation("UNKNOWN_SESSION", description, session.id()));
                continue;
            }
            int previous = -1;
            String previousId = null;
            for (Message m : session.messages()) {
                Integer order = messageOrder.get(m.id());
                boolean ours = order != null && (userMessages.containsKey(m.id())
                        ? userMessages.get(m.id()).sessionId().equals(session.id())
                        : streams.get(m.id()).session.equals(session.id()));
                if (!ours) {
                    out.add(new Violation("UNKNOWN_MESSAGE", description, m.id() + " in " + session.id()));
                    continue;
                }
                if (order < previous) {
                    out.add(new Violation("ORDER", description, "in session " + session.id() + ", " + m.id()
                            + " comes after " + previousId + " but was sent before it; recovered order: "
                            + session.messages().stream().map(Message::id).toList()));
                    break; // once per session
                }
                previous = Math.max(previous, order);
                previousId = m.id();
            }
        }
        // sessions and user messages
        sessionRecords.forEach((id, records) -> {
            boolean required = records.stream().anyMatch(r -> forced(r, cut));
            if (required && !store.containsKey(id)) {
                out.add(new Violation("SESSION_LOST", description, "session " + id + " has forced records "
                        + "but is not in the recovered store"));
            }
        });
        for (JournalRecord.UserMessage u : userMessages.values()) {
            Message m = message(store, u.sessionId(), u.messageId());
            if (m == null) {
                if (forced(u, cut)) {
                    out.add(new Violation("MESSAGE_LOST", description, "forced user message " + u.messageId()
                            + " is missing"));
                }
            } else if (m.role() != Role.USER || !m.text().equals(u.text())) {
                out.add(new Violation("MESSAGE_CHANGED", description, u.messageId() + " came back as " + m));
            }
        }
        // replies
        for (StreamLog stream : streams.values()) {
            Message m = message(store, stream.session, stream.id);
            if (m == null) {
                if (forced(stream.start, cut)) {
                    out.add(new Violation("REPLY_LOST", description, "the start of " + stream.id
                            + " was forced but the reply is missing"));
                }
                continue;
            }
            checkReply(stream, m, cut, description, out);
        }
        // a session file that was on disk keeps its messages as they were
        savedBefore.forEach((id, saved) -> {
            Session now = store.get(id);
            for (Message m : saved.messages()) {
                Message kept = now == null ? null : now.message(m.id()).orElse(null);
                if (!m.equals(kept)) {
                    out.add(new Violation("STORE_MESSAGE_CHANGED", description, "session file " + id
                            + " held " + m + " but recovery left " + kept));
                }
            }
        });
    }

    private void checkReply(StreamLog stream, Message m, int cut, String description, List<Violation> out) {
        List<Integer> pieces = split(m.text(), stream);
        if (m.role() != Role.ASSISTANT) {
            out.add(new Violation("REPLY_CHANGED", description, stream.id + " came back as " + m));
        }
        if (pieces == null) {
            out.add(new Violation("REPLY_TEXT_FOREIGN", description, "the text of " + stream.id
                    + " is not made of its pieces in order: " + abbreviate(m.text())));
            return;
        }
        int mustHave = forcedPieces(stream, cut);
        for (int i = 0; i < mustHave; i++) {
            if (!pieces.contains(i)) {
                out.add(new Violation("FORCED_TEXT_LOST", description, stream.id + " lost piece " + (i + 1)
                        + " of " + stream.pieces.size() + ", which was forced (" + mustHave
                        + " forced); recovered pieces " + oneBased(pieces)));
                break;
            }
        }
        boolean prefix = true;
        for (int i = 0; i < pieces.size(); i++) {
            prefix &= pieces.get(i) == i;
        }
        if (!prefix && !m.gap()) {
            out.add(new Violation("GAP_NOT_FLAGGED", description, stream.id + " came back with pieces "
                    + oneBased(pieces) + " and no gap flag"));
        }
        if (stream.end != null && forced(stream.end, cut)) {
            if (m.status() != stream.end.status()) {
                out.add(new Violation("END_LOST", description, "the end of " + stream.id + " (" + stream.end.status()
                        + ") was forced but the reply came back " + m.status() + " / " + m.detail()));
            }
            if (!m.text().equals(stream.fullText())) {
                out.add(new Violation("FORCED_TEXT_LOST", description, stream.id + " ended and was forced, but"
                        + " came back with pieces " + oneBased(pieces) + " of " + stream.pieces.size()));
            }
        } else {
            Set<MessageStatus> allowed = stream.end == null ? Set.of(MessageStatus.RECOVERED)
                    : Set.of(MessageStatus.RECOVERED, stream.end.status());
            if (!allowed.contains(m.status())) {
                out.add(new Violation("WRONG_STATUS", description, stream.id + " came back " + m.status()
                        + "; allowed " + allowed));
            }
        }
    }

    private static Message message(Map<String, Session> store, String session, String id) {
        Session s = store.get(session);
        return s == null ? null : s.message(id).orElse(null);
    }

    /**
     * Splits a recovered text into the stream's pieces (0-based indexes, increasing), or null when
     * it is not a concatenation of pieces in order. Each piece starts with a marker no other
     * piece holds, so at most one piece can match at any place.
     */
    static List<Integer> split(String text, List<String> pieces) {
        List<Integer> out = new ArrayList<>();
        int at = 0;
        int next = 0;
        while (at < text.length()) {
            int found = -1;
            for (int j = next; j < pieces.size(); j++) {
                if (text.startsWith(pieces.get(j), at)) {
                    found = j;
                    break;
                }
            }
            if (found < 0) {
                return null;
            }
            out.add(found);
            at += pieces.get(found).length();
            next = found + 1;
        }
        return out;
    }

    private static List<Integer> split(String text, StreamLog stream) {
        return split(text, stream.pieces.stream().map(JournalRecord.TextDelta::text).toList());
    }

    private static List<Integer> oneBased(List<Integer> pieces) {
        return pieces.stream().map(i -> i + 1).toList();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    // ------------------------------------------------------------------ for the checker's own tests

    /** The expected final state after the whole run (all appended, everything forced). */
    Map<String, List<String>> expectedMessageIds() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (TracedRun.Appended a : appended) {
            if (a.record() instanceof JournalRecord.UserMessage u) {
                out.computeIfAbsent(u.sessionId(), k -> new ArrayList<>()).add(u.messageId());
            } else if (a.record() instanceof JournalRecord.StreamStarted s) {
                out.computeIfAbsent(s.sessionId(), k -> new ArrayList<>()).add(s.streamId());
            }
        }
        return out;
    }

    /** How many forces made only text durable (group commit by the timer or a rotation). */
    int textOnlyForces() {
        int count = 0;
        boolean sawText = false;
        boolean sawOther = false;
        JournalDecoder decoder = new JournalDecoder();
        for (Trace.Op op : ops) {
            if (op instanceof Trace.Write w && isSegment(w.path())) {
                for (JournalRecord r : records(decoder, w.bytes())) {
                    sawText |= r instanceof JournalRecord.TextDelta;
                    sawOther |= !(r instanceof JournalRecord.TextDelta);
                }
            } else if (op instanceof Trace.Force f && isSegment(f.path())) {
                if (sawText && !sawOther) {
                    count++;
                }
                sawText = false;
                sawOther = false;
            }
        }
        return count;
    }

    /**
     * Records of a stream the writer wrote out of sequence order (in the trace, before any
     * crash): recovery takes a piece that comes after a later one for a duplicate and drops it.
     */
    List<String> writtenOutOfOrder() {
        JournalDecoder decoder = new JournalDecoder();
        Map<String, Long> next = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof Trace.Write w && isSegment(w.path())) {
                for (JournalRecord r : records(decoder, w.bytes())) {
                    if (r instanceof JournalRecord.StreamStarted s) {
                        next.put(s.streamId(), 1L);
                    } else if (r instanceof JournalRecord.StreamRecord sr && next.containsKey(sr.streamId())) {
                        long expected = next.get(sr.streamId());
                        if (sr.seq() != expected) {
                            out.add("#" + i + " " + w + ": " + sr.streamId() + " seq " + sr.seq()
                                    + (sr.through() != sr.seq() ? ".." + sr.through() : "") + " where " + expected
                                    + " was due");
                        }
                        next.put(sr.streamId(), Math.max(expected, sr.through() + 1));
                    }
                }
            }
        }
        return out;
    }

    /** How many written text records stand for several appended pieces (coalesced). */
    int coalescedRecords() {
        JournalDecoder decoder = new JournalDecoder();
        int count = 0;
        for (Trace.Op op : ops) {
            if (op instanceof Trace.Write w && isSegment(w.path())) {
                for (JournalRecord r : records(decoder, w.bytes())) {
                    if (r instanceof JournalRecord.TextDelta t && t.through() > t.seq()) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** How many writes to a segment carried more than one record. */
    int multiRecordWrites() {
        JournalDecoder decoder = new JournalDecoder();
        int count = 0;
        for (Trace.Op op : ops) {
            if (op instanceof Trace.Write w && isSegment(w.path()) && records(decoder, w.bytes()).size() > 1) {
                count++;
            }
        }
        return count;
    }

    private static List<JournalRecord> records(JournalDecoder decoder, byte[] bytes) {
        List<JournalRecord> out = new ArrayList<>();
        int lineStart = 0;
        for (int k = 0; k < bytes.length; k++) {
            if (bytes[k] == '\n') {
                if (decoder.decode(bytes, lineStart, k) instanceof JournalDecoder.Decoded.Valid v) {
                    out.add(v.record());
                }
                lineStart = k + 1;
            }
        }
        return out;
    }

    /** The index of the force that made a record durable, for tests of the checker. */
    int forceOf(JournalRecord record) {
        return forcedBy.getOrDefault(keys(record).get(0), Integer.MAX_VALUE);
    }

    List<TracedRun.Appended> appended() {
        return appended;
    }

    TracedRun run() {
        return run;
    }
}
