package dev.tidemark.history;

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
 */
public record ImportPlan(Path file, String kind, List<String> ids, List<String> notes) {

    public ImportPlan {
        ids = List.copyOf(ids);
        notes = List.copyOf(notes);
    }
}
