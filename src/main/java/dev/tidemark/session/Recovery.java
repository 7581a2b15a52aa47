package dev.tidemark.session;

import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folds the journal into the session store at startup. Every user message and every reply the
 * journal holds ends up in its session: a reply whose stream has a start and no end (the app died
 * while it streamed) becomes a {@link MessageStatus#RECOVERED} message with the text that reached
 * the journal, and an end record is journaled for it so the next start does not recover it again.
 *
 * <p>Idempotent: messages are matched by id, and nothing the store already holds is changed.
 */
public final class Recovery {

    /** One reply brought back. */
    public record RecoveredReply(String sessionId, String messageId, int characters, boolean gap) {
    }

    /**
     * What recovery did.
     *
     * @param recovered    orphaned streams turned into recovered replies
     * @param restored     messages that were in the journal but missing from the store (including recovered ones)
     * @param problems     damaged journal lines, in words
     */
    public record Report(List<RecoveredReply> recovered, int restored, List<String> problems) {
        public static Report nothing() {
            return new Report(List.of(), 0, List.of());
        }
    }

    /** A stream as the journal tells it; mutable only inside {@link #fold}. */
    private static final class StreamTrace {
        final JournalRecord.StreamStarted start;
        final StringBuilder text = new StringBuilder();
        long lastSeq;
        boolean gap;
        JournalRecord.StreamEnded end;

        StreamTrace(JournalRecord.StreamStarted start) {
            this.start = start;
        }
    }

    /** A session as the journal tells it. */
    private static final class SessionTrace {
        final String id;
        JournalRecord.SessionCreated created;
        final List<Object> entries = new ArrayList<>(); // UserMessage or StreamTrace, in journal order

        SessionTrace(String id) {
            this.id = id;
        }
    }

    private final Clock clock;

    public Recovery(Clock clock) {
        this.clock = clock;
    }

    /**
     * Applies the journal to the store. With a journal appender (the owner of the data directory),
     * orphaned streams are recovered and closed in the journal. Without one (a second process
     * reading while the owner lives), nothing is written and orphaned streams are shown as still
     * streaming.
     */
    public Report apply(JournalScan scan, SessionStore store, Optional<JournalAppender> journal) {
        Map<String, SessionTrace> sessions = fold(scan.records());
        List<RecoveredReply> recovered = new ArrayList<>();
        int restored = 0;
        Instant now = clock.instant();
        for (SessionTrace trace : sessions.values()) {
            Session session = store.get(trace.id).orElse(null);
            boolean changed = false;
            if (session == null) {
                Instant created = trace.created != null ? trace.created.at() : firstInstant(trace, now);
                session = Session.empty(trace.id, titleOf(trace), created);
                changed = true;
            }
            String previousId = null;
            for (Object entry : trace.entries) {
                Message message = toMessage(entry, journal.isPresent(), now);
                if (!session.hasMessage(message.id())) {
                    session = session.withMessageAfter(previousId, message, message.createdAt());
                    restored++;
                    changed = true;
                    if (entry instanceof StreamTrace stream && stream.end == null && journal.isPresent()) {
                        recovered.add(new RecoveredReply(trace.id, message.id(), message.text().length(), stream.gap));
                    }
                }
                if (entry instanceof StreamTrace stream && stream.end == null && journal.isPresent()) {
                    journal.get().append(new JournalRecord.StreamEnded(stream.start.streamId(), stream.lastSeq + 1,
                            MessageStatus.RECOVERED, message.detail(), now));
                }
                previousId = message.id();
            }
            if (changed) {
                store.put(session);
            }
        }
        List<String> problems = scan.problems().stream().map(Object::toString).toList();
        return new Report(recovered, restored, problems);
    }

    private static Map<String, SessionTrace> fold(List<JournalRecord> records) {
        Map<String, SessionTrace> sessions = new LinkedHashMap<>();
        Map<String, StreamTrace> streams = new LinkedHashMap<>();
        for (JournalRecord record : records) {
            if (record instanceof JournalRecord.SessionCreated created) {
                sessions.computeIfAbsent(created.sessionId(), SessionTrace::new).created = created;
            } else if (record instanceof JournalRecord.UserMessage user) {
                sessions.computeIfAbsent(user.sessionId(), SessionTrace::new).entries.add(user);
            } else if (record instanceof JournalRecord.StreamStarted start) {
                if (!streams.containsKey(start.streamId())) {
                    StreamTrace stream = new StreamTrace(start);
                    streams.put(start.streamId(), stream);
                    sessions.computeIfAbsent(start.sessionId(), SessionTrace::new).entries.add(stream);
                }
            } else if (record instanceof JournalRecord.TextDelta delta) {
                StreamTrace stream = streams.get(delta.streamId());
                if (stream != null && stream.end == null && delta.seq() > stream.lastSeq) {
                    stream.gap |= delta.seq() != stream.lastSeq + 1;
                    stream.text.append(delta.text());
                    stream.lastSeq = delta.seq();
                }
            } else if (record instanceof JournalRecord.StreamEnded end) {
                StreamTrace stream = streams.get(end.streamId());
                if (stream != null && stream.end == null) {
                    stream.end = end;
                }
            }
        }
        return sessions;
    }

    private static Message toMessage(Object entry, boolean owner, Instant now) {
        if (entry instanceof JournalRecord.UserMessage user) {
            return Message.user(user.messageId(), user.text(), user.at());
        }
        StreamTrace stream = (StreamTrace) entry;
        MessageStatus status;
        String detail;
        if (stream.end != null) {
            status = stream.end.status();
            detail = stream.end.detail();
        } else if (owner) {
            status = MessageStatus.RECOVERED;
            detail = "Tidemark stopped while this reply was streaming; the text that had arrived was recovered "
                    + "from the journal at " + now + (stream.gap ? ". Part of the reply is missing." : ".");
        } else {
            status = MessageStatus.STREAMING;
            detail = "Still streaming in another Tidemark window.";
        }
        String model = stream.start.model() == null ? stream.start.provider()
                : stream.start.provider() + "/" + stream.start.model();
        return new Message(stream.start.streamId(), Role.ASSISTANT, stream.text.toString(), status,
                stream.start.at(), model, detail);
    }

    private static String titleOf(SessionTrace trace) {
        for (Object entry : trace.entries) {
            if (entry instanceof JournalRecord.UserMessage user) {
                return SessionTitles.fromFirstMessage(user.text());
            }
        }
        return trace.created != null ? trace.created.title() : SessionTitles.UNTITLED;
    }

    private static Instant firstInstant(SessionTrace trace, Instant fallback) {
        for (Object entry : trace.entries) {
            if (entry instanceof JournalRecord.UserMessage user) {
                return user.at();
            }
            if (entry instanceof StreamTrace stream) {
                return stream.start.at();
            }
        }
        return fallback;
    }
}
