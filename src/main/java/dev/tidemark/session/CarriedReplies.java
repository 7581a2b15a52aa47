package dev.tidemark.session;

import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ToolCall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the owner's recovery does with a reply the service may still be generating (a background run
 * of the Responses API with its response id in the journal, and no end; journal format 6): it is
 * recovered as any other, and then either <b>carried forward</b> — journaled again as a copy (a
 * {@code carried} start, the reply so far, its {@code stream.remote}) instead of being ended, so that
 * the journal holds it open until a re-attach ends it — or ended as recovered, with the reason in its
 * detail, when it is too old or its chat is in the trash. A session file that already holds it
 * finished (a re-attach saved it, and the app died before its end record) wins. See
 * {@code docs/recovery.md}.
 */
final class CarriedReplies {

    /** Why a reply older than {@link Recovery#REATTACH_WINDOW} is not picked up again. */
    static final String TOO_OLD = "Tidemark could not pick this reply up again: the service keeps background replies"
            + " only for a while, and this one started more than " + Recovery.REATTACH_WINDOW.toHours()
            + " hours ago.";
    /** Why a reply in a chat in the trash is not picked up again. */
    static final String IN_TRASH = "Tidemark did not pick this reply up again: its chat is in the trash.";

    /**
     * What recovery does with one such stream.
     *
     * @param message the reply as the store is to hold it
     * @param records what to journal once the store holds it: the copy, or an end record
     * @param lastSeq the copy's last sequence number, or -1 when the stream is ended instead
     * @param reason  why it is not carried forward, in words (null when it is, or the store wins)
     */
    record Step(Message message, List<JournalRecord> records, long lastSeq, String reason) {
        boolean carried() {
            return lastSeq >= 0;
        }
    }

    private CarriedReplies() {
    }

    /**
     * @param stream  a re-attachable stream ({@link StreamTrace#reattachable()})
     * @param stored  the store's message of that id, or null
     * @param trashed its chat is in the trash
     */
    static Step step(StreamTrace stream, Message stored, boolean trashed, Instant now) {
        String id = stream.start.streamId();
        if (stored != null && finished(stored)) {
            // finished by a re-attach that saved the store and died before journaling its end
            return new Step(stored, List.of(new JournalRecord.StreamEnded(id, stream.lastSeq + 1, stored.status(),
                    stored.detail(), now, stored.stats())), -1, null);
        }
        Message message = stream.toMessage(true, now);
        String reason = trashed ? IN_TRASH
                : stream.start.at().plus(Recovery.REATTACH_WINDOW).isBefore(now) ? TOO_OLD : null;
        if (reason != null) {
            message = message.withStatus(MessageStatus.RECOVERED, message.detail() + " " + reason);
            return new Step(message, List.of(new JournalRecord.StreamEnded(id, stream.lastSeq + 1,
                    MessageStatus.RECOVERED, message.detail(), now)), -1, reason);
        }
        List<JournalRecord> copy = copy(stream, message);
        return new Step(message, copy, ((JournalRecord.StreamRecord) copy.get(copy.size() - 1)).seq(),
                null);
    }

    /**
     * The service has nothing more for it: complete or stopped. An error with its stream left open is
     * a live reply that gave up on its connection, not on the service (the chat engine leaves it so
     * that the next start picks it up again): carried, the store's message kept until a re-attach ends it.
     */
    private static boolean finished(Message stored) {
        return stored.status() == MessageStatus.COMPLETE || stored.status() == MessageStatus.STOPPED;
    }

    /**
     * Whether the store's message gives way to the journal's: a reply the journal carried holds at
     * least what the store has (a re-attach may have added to it before the app died), and one ended
     * now says why in its detail.
     */
    static boolean replaces(Message stored, Step step) {
        if (finished(stored)) {
            return false; // finished: the store wins
        }
        Message journal = step.message();
        boolean sameContent = stored.text().equals(journal.text()) && stored.reasoning().equals(journal.reasoning())
                && stored.toolCalls().equals(journal.toolCalls()) && stored.gap() == journal.gap();
        return !sameContent || step.reason() != null
                && (stored.detail() == null || !stored.detail().endsWith(step.reason()));
    }

    /**
     * The reply journaled again as a new stream of the same id: its start (as it first started,
     * marked {@code carried}), the reply so far as one record each of reasoning, every tool call and
     * text (sequence numbers 1.., the last carrying the service's sequence number the reply reached;
     * a reply with a gap keeps one), and last its {@code stream.remote}, a barrier: once that is
     * forced, the whole copy is on disk.
     */
    static List<JournalRecord> copy(StreamTrace stream, Message message) {
        JournalRecord.StreamStarted start = stream.start;
        String id = start.streamId();
        List<JournalRecord> out = new ArrayList<>();
        out.add(new JournalRecord.StreamStarted(id, start.sessionId(), start.provider(), start.model(), start.at(),
                start.parentId(), start.origin().withCarried(true)));
        long seq = stream.gap ? 2 : 1; // a gap stays a gap: the next start says part of the reply is missing
        List<JournalRecord.StreamDelta> deltas = new ArrayList<>();
        if (!message.reasoning().isEmpty()) {
            deltas.add(new JournalRecord.ReasoningDelta(id, seq, seq, message.reasoning(), -1));
            seq++;
        }
        List<ToolCall> calls = message.toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            deltas.add(new JournalRecord.ToolCallDelta(id, seq, i, call.id(), call.name(), call.arguments(), -1));
            seq++;
        }
        if (!message.text().isEmpty()) {
            deltas.add(new JournalRecord.TextDelta(id, seq, seq, message.text(), -1));
            seq++;
        }
        if (!deltas.isEmpty()) {
            deltas.set(deltas.size() - 1, withRemoteSeq(deltas.get(deltas.size() - 1), stream.after));
        }
        out.addAll(deltas);
        out.add(new JournalRecord.StreamRemote(id, seq, stream.remote.responseId(), stream.remote.at()));
        return out;
    }

    private static JournalRecord.StreamDelta withRemoteSeq(JournalRecord.StreamDelta delta, long remoteSeq) {
        if (delta instanceof JournalRecord.TextDelta t) {
            return new JournalRecord.TextDelta(t.streamId(), t.seq(), t.through(), t.text(), remoteSeq);
        }
        if (delta instanceof JournalRecord.ReasoningDelta r) {
            return new JournalRecord.ReasoningDelta(r.streamId(), r.seq(), r.through(), r.text(), remoteSeq);
        }
        JournalRecord.ToolCallDelta c = (JournalRecord.ToolCallDelta) delta;
        return new JournalRecord.ToolCallDelta(c.streamId(), c.seq(), c.index(), c.callId(), c.name(), c.arguments(),
                remoteSeq);
    }

    /** The report's entry for a reply carried forward, as the store holds it. */
    static Recovery.Reattachable reattachable(StreamTrace stream, String sessionId, Message message, long lastSeq) {
        JournalRecord.StreamStarted start = stream.start;
        return new Recovery.Reattachable(sessionId, start.streamId(), start.provider(), start.model(),
                start.origin().api(), start.origin().baseUrl(), stream.remote.responseId(), stream.after, lastSeq,
                start.at(), message);
    }
}
