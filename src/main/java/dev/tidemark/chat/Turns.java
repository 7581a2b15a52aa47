package dev.tidemark.chat;

import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.provider.ChatRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one turn of {@link ChatService} sends and journals: the context of a request, a stream's records. */
final class Turns {

    private Turns() {
    }

    /** A parent as the journal writes it: "" for a first message. */
    static String journalParent(String parentId) {
        return parentId == null ? "" : parentId;
    }

    /**
     * How a question is journaled: one {@code attachment.stored} per file, in order, then its
     * {@code user.message} saying how many (all barrier records).
     */
    static List<JournalRecord> questionRecords(String sessionId, Message user, boolean compared) {
        List<JournalRecord> records = new ArrayList<>();
        List<Attachment> files = user.attachments();
        for (int i = 0; i < files.size(); i++) {
            records.add(new JournalRecord.AttachmentStored(sessionId, user.id(), i, files.get(i), user.createdAt()));
        }
        records.add(new JournalRecord.UserMessage(sessionId, user.id(), user.text(), user.createdAt(),
                journalParent(user.parentId()), compared, files.size()));
        return records;
    }

    /** The user's message above this one, on the way down to it (on any branch). */
    static Optional<Message> lastUserBefore(Session session, String messageId) {
        List<Message> up = session.pathTo(messageId);
        return up.subList(0, Math.max(0, up.size() - 1)).stream().filter(m -> m.role() == Role.USER)
                .reduce((first, second) -> second);
    }

    /**
     * The context sent to the model: every message of one path of the tree (never another
     * version) with text or with calls the tool loop ran, recovered and stopped replies included.
     * An assistant message's calls that have a state go with it ({@link ChatRequest.Turn#toolCalls}),
     * each with the result the model is told ({@link #toolUse}); calls only shown (no state) are not
     * sent as calls.
     */
    static List<ChatRequest.Turn> context(List<Message> path) {
        List<ChatRequest.Turn> turns = new ArrayList<>();
        for (Message m : path) {
            if (isSent(m)) {
                turns.add(new ChatRequest.Turn(m.role(), m.text(), List.of(), toolUses(m)));
            }
        }
        return turns;
    }

    /** True when {@link #context} sends this message: a user's, or one with text or with calls the loop ran. */
    static boolean isSent(Message m) {
        return m.role() == Role.USER || !m.text().isBlank()
                || m.toolCalls().stream().anyMatch(c -> c.state() != null);
    }

    private static List<ChatRequest.ToolUse> toolUses(Message m) {
        if (m.role() != Role.ASSISTANT) {
            return List.of();
        }
        List<ChatRequest.ToolUse> uses = new ArrayList<>();
        for (ToolCall call : m.toolCalls()) {
            if (call.state() != null) {
                uses.add(toolUse(call));
            }
        }
        return uses;
    }

    /**
     * A call as the model is told it, by its state: done or failed, its result; denied, its result
     * (or {@link ToolLoop#DENIED_RESULT}); interrupted, its result when it has one, else
     * {@link ToolLoop#INTERRUPTED_RESULT}; still requested or running (a new message was sent past
     * it), {@link ToolLoop#NOT_RUN_RESULT}. All but a done call's are errors.
     */
    static ChatRequest.ToolUse toolUse(ToolCall call) {
        ToolResult result = call.result();
        String text = result == null ? "" : result.text();
        String said;
        boolean error;
        switch (call.state()) {
            case DONE, ERROR -> {
                error = result != null ? result.error() : call.state() == ToolCallState.ERROR;
                said = error && text.isBlank() ? "The tool failed without saying why." : text;
            }
            case DENIED -> {
                said = text.isBlank() ? ToolLoop.DENIED_RESULT : text;
                error = true;
            }
            case INTERRUPTED -> {
                said = text.isBlank() ? ToolLoop.INTERRUPTED_RESULT : text;
                error = true;
            }
            default -> { // REQUESTED, RUNNING
                said = ToolLoop.NOT_RUN_RESULT;
                error = true;
            }
        }
        return new ChatRequest.ToolUse(call.id(), call.name(), call.arguments(), said, error);
    }

    static JournalRecord toRecord(String streamId, long seq, StreamEvent event) {
        return toRecord(streamId, seq, event, -1);
    }

    /** @param remoteSeq the service's number of the wire event the piece came from (-1: none said) */
    static JournalRecord toRecord(String streamId, long seq, StreamEvent event, long remoteSeq) {
        if (event instanceof StreamEvent.TextDelta t) {
            return new JournalRecord.TextDelta(streamId, seq, seq, t.text(), remoteSeq);
        }
        if (event instanceof StreamEvent.ReasoningDelta r) {
            return new JournalRecord.ReasoningDelta(streamId, seq, seq, r.text(), remoteSeq);
        }
        StreamEvent.ToolCallDelta c = (StreamEvent.ToolCallDelta) event;
        return new JournalRecord.ToolCallDelta(streamId, seq, c.index(), c.id(), c.name(), c.argumentsDelta(),
                remoteSeq);
    }

    /** The same piece, carrying the service's number {@code remoteSeq}. */
    static JournalRecord withRemoteSeq(JournalRecord piece, long remoteSeq) {
        if (piece instanceof JournalRecord.TextDelta t) {
            return new JournalRecord.TextDelta(t.streamId(), t.seq(), t.through(), t.text(), remoteSeq);
        }
        if (piece instanceof JournalRecord.ReasoningDelta r) {
            return new JournalRecord.ReasoningDelta(r.streamId(), r.seq(), r.through(), r.text(), remoteSeq);
        }
        if (piece instanceof JournalRecord.ToolCallDelta c) {
            return new JournalRecord.ToolCallDelta(c.streamId(), c.seq(), c.index(), c.callId(), c.name(),
                    c.arguments(), remoteSeq);
        }
        return piece;
    }

    /** A provider's origin as the journal's start record says it (null: none, as for the demo). */
    static JournalRecord.Origin origin(dev.tidemark.provider.ChatProvider provider) {
        return provider.origin().map(o -> new JournalRecord.Origin(o.api(), o.baseUrl(), o.background(), false))
                .orElse(null);
    }
}
