package dev.tidemark.session;

import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalScan;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Folds the journal into the session store at startup. Every user message and every reply the
 * journal holds ends up in its session: a reply whose stream has a start and no end (the app died
 * while it streamed) becomes a {@link MessageStatus#RECOVERED} message with what reached the
 * journal — text, reasoning and tool calls — and an end record is journaled for it so the next
 * start does not recover it again; a background reply the service may still be generating is
 * carried forward in the journal instead, for a re-attach ({@link CarriedReplies}). See
 * {@code docs/recovery.md}.
 *
 * <p>Idempotent: messages are matched by id, and nothing the store already holds is changed (but a
 * carried reply's {@code recovered} message, which the journal's copy may have grown past).
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

    private final Clock clock;
    private final List<CompletableFuture<Void>> copies = new ArrayList<>();

    public Recovery(Clock clock) {
        this.clock = clock;
    }

    /**
     * Completes once every reply the last {@link #apply} carried forward is on disk (its copy's
     * {@code stream.remote}, a barrier, was forced). Until then the segments holding the earlier
     * records of those replies must not be checkpointed: the copy is all that would be left.
     */
    public CompletableFuture<Void> carriedOnDisk() {
        return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new));
    }

    /**
     * Applies the journal to the store. With a journal appender (the owner of the data directory),
     * orphaned streams are recovered and closed in the journal. Without one (a second process
     * reading while the owner lives), nothing is written and orphaned streams are shown as still
     * streaming.
     */
    public Report apply(JournalScan scan, SessionStore store, Optional<JournalAppender> journal) {
        JournalFold fold = JournalFold.of(scan.records());
        List<RecoveredReply> recovered = new ArrayList<>();
        List<RecoveredReply> interrupted = new ArrayList<>();
        List<InterruptedCall> interruptedCalls = new ArrayList<>();
        List<Reattachable> reattachable = new ArrayList<>();
        copies.clear();
        int restored = 0;
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        for (JournalFold.SessionTrace trace : fold.sessions().values()) {
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
            List<JournalRecord> ends = new ArrayList<>(); // end records, and the copies of replies carried forward
            Map<String, CarriedReplies.Step> carried = new LinkedHashMap<>();
            boolean trashed = trace.trashed != null ? trace.trashed.trashed() : session.inTrash();
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
                StreamTrace stream = entry instanceof StreamTrace s ? s : null;
                boolean orphan = stream != null && stream.end == null;
                boolean missing = !session.hasMessage(id);
                String parent = parentOf(entry);
                // a background reply the service may still be generating: carried forward, or ended with why
                CarriedReplies.Step step = orphan && journal.isPresent() && stream.reattachable()
                        ? CarriedReplies.step(stream, session.message(id).orElse(null), trashed, now) : null;
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
                        : step != null ? step.message() : stream.toMessage(journal.isPresent(), now);
                if (entry instanceof JournalRecord.UserMessage user && missing
                        && JournaledAttachments.problem(trace.id, user, message) != null) {
                    problems.add(JournaledAttachments.problem(trace.id, user, message));
                }
                if (orphan && (missing || !stream.carried())) { // a carried one was recovered at an earlier start
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
                } else if (step != null && CarriedReplies.replaces(session.message(id).orElseThrow(), step)) {
                    session = session.withMessage(message, message.createdAt()); // the journal holds more, or why
                    changed = true;
                }
                if (step != null) {
                    ends.addAll(step.records());
                    if (step.carried()) {
                        carried.put(id, step);
                    }
                } else if (orphan && journal.isPresent()) {
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
            for (JournalRecord end : ends) {
                CompletableFuture<Void> written = journal.get().append(end);
                if (end instanceof JournalRecord.StreamRemote) {
                    copies.add(written); // a barrier, the copy's last record
                }
            }
            for (Map.Entry<String, CarriedReplies.Step> c : carried.entrySet()) {
                StreamTrace stream = (StreamTrace) trace.entries.stream()
                        .filter(e -> e instanceof StreamTrace t && t.start.streamId().equals(c.getKey()))
                        .findFirst().orElseThrow();
                reattachable.add(CarriedReplies.reattachable(stream, trace.id,
                        session.message(c.getKey()).orElse(c.getValue().message()), c.getValue().lastSeq()));
            }
            closings.forEach(closing -> journal.get().append(closing)); // so the next start does not close them again
        }
        scan.problems().forEach(p -> problems.add(p.toString()));
        problems.addAll(fold.problems());
        List<JournalRecord> unplaced = unplacedAndNotInStore(fold.unplaced(), store);
        if (!unplaced.isEmpty()) {
            problems.add(unplaced.size() + " journal records belong to replies whose start is missing;"
                    + " they are kept in the journal's quarantine folder");
        }
        return new Report(recovered, interrupted, restored, problems, unplaced, interruptedCalls, reattachable);
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

    /** The renames, pins and moves to or from the trash the session file may not have yet (the last of each). */
    private static Session withJournaledChanges(Session session, JournalFold.SessionTrace trace) {
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

    private static String titleOf(JournalFold.SessionTrace trace, JournaledAttachments attachments) {
        for (Object entry : trace.entries) {
            if (entry instanceof JournalRecord.UserMessage user) {
                return SessionTitles.fromFirstMessage(attachments.message(user));
            }
        }
        return trace.created != null ? trace.created.title() : SessionTitles.UNTITLED;
    }

    private static Instant firstInstant(JournalFold.SessionTrace trace, Instant fallback) {
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
