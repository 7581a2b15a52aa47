package dev.tidemark.session;

import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallAccumulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream as the journal tells it; mutable only while {@link JournalFold} reads the journal. Its
 * pieces are put together only for a reply the store lacks (or one carried forward): most replies
 * in the journal are already saved.
 */
final class StreamTrace {

    /** What the stream was producing last, for saying where a recovered reply stopped. */
    private enum Last { NOTHING, TEXT, REASONING, TOOL_CALL }

    final JournalRecord.StreamStarted start;
    final List<JournalRecord.StreamRecord> pieces = new ArrayList<>(); // deltas, in order
    /**
     * The trace this one replaces: the earlier copy of a reply carried forward, or the original
     * stream (null when none). Kept in case this copy was cut short before its {@code stream.remote}.
     */
    StreamTrace replaced;
    JournalRecord.StreamRemote remote;   // the last one, or null
    long after = -1;                     // the highest remoteSeq of its deltas
    private String lastToolName = "";
    private Last last = Last.NOTHING;
    long lastSeq;
    boolean gap;
    JournalRecord.StreamEnded end;

    StreamTrace(JournalRecord.StreamStarted start) {
        this.start = start;
    }

    /** This start was journaled by recovery, carrying forward a reply that waits to be re-attached. */
    boolean carried() {
        return start.origin() != null && start.origin().carried();
    }

    /**
     * The service may still be generating this reply: a background run whose response id the
     * journal holds, and no end (journal format 6).
     */
    boolean reattachable() {
        return end == null && remote != null && start.origin() != null && start.origin().background();
    }

    /** A record of this stream after its start, in journal order (not a duplicate: the fold checked). */
    void add(JournalRecord.StreamRecord record) {
        if (record instanceof JournalRecord.StreamEnded ended) {
            gap |= ended.seq() != lastSeq + 1;
            end = ended;
            lastSeq = ended.seq();
            return;
        }
        gap |= record.seq() != lastSeq + 1;
        lastSeq = record.through();
        if (record instanceof JournalRecord.StreamRemote r) {
            remote = r;
            return;
        }
        if (record instanceof JournalRecord.StreamDelta delta) {
            after = Math.max(after, delta.remoteSeq());
        }
        pieces.add(record);
        if (record instanceof JournalRecord.TextDelta) {
            last = Last.TEXT;
        } else if (record instanceof JournalRecord.ReasoningDelta) {
            last = Last.REASONING;
        } else if (record instanceof JournalRecord.ToolCallDelta c) {
            if (c.name() != null && !c.name().isEmpty()) {
                lastToolName = c.name();
            }
            last = Last.TOOL_CALL;
        }
    }

    /**
     * The reply as a message: with its end's status, or, with no end, recovered (the owner) or
     * still streaming in the owner's process (a reader).
     */
    Message toMessage(boolean owner, Instant now) {
        MessageStatus status;
        String detail;
        if (end != null) {
            status = end.status();
            detail = end.detail();
            if (gap) {
                detail = (detail == null ? "" : detail + " ") + "Part of this reply was damaged on disk and is missing.";
            }
        } else if (owner) {
            status = MessageStatus.RECOVERED;
            detail = "Tidemark stopped " + where() + "; what had arrived was recovered from the journal at "
                    + now + "." + (gap ? " Part of the reply is missing." : "");
        } else {
            status = MessageStatus.STREAMING;
            detail = "Still streaming in another Tidemark window.";
        }
        String model = start.model() == null ? start.provider() : start.provider() + "/" + start.model();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ToolCallAccumulator tools = new ToolCallAccumulator();
        for (JournalRecord.StreamRecord piece : pieces) {
            if (piece instanceof JournalRecord.TextDelta t) {
                text.append(t.text());
            } else if (piece instanceof JournalRecord.ReasoningDelta r) {
                reasoning.append(r.text());
            } else if (piece instanceof JournalRecord.ToolCallDelta c) {
                tools.add(c.index(), c.callId(), c.name(), c.arguments());
            }
        }
        List<ToolCall> calls = tools.calls();
        return new Message(start.streamId(), Role.ASSISTANT, text.toString(), status, start.at(), model, detail,
                reasoning.toString(), calls, gap, end != null ? end.stats() : null);
    }

    private String where() {
        return switch (last) {
            case NOTHING -> "before any of this reply arrived";
            case TEXT -> "while this reply was streaming";
            case REASONING -> "while the model was still reasoning, before its answer";
            case TOOL_CALL -> "while the model was writing a tool call"
                    + (lastToolName.isEmpty() ? "" : " (" + lastToolName + ")") + ", whose arguments may be incomplete";
        };
    }
}
