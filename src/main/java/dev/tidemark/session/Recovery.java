package dev.tidemark.session;

import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallAccumulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds the journal into the session store at startup. Every user message and every reply the
 * journal holds ends up in its session: a reply whose stream has a start and no end (the app died
 * while it streamed) becomes a {@link MessageStatus#RECOVERED} message with what reached the
 * journal — text, reasoning and tool calls — and an end record is journaled for it so the next
 * start does not recover it again. See {@code docs/recovery.md}.
 *
 * <p>Idempotent: messages are matched by id, and nothing the store already holds is changed.
 * Never throws on what the journal holds: records it cannot place are reported and handed back
 * for quarantine.
 */
public final class Recovery {

    /** One reply brought back. */
    public record RecoveredReply(String sessionId, String messageId, int characters, boolean gap) {
    }

    /**
     * A tool call found started and never finished (it may have run), now interrupted (journal format 5).
     *
     * @param tool the MCP tool's own name (or the name the model called, when not known)
     */
    public record InterruptedCall(String sessionId, String messageId, String callId, String tool) {
    }

    /**
     * A recovered reply the service may still be generating (journal format 6): its stream was a
     * background run and the journal holds the service's response id. The owner carries it forward
     * in the journal (a {@code carried} start, the reply so far, its {@code stream.remote}) until a
     * re-attach ends it or it is older than {@link #REATTACH_WINDOW}; the session store holds it as a
     * {@code recovered} message meanwhile. See {@code docs/recovery.md}.
     *
     * @param provider   the provider id its stream started with
     * @param model      the model name
     * @param api        {@code "responses"} (the only API that re-attaches today)
     * @param baseUrl    where its request went
     * @param responseId the service's id for it
     * @param after      the service's sequence number of the last event whose piece the journal holds
     *                   ({@code starting_after}); -1 when it holds none
     * @param lastSeq    the journal sequence number of the carried stream's last record: a re-attach
     *                   journals its records from {@code lastSeq + 1}
     * @param startedAt  when the reply first started
     * @param message    the reply as recovered (text, reasoning and tool calls so far; status recovered)
     */
    public record Reattachable(String sessionId, String messageId, String provider, String model, String api,
                               String baseUrl, String responseId, long after, long lastSeq, Instant startedAt,
                               Message message) {
    }

    /** How long after its start a background reply is still carried forward for re-attaching. */
    public static final java.time.Duration REATTACH_WINDOW = java.time.Duration.ofHours(24);

    /**
     * What recovery did.
     *
     * @param recovered  orphaned streams turned into recovered replies (only by the owner of the data directory)
     * @param interrupted orphaned streams found, recovered or not (a reader sees them still streaming)
     * @param restored   messages that were in the journal but missing from the store (recovered ones included)
     * @param problems   damaged lines, duplicates and records that could not be placed, in words
     * @param unplaced   valid records that belong to no known stream or session, to keep aside
     * @param interruptedCalls tool calls started and never finished, made interrupted (only by the owner)
     * @param reattachable recovered replies the service may still be generating, carried forward in the
     *                     journal (only by the owner)
     */
    public record Report(List<RecoveredReply> recovered, List<RecoveredReply> interrupted, int restored,
                         List<String> problems, List<JournalRecord> unplaced, List<InterruptedCall> interruptedCalls,
                         List<Reattachable> reattachable) {
        public Report {
            recovered = List.copyOf(recovered);
            interrupted = List.copyOf(interrupted);
            problems = List.copyOf(problems);
            unplaced = List.copyOf(unplaced);
            interruptedCalls = interruptedCalls == null ? List.of() : List.copyOf(interruptedCalls);
            reattachable = reattachable == null ? List.of() : List.copyOf(reattachable);
        }

        public Report(List<RecoveredReply> recovered, List<RecoveredReply> interrupted, int restored,
                      List<String> problems, List<JournalRecord> unplaced, List<InterruptedCall> interruptedCalls) {
            this(recovered, interrupted, restored, problems, unplaced, interruptedCalls, List.of());
        }

        public Report(List<RecoveredReply> recovered, List<RecoveredReply> interrupted, int restored,
                      List<String> problems, List<JournalRecord> unplaced) {
            this(recovered, interrupted, restored, problems, unplaced, List.of());
        }

        public static Report nothing() {
            return new Report(List.of(), List.of(), 0, List.of(), List.of());
        }
    }

    /** What the stream was producing last, for saying where a recovered reply stopped. */
    private enum Last { NOTHING, TEXT, REASONING, TOOL_CALL }

    /**
     * A stream as the journal tells it; mutable only inside {@link #fold}. Its pieces are put
     * together only for a reply the store lacks: most replies in the journal are already saved.
     */
    private static final class StreamTrace {
        final JournalRecord.StreamStarted start;
        final List<JournalRecord.StreamRecord> pieces = new ArrayList<>(); // deltas, in order
        String lastToolName = "";
        Last last = Last.NOTHING;
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
        final List<Object> entries = new ArrayList<>(); // UserMessage, StreamTrace or BranchChosen, in journal order
        final Set<String> deleted = new HashSet<>();
        JournalRecord.SessionRenamed renamed;   // the last of each, or null
        JournalRecord.SessionPinned pinned;
        JournalRecord.SessionTrashed trashed;

        SessionTrace(String id) {
            this.id = id;
        }
    }

    /** The fold's result. */
    private record Fold(Map<String, SessionTrace> sessions, List<String> problems, List<JournalRecord> unplaced,
                        JournaledAttachments attachments, JournaledToolCalls toolCalls) {
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
        Fold fold = fold(scan.records());
        List<RecoveredReply> recovered = new ArrayList<>();
        List<RecoveredReply> interrupted = new ArrayList<>();
        List<InterruptedCall> interruptedCalls = new ArrayList<>();
        int restored = 0;
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        for (SessionTrace trace : fold.sessions().values()) {
            if (!SessionStore.isSafeId(trace.id)) {
                problems.add("a session id in the journal is not one Tidemark writes ('" + trace.id
                        + "'); its records are left alone");
                continue;
            }
            Session session = store.get(trace.id).orElse(null);
            boolean changed = false;
            if (session == null && trace.created == null
                    && trace.entries.stream().allMatch(e -> e instanceof JournalRecord.BranchChosen)) {
                continue; // only changes to a session that is gone (removed from the trash for good)
            }
            if (session == null) {
                Instant created = trace.created != null ? trace.created.at() : firstInstant(trace, now);
                session = Session.empty(trace.id, titleOf(trace, fold.attachments()), created);
                changed = true;
            }
            String previousId = null;
            List<JournalRecord.StreamEnded> ends = new ArrayList<>();
            if (!trace.deleted.isEmpty()) {
                Session without = session.without(trace.deleted, now); // deletions the store had not saved
                changed |= without != session;
                session = without;
            }
            for (Object entry : trace.entries) {
                if (entry instanceof JournalRecord.BranchChosen chosen) {
                    Session switched = session.withActive(chosen.messageId()); // a message since deleted: no change
                    changed |= !switched.equals(session);
                    session = switched;
                    continue;
                }
                String id = idOf(entry);
                if (trace.deleted.contains(id)) {
                    if (entry instanceof StreamTrace stream && stream.end == null && journal.isPresent()) {
                        ends.add(new JournalRecord.StreamEnded(stream.start.streamId(), stream.lastSeq + 1,
                                MessageStatus.STOPPED, "Deleted.", now));
                    }
                    continue; // the user deleted it: never bring it back
                }
                boolean orphan = entry instanceof StreamTrace stream && stream.end == null;
                boolean missing = !session.hasMessage(id);
                String parent = parentOf(entry);
                if (!orphan && !missing) {
                    previousId = id;
                    if (entry instanceof JournalRecord.UserMessage user) { // files the session file lacks
                        Session withFiles = withJournaledFiles(session, user, fold.attachments());
                        changed |= withFiles != session;
                        session = withFiles;
                    }
                    if (parent != null && !(entry instanceof StreamTrace && session.isCompared(parent))) {
                        // a new message (version) made its path the active one: replayed in journal order,
                        // with the switches between them, the path ends as the last change left it (but a
                        // reply of a compared question made nothing active: the first asked stays chosen)
                        Session active = session.withActive(id);
                        changed |= !active.equals(session);
                        session = active;
                    }
                    continue; // saved already: its text is not put together
                }
                Message message = entry instanceof JournalRecord.UserMessage user ? fold.attachments().message(user)
                        : toMessage((StreamTrace) entry, journal.isPresent(), now);
                if (entry instanceof JournalRecord.UserMessage user && missing
                        && JournaledAttachments.problem(trace.id, user, message) != null) {
                    problems.add(JournaledAttachments.problem(trace.id, user, message));
                }
                if (orphan) {
                    interrupted.add(new RecoveredReply(trace.id, message.id(), message.text().length(), message.gap()));
                }
                if (missing) {
                    // at its place in the tree when the journal names it (its parent, earlier versions
                    // untouched); else after its predecessor in the journal; with none there (its session
                    // began before the checkpoint), after everything the store holds
                    session = parent != null && (parent.isEmpty() || session.hasMessage(parent))
                            ? session.withChild(parent.isEmpty() ? null : parent, message, message.createdAt())
                            : previousId == null ? session.withMessage(message, message.createdAt())
                            : session.withMessageAfter(previousId, message, message.createdAt());
                    if (entry instanceof JournalRecord.UserMessage user && user.compared()) {
                        // sent to several models: their replies, placed below it next, keep the order asked in
                        session = session.withCompared(user.messageId());
                    }
                    restored++;
                    changed = true;
                    if (orphan && journal.isPresent()) {
                        recovered.add(new RecoveredReply(trace.id, message.id(), message.text().length(),
                                message.gap()));
                    }
                }
                if (orphan && journal.isPresent()) {
                    StreamTrace stream = (StreamTrace) entry;
                    ends.add(new JournalRecord.StreamEnded(stream.start.streamId(), stream.lastSeq + 1,
                            MessageStatus.RECOVERED, message.detail(), now));
                }
                previousId = message.id();
            }
            List<dev.tidemark.journal.ToolLedger.Finished> closings = new ArrayList<>();
            Session withCalls = fold.toolCalls().apply(session, journal.isPresent(), now, closings, interruptedCalls,
                    problems);
            changed |= withCalls != session;
            Session meta = withJournaledChanges(withCalls, trace);
            changed |= meta != session;
            session = meta;
            // the store first, then the journal: once an end is journaled, a checkpoint may drop the
            // segments holding the reply, so the store must already hold it
            if (changed) {
                store.put(session);
            }
            ends.forEach(end -> journal.get().append(end));
            closings.forEach(closing -> journal.get().append(closing)); // so the next start does not close them again
        }
        scan.problems().forEach(p -> problems.add(p.toString()));
        problems.addAll(fold.problems());
        List<JournalRecord> unplaced = unplacedAndNotInStore(fold.unplaced(), store);
        if (!unplaced.isEmpty()) {
            problems.add(unplaced.size() + " journal records belong to replies whose start is missing;"
                    + " they are kept in the journal's quarantine folder");
        }
        return new Report(recovered, interrupted, restored, problems, unplaced, interruptedCalls);
    }

    /**
     * Records whose stream start is not in the scanned journal are usually the tail of a reply that
     * began in a segment already checkpointed: the store holds that reply, and they are no problem.
     * Only the others (their start line was damaged) are kept aside. Rare, so a scan of the store
     * per such stream is fine.
     */
    private static List<JournalRecord> unplacedAndNotInStore(List<JournalRecord> unplaced, SessionStore store) {
        if (unplaced.isEmpty()) {
            return unplaced;
        }
        Map<String, Boolean> known = new java.util.HashMap<>();
        List<JournalRecord> left = new ArrayList<>();
        for (JournalRecord record : unplaced) {
            String stream = ((JournalRecord.StreamRecord) record).streamId();
            if (!known.computeIfAbsent(stream, id -> store.findMessage(id).isPresent())) {
                left.add(record);
            }
        }
        return left;
    }

    private static Fold fold(List<JournalRecord> records) {
        Map<String, SessionTrace> sessions = new LinkedHashMap<>();
        Map<String, StreamTrace> streams = new LinkedHashMap<>();
        Set<String> userMessages = new HashSet<>();
        List<String> problems = new ArrayList<>();
        List<JournalRecord> unplaced = new ArrayList<>();
        JournaledAttachments attachments = new JournaledAttachments();
        JournaledToolCalls toolCalls = new JournaledToolCalls();
        // A reply journaled again after its segment was lost (ChatService.journalAgain) may have a
        // piece written just before its start is written again; the re-journaled snapshot carries
        // that piece too, so such an early piece is superseded, not orphaned.
        Set<String> startedSomewhere = new HashSet<>();
        for (JournalRecord record : records) {
            if (record instanceof JournalRecord.StreamStarted start) {
                startedSomewhere.add(start.streamId());
            }
        }
        for (JournalRecord record : records) {
            if (record instanceof JournalRecord.SessionCreated created) {
                SessionTrace trace = sessions.computeIfAbsent(created.sessionId(), SessionTrace::new);
                if (trace.created == null) {
                    trace.created = created;
                }
            } else if (record instanceof JournalRecord.BranchChosen chosen) {
                sessions.computeIfAbsent(chosen.sessionId(), SessionTrace::new).entries.add(chosen);
            } else if (record instanceof JournalRecord.SessionRenamed renamed) {
                sessions.computeIfAbsent(renamed.sessionId(), SessionTrace::new).renamed = renamed;
            } else if (record instanceof JournalRecord.SessionPinned pinned) {
                sessions.computeIfAbsent(pinned.sessionId(), SessionTrace::new).pinned = pinned;
            } else if (record instanceof JournalRecord.SessionTrashed trashed) {
                sessions.computeIfAbsent(trashed.sessionId(), SessionTrace::new).trashed = trashed;
            } else if (record instanceof JournalRecord.MessageDeleted deletion) {
                sessions.computeIfAbsent(deletion.sessionId(), SessionTrace::new).deleted.add(deletion.messageId());
            } else if (record instanceof JournalRecord.UserMessage user) {
                if (userMessages.add(user.messageId())) {
                    sessions.computeIfAbsent(user.sessionId(), SessionTrace::new).entries.add(user);
                } else {
                    problems.add("duplicate record of message " + user.messageId() + " ignored");
                }
            } else if (record instanceof JournalRecord.AttachmentStored stored) {
                attachments.add(stored);
            } else if (record instanceof JournalRecord.ToolRecord call) {
                sessions.computeIfAbsent(call.sessionId(), SessionTrace::new);
                toolCalls.add(call);
            } else if (record instanceof JournalRecord.StreamStarted start) {
                if (!streams.containsKey(start.streamId())) {
                    StreamTrace stream = new StreamTrace(start);
                    streams.put(start.streamId(), stream);
                    sessions.computeIfAbsent(start.sessionId(), SessionTrace::new).entries.add(stream);
                } else {
                    problems.add("duplicate start of reply " + start.streamId() + " ignored");
                }
            } else if (record instanceof JournalRecord.StreamRecord inStream) {
                StreamTrace stream = streams.get(inStream.streamId());
                if (stream == null && startedSomewhere.contains(inStream.streamId())) {
                    continue; // before its start was journaled again: the snapshot after that start covers it
                }
                if (stream == null) {
                    unplaced.add(record);
                } else if (stream.end != null || inStream.seq() <= stream.lastSeq) {
                    problems.add("duplicate or late record " + inStream.seq() + " of reply " + inStream.streamId()
                            + " ignored");
                } else {
                    addToStream(stream, inStream);
                }
            }
        }
        return new Fold(sessions, problems, unplaced, attachments, toolCalls);
    }

    private static void addToStream(StreamTrace stream, JournalRecord.StreamRecord record) {
        if (record instanceof JournalRecord.StreamEnded end) {
            stream.gap |= end.seq() != stream.lastSeq + 1;
            stream.end = end;
            stream.lastSeq = end.seq();
            return;
        }
        stream.gap |= record.seq() != stream.lastSeq + 1;
        stream.lastSeq = record.through();
        stream.pieces.add(record);
        if (record instanceof JournalRecord.TextDelta) {
            stream.last = Last.TEXT;
        } else if (record instanceof JournalRecord.ReasoningDelta) {
            stream.last = Last.REASONING;
        } else if (record instanceof JournalRecord.ToolCallDelta c) {
            if (c.name() != null && !c.name().isEmpty()) {
                stream.lastToolName = c.name();
            }
            stream.last = Last.TOOL_CALL;
        }
    }

    /** The renames, pins and moves to or from the trash the session file may not have yet (the last of each). */
    private static Session withJournaledChanges(Session session, SessionTrace trace) {
        Session out = session;
        if (trace.renamed != null && !trace.renamed.title().equals(out.title())) {
            out = out.withTitle(trace.renamed.title(), out.updatedAt());
        }
        if (trace.pinned != null && trace.pinned.pinned() != out.pinned()) {
            out = out.withPinned(trace.pinned.pinned());
        }
        if (trace.trashed != null && trace.trashed.trashed() != out.inTrash()) {
            out = out.withDeletedAt(trace.trashed.trashed() ? trace.trashed.at() : null);
        }
        return out;
    }

    /** The parent the journal names for a message ("" for a first message), or null when it names none. */
    private static String parentOf(Object entry) {
        return entry instanceof JournalRecord.UserMessage user ? user.parentId()
                : ((StreamTrace) entry).start.parentId();
    }

    private static String idOf(Object entry) {
        return entry instanceof JournalRecord.UserMessage user ? user.messageId()
                : ((StreamTrace) entry).start.streamId();
    }

    /**
     * A message the session file holds without the files the journal gives it (saved by a build
     * that did not write attachments): given them. Otherwise the file's list stands.
     */
    private static Session withJournaledFiles(Session session, JournalRecord.UserMessage user,
                                              JournaledAttachments attachments) {
        Message saved = session.message(user.messageId()).orElse(null);
        if (saved == null || user.attachments() == 0 || !saved.attachments().isEmpty()) {
            return session;
        }
        List<dev.tidemark.model.Attachment> files = attachments.of(user);
        return files.isEmpty() ? session : session.withMessage(saved.withAttachments(files), saved.createdAt());
    }

    private static Message toMessage(StreamTrace stream, boolean owner, Instant now) {
        MessageStatus status;
        String detail;
        if (stream.end != null) {
            status = stream.end.status();
            detail = stream.end.detail();
            if (stream.gap) {
                detail = (detail == null ? "" : detail + " ") + "Part of this reply was damaged on disk and is missing.";
            }
        } else if (owner) {
            status = MessageStatus.RECOVERED;
            detail = "Tidemark stopped " + where(stream) + "; what had arrived was recovered from the journal at "
                    + now + "." + (stream.gap ? " Part of the reply is missing." : "");
        } else {
            status = MessageStatus.STREAMING;
            detail = "Still streaming in another Tidemark window.";
        }
        String model = stream.start.model() == null ? stream.start.provider()
                : stream.start.provider() + "/" + stream.start.model();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ToolCallAccumulator tools = new ToolCallAccumulator();
        for (JournalRecord.StreamRecord piece : stream.pieces) {
            if (piece instanceof JournalRecord.TextDelta t) {
                text.append(t.text());
            } else if (piece instanceof JournalRecord.ReasoningDelta r) {
                reasoning.append(r.text());
            } else if (piece instanceof JournalRecord.ToolCallDelta c) {
                tools.add(c.index(), c.callId(), c.name(), c.arguments());
            }
        }
        List<ToolCall> calls = tools.calls();
        return new Message(stream.start.streamId(), Role.ASSISTANT, text.toString(), status,
                stream.start.at(), model, detail, reasoning.toString(), calls, stream.gap,
                stream.end != null ? stream.end.stats() : null);
    }

    private static String where(StreamTrace stream) {
        return switch (stream.last) {
            case NOTHING -> "before any of this reply arrived";
            case TEXT -> "while this reply was streaming";
            case REASONING -> "while the model was still reasoning, before its answer";
            case TOOL_CALL -> "while the model was writing a tool call"
                    + (stream.lastToolName.isEmpty() ? "" : " (" + stream.lastToolName + ")")
                    + ", whose arguments may be incomplete";
        };
    }

    private static String titleOf(SessionTrace trace, JournaledAttachments attachments) {
        for (Object entry : trace.entries) {
            if (entry instanceof JournalRecord.UserMessage user) {
                return SessionTitles.fromFirstMessage(attachments.message(user));
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
