package dev.tidemark.chat;

import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
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
     * version) with text, recovered and stopped replies included.
     */
    static List<ChatRequest.Turn> context(List<Message> path) {
        List<ChatRequest.Turn> turns = new ArrayList<>();
        for (Message m : path) {
            if (m.role() == Role.USER || !m.text().isBlank()) {
                turns.add(new ChatRequest.Turn(m.role(), m.text()));
            }
        }
        return turns;
    }

    static JournalRecord toRecord(String streamId, long seq, StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta t) {
            return new JournalRecord.TextDelta(streamId, seq, t.text());
        }
        if (event instanceof StreamEvent.ReasoningDelta r) {
            return new JournalRecord.ReasoningDelta(streamId, seq, r.text());
        }
        StreamEvent.ToolCallDelta c = (StreamEvent.ToolCallDelta) event;
        return new JournalRecord.ToolCallDelta(streamId, seq, c.index(), c.id(), c.name(), c.argumentsDelta());
    }
}
