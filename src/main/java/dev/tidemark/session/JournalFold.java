package dev.tidemark.session;

import dev.tidemark.journal.JournalRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The journal folded into sessions and streams, in journal order: the first step of
 * {@link Recovery} (the state machine in {@code docs/recovery.md}).
 *
 * @param sessions    by id, in the order the journal first names them
 * @param problems    duplicates, in words
 * @param unplaced    records of a stream whose start is not in the journal
 * @param attachments the {@code attachment.stored} records
 * @param toolCalls   the tool ledger
 */
record JournalFold(Map<String, SessionTrace> sessions, List<String> problems, List<JournalRecord> unplaced,
                   JournaledAttachments attachments, JournaledToolCalls toolCalls) {

    /** A session as the journal tells it. */
    static final class SessionTrace {
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

    static JournalFold of(List<JournalRecord> records) {
        Map<String, SessionTrace> sessions = new LinkedHashMap<>();
        Map<String, StreamTrace> streams = new LinkedHashMap<>();
        Set<String> userMessages = new HashSet<>();
        List<String> problems = new ArrayList<>();
        List<JournalRecord> unplaced = new ArrayList<>();
        JournaledAttachments attachments = new JournaledAttachments();
        JournaledToolCalls toolCalls = new JournaledToolCalls();
        // A reply journaled again after its segment was lost (ChatService.journalAgain), or carried
        // forward by recovery after a checkpoint dropped its start, may have pieces before its start
        // is written again; the snapshot after that start carries them too, so such an early piece is
        // superseded, not orphaned.
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
                started(start, streams, sessions, problems);
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
                    stream.add(inStream);
                }
            }
        }
        keepWholeCopies(streams, sessions);
        return new JournalFold(sessions, problems, unplaced, attachments, toolCalls);
    }

    /**
     * A stream's start: a new trace; or, for a {@code carried} start of a stream already traced, a trace
     * that takes the place of the earlier one (the original stream, or an older copy, whose segment a
     * checkpoint had not removed yet); any other second start is a duplicate.
     */
    private static void started(JournalRecord.StreamStarted start, Map<String, StreamTrace> streams,
                                Map<String, SessionTrace> sessions, List<String> problems) {
        StreamTrace earlier = streams.get(start.streamId());
        boolean carried = start.origin() != null && start.origin().carried();
        if (earlier == null) {
            StreamTrace stream = new StreamTrace(start);
            streams.put(start.streamId(), stream);
            sessions.computeIfAbsent(start.sessionId(), SessionTrace::new).entries.add(stream);
        } else if (carried && start.sessionId().equals(earlier.start.sessionId())) {
            StreamTrace copy = new StreamTrace(start);
            copy.replaced = earlier;
            streams.put(start.streamId(), copy);
            List<Object> entries = sessions.get(start.sessionId()).entries;
            entries.set(entries.indexOf(earlier), copy);
        } else {
            problems.add("duplicate start of reply " + start.streamId() + " ignored");
        }
    }

    /**
     * A copy cut short before its {@code stream.remote} (the app died while recovery wrote it) holds
     * less than the trace it replaced, which is still in the journal (the checkpoint waits for the
     * whole copy): that one stands.
     */
    private static void keepWholeCopies(Map<String, StreamTrace> streams, Map<String, SessionTrace> sessions) {
        for (StreamTrace stream : streams.values()) {
            StreamTrace standing = stream;
            while (standing.replaced != null && standing.end == null && standing.remote == null) {
                standing = standing.replaced;
            }
            if (standing != stream) {
                List<Object> entries = sessions.get(stream.start.sessionId()).entries;
                entries.set(entries.indexOf(stream), standing);
            }
        }
    }
}
