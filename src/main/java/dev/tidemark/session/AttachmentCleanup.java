package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.journal.AtomicFiles;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalScan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deletes the attachments of chats emptied from the trash for good, once nothing else refers to
 * them (ADR 10 §4): the trash hands over each removed chat's hashes ({@link #emptied}) after its
 * file is gone; the owner calls {@link #deleteUnreferenced} once the journal was read and recovery
 * applied, so that what the live journal holds is in the store. A hash is deleted only when no
 * remaining session file, no unsaved session and no live-journal record of its chat refers to it;
 * when the attachments of any chat are unknown (a damaged file, or one of a newer format), nothing
 * is deleted. What is not deleted stays as an unreferenced file, for {@code fsck --repair}.
 */
final class AttachmentCleanup {

    private final AttachmentStore attachments;
    private final Consumer<Problem> problems;
    private final Map<String, Set<String>> pending = new TreeMap<>(); // emptied chat → its hashes

    AttachmentCleanup(Path dataDir, Consumer<Problem> problems) {
        this.attachments = new AttachmentStore(dataDir);
        this.problems = problems;
    }

    /**
     * The chats named by the records of a journal scan: every record that has a {@code sessionId}
     * (read as a record component, so that record kinds added later, such as a stored attachment's,
     * count without a change here); null when a record cannot be read so (then every emptied chat's
     * attachments are kept).
     */
    static Set<String> sessionsNamedBy(JournalScan scan) {
        Set<String> ids = new TreeSet<>();
        for (JournalRecord record : scan.records()) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            if (components == null) {
                continue; // stream deltas: named by their stream, whose start names the chat
            }
            for (RecordComponent c : components) {
                if (c.getName().equals("sessionId") && c.getType() == String.class) {
                    try {
                        Object id = c.getAccessor().invoke(record);
                        if (id instanceof String s) {
                            ids.add(s);
                        }
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return ids;
    }

    private static final Pattern SHA256_FIELD = Pattern.compile("\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"");

    /**
     * The hashes named in the damaged files set aside in {@code sessions/damaged/} (by the user, or
     * by recovery as {@code <id>.json.<millis>}), read as text since they may not parse; null when
     * that folder cannot be read (then nothing may be deleted).
     */
    static Set<String> namedBySetAside(Path dataDir) {
        Set<String> hashes = new TreeSet<>();
        Path folder = dataDir.resolve(SessionStore.DIRECTORY).resolve(DamagedFiles.FOLDER);
        if (!Files.isDirectory(folder)) {
            return hashes;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> !p.getFileName().toString().endsWith(DamagedFiles.NOTE_SUFFIX)
                    && Files.isRegularFile(p)).toList()) {
                Matcher m = SHA256_FIELD.matcher(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                while (m.find()) {
                    hashes.add(m.group(1));
                }
            }
        } catch (IOException e) {
            return null;
        }
        return hashes;
    }

    /** A chat's file was removed for good; these are the hashes it referred to. */
    synchronized void emptied(String sessionId, Set<String> hashes) {
        if (!hashes.isEmpty()) {
            pending.computeIfAbsent(sessionId, id -> new TreeSet<>()).addAll(hashes);
        }
    }

    /**
     * Deletes the emptied chats' attachments that nothing refers to any more.
     *
     * @param referenced      every hash the session files and the unsaved sessions refer to
     * @param unknown         the chats whose attachments are not known (then nothing is deleted)
     * @param journalSessions the chats named by a record of the live journal: their hashes are kept
     *                        (null: not known, every hash is kept)
     * @return the hashes deleted
     */
    synchronized Set<String> deleteUnreferenced(Set<String> referenced, List<String> unknown,
                                                Set<String> journalSessions) {
        if (pending.isEmpty()) {
            return Set.of();
        }
        if (journalSessions == null) {
            pending.clear();
            return Set.of();
        }
        Set<String> candidates = new TreeSet<>();
        pending.forEach((id, hashes) -> {
            if (!journalSessions.contains(id)) {
                candidates.addAll(hashes);
            }
        });
        pending.clear();
        candidates.removeAll(referenced);
        Set<String> setAside = namedBySetAside(attachments.directory().getParent());
        if (setAside == null) {
            return Set.of(); // kept: unreferenced files, for fsck --repair
        }
        candidates.removeAll(setAside);
        if (candidates.isEmpty()) {
            return Set.of();
        }
        if (!unknown.isEmpty()) {
            problems.accept(new Problem.Note(Area.SESSIONS, "The attachments of chats emptied from the trash were kept:"
                    + " which attachments " + String.join(", ", unknown) + " refer" + (unknown.size() == 1 ? "s" : "")
                    + " to is not known (a damaged file, or one of a newer Tidemark). 'tidemark fsck --repair' removes"
                    + " them once no chat refers to them."));
            return Set.of();
        }
        Set<String> deleted = new TreeSet<>();
        for (String hash : candidates) {
            try {
                if (Files.deleteIfExists(attachments.path(hash))) {
                    deleted.add(hash);
                }
            } catch (IOException e) {
                problems.accept(new Problem.Note(Area.SESSIONS, "Could not remove an attachment of a chat emptied from"
                        + " the trash (" + AttachmentStore.FOLDER + "/" + hash + ": " + AttachmentStore.reason(e)
                        + "); 'tidemark fsck --repair' removes it later."));
            }
        }
        if (!deleted.isEmpty()) {
            AtomicFiles.forceDirectory(attachments.directory());
        }
        return deleted;
    }
}
