package dev.tidemark.history;

import dev.tidemark.model.Session;

import java.nio.file.Path;
import java.util.List;

/**
 * A file read and checked in full, ready to add: nothing is added until every session in it is valid.
 *
 * @param file     where it came from
 * @param kind     what it was, in words ("Tidemark export", "ChatGPT export")
 * @param sessions its sessions, in the file's order
 * @param notes    what was left out on the way, in words (images, hidden messages)
 */
public record ImportPlan(Path file, String kind, List<Session> sessions, List<String> notes) {

    public ImportPlan {
        sessions = List.copyOf(sessions);
        notes = List.copyOf(notes);
    }
}
