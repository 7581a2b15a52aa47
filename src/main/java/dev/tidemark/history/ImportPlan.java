package dev.tidemark.history;

import dev.tidemark.model.Attachment;

import java.nio.file.Path;
import java.util.List;

/**
 * A file read and checked in full, ready to add: nothing is added until every session in it is valid.
 * It holds the sessions' ids, not the sessions: {@link Importer#apply} reads the file again to add them.
 *
 * @param file     where it came from
 * @param kind     what it was, in words ("Tidemark export", "ChatGPT export")
 * @param ids      its sessions' ids, in the file's order
 * @param notes    what was left out on the way, in words (images, hidden messages)
 * @param attachments every file the sessions' messages refer to, once per hash, in the file's order
 * @param attachmentFolder the folder beside the file that holds them under their hashes (a Tidemark
 *                         export written to a file), or null when the file names none
 */
public record ImportPlan(Path file, String kind, List<String> ids, List<String> notes, List<Attachment> attachments,
                         Path attachmentFolder) {

    public ImportPlan {
        ids = List.copyOf(ids);
        notes = List.copyOf(notes);
        attachments = List.copyOf(attachments);
    }

    public ImportPlan(Path file, String kind, List<String> ids, List<String> notes) {
        this(file, kind, ids, notes, List.of(), null);
    }
}
