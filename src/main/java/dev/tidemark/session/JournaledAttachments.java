package dev.tidemark.session;

import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code attachment.stored} records of a journal, by message: what {@link Recovery} gives a
 * user message it puts back (journal format 4). A message whose {@code user.message} says it has
 * more files than the journal holds records for (a damaged line was set aside) keeps those found,
 * marked as having a gap, its {@code detail} saying how many are missing.
 */
final class JournaledAttachments {

    /** The first record of each index, by message id (a message journaled again repeats them). */
    private final Map<String, TreeMap<Integer, JournalRecord.AttachmentStored>> byMessage = new HashMap<>();

    void add(JournalRecord.AttachmentStored record) {
        byMessage.computeIfAbsent(record.messageId(), id -> new TreeMap<>()).putIfAbsent(record.index(), record);
    }

    /** The files of this message the journal holds, in order (of the first {@code attachments} indexes only). */
    List<Attachment> of(JournalRecord.UserMessage user) {
        List<Attachment> files = new ArrayList<>();
        byMessage.getOrDefault(user.messageId(), new TreeMap<>()).headMap(user.attachments()).values()
                .forEach(r -> files.add(r.attachment()));
        return files;
    }

    /** The message as the journal tells it, with its files, and a gap when some of their records are missing. */
    Message message(JournalRecord.UserMessage user) {
        List<Attachment> files = of(user);
        int missing = user.attachments() - files.size();
        if (missing == 0) {
            return Message.user(user.messageId(), user.text(), user.at(), files);
        }
        String detail = "Only " + files.size() + " of the " + user.attachments() + " files attached to this message"
                + " could be recovered: the journal's record of " + (missing == 1 ? "the other" : "the " + missing
                + " others") + " was damaged on disk.";
        return new Message(user.messageId(), Role.USER, user.text(), MessageStatus.COMPLETE, user.at(), null, detail,
                "", List.of(), true, ReplyStats.NONE, null, files);
    }

    /** Words for the recovery report when a message put back lacks some of its files, else null. */
    static String problem(String sessionId, JournalRecord.UserMessage user, Message recovered) {
        int missing = user.attachments() - recovered.attachments().size();
        return missing <= 0 ? null : "message " + user.messageId() + " in session " + sessionId + " was recovered with "
                + recovered.attachments().size() + " of its " + user.attachments() + " attached files: the journal"
                + " records of the others were damaged";
    }
}
