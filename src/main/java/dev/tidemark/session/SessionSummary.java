package dev.tidemark.session;

import dev.tidemark.model.Message;
import dev.tidemark.model.Session;

import java.time.Instant;
import java.util.List;

/**
 * What the session list shows of a session, kept in the index ({@code sessions/index.json}) so
 * that the list needs no session file.
 *
 * @param preview   the start of the last message, on one line
 * @param deletedAt when it went to the trash, or null
 * @param format    the format of its file (0 for one not saved yet)
 * @param damaged   its file could not be read whole: what could be read is shown, read-only
 * @param problem   why it is read-only (damaged, or written by a newer Tidemark), or null
 */
public record SessionSummary(String id, String title, Instant createdAt, Instant updatedAt, int messageCount,
                             String preview, boolean pinned, Instant deletedAt, int format, boolean damaged,
                             String problem) {

    static final int PREVIEW_LENGTH = 120;

    /** The summary of a session read whole (or held in memory). */
    public static SessionSummary of(Session session, int format) {
        return new SessionSummary(session.id(), session.title(), session.createdAt(), session.updatedAt(),
                session.messages().size(), preview(session.messages()), session.pinned(), session.deletedAt(), format,
                false, null);
    }

    /** A session whose file is damaged or newer than this app: only what could be read. */
    static SessionSummary readOnly(Session readable, String fileName, int format, boolean damaged, String problem,
                                   Instant fileTime) {
        if (readable == null) {
            return new SessionSummary(fileName.substring(0, fileName.length() - ".json".length()),
                    "Damaged: " + fileName, fileTime, fileTime, 0, "", false, null, format, damaged, problem);
        }
        return new SessionSummary(readable.id(), readable.title(), readable.createdAt(), readable.updatedAt(),
                readable.messages().size(), preview(readable.messages()), readable.pinned(), readable.deletedAt(),
                format, damaged, problem);
    }

    /** Shown, but never changed by this app: its file is damaged or newer than this app. */
    public boolean readOnly() {
        return damaged || format > SessionCodec.FORMAT_VERSION;
    }

    public boolean inTrash() {
        return deletedAt != null;
    }

    static String preview(List<Message> messages) {
        if (messages.isEmpty()) {
            return "";
        }
        String last = messages.get(messages.size() - 1).text();
        String text = last.substring(0, Math.min(last.length(), 4 * PREVIEW_LENGTH)).strip().replaceAll("\\s+", " ");
        return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 1).stripTrailing() + "…";
    }
}
