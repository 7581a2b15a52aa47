package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.session.SessionIndex.Entry;
import dev.tidemark.session.SessionIndex.FileStamp;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every session as the list shows it ({@link SessionSummary}), what each file holds as the index
 * will say it, and which files are never written (damaged, or of a newer format). Filled when the
 * store opens: from the index, reading only the files it does not describe (or describes with
 * another size or time); with no usable index, from every file. Thread-safe.
 */
final class SessionListing {

    /** How much older than the index a session file must be for its index entry to be trusted unread. */
    private static final long TRUSTED_BEFORE_INDEX_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Path dir;
    private final SessionFiles files;
    private final SessionIndex index;
    private final boolean writable;
    private final Consumer<Problem> problems;
    private final SessionCodec codec = new SessionCodec();
    private final Map<String, SessionSummary> summaries = new ConcurrentHashMap<>(); // every session, as listed
    private final Map<String, Entry> indexed = new ConcurrentHashMap<>(); // what each file holds
    private final Set<String> damagedFiles = ConcurrentHashMap.newKeySet(); // files that could not be read whole
    private final Set<String> newerFiles = ConcurrentHashMap.newKeySet(); // files of a newer format
    private volatile boolean indexStale; // the index file lags behind what the files hold

    SessionListing(Path dir, SessionFiles files, SessionIndex index, boolean writable, Consumer<Problem> problems) {
        this.dir = dir;
        this.files = files;
        this.index = index;
        this.writable = writable;
        this.problems = problems;
    }

    /** Lists the folder; the owner also removes saves cut short. */
    void load() throws IOException {
        // Read before the index itself: a session file changed after this moment is caught either way.
        long indexWritten = index.writtenNanos();
        Map<String, Entry> known = readIndex();
        if (!known.isEmpty() && index.formatRead() < SessionIndex.ATTACHMENTS_FORMAT) {
            // an index before format 3 does not say which attachments each file refers to: every
            // file is read once (after the upgrade, never again) and the index written anew
            known = Map.of();
            indexStale = true;
        }
        int matched = 0;
        for (Path file : files.list(dir, "")) {
            String name = file.getFileName().toString();
            if (name.endsWith(".tmp") || name.endsWith(".migrating")) {
                leftOver(file, name);
                continue;
            }
            if (!name.endsWith(".json") || name.equals(SessionIndex.FILE_NAME)) {
                continue;
            }
            String id = name.substring(0, name.length() - ".json".length());
            if (!SessionStore.isSafeId(id)) {
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = files.attributes(file);
            } catch (NoSuchFileException gone) {
                continue;
            }
            if (!attributes.isRegularFile()) {
                continue;
            }
            FileStamp stamp = FileStamp.of(attributes);
            Entry entry = known.get(id);
            // Size and time alone can miss a change: file times tick coarsely (a few ms on ext4,
            // 2 s on FAT), and a save of the same size within one tick looks unchanged. So an
            // entry is trusted only for a file last written well before the index was.
            if (entry != null && entry.stamp().equals(stamp)
                    && stamp.mtimeNanos() < indexWritten - TRUSTED_BEFORE_INDEX_NANOS) {
                matched++;
                accept(id, entry);
            } else {
                read(id, file, stamp);
                indexStale = true;
            }
        }
        if (matched != known.size()) {
            indexStale = true; // entries whose file is gone
        }
        if (!known.isEmpty() && index.formatRead() < SessionIndex.FORMAT) {
            indexStale = true; // an older index format: the owner writes it again in the current one
        }
    }

    /** The index's entries, or none when there is no usable index (missing, unreadable, unknown version). */
    private Map<String, Entry> readIndex() {
        try {
            return index.read().orElseGet(Map::of);
        } catch (SessionIndex.Unreadable e) {
            if (writable) {
                problems.accept(new Problem.Note(Area.SESSIONS, "The session index (sessions/" + SessionIndex.FILE_NAME
                        + ") could not be read; it is rebuilt from the session files."));
            }
            return Map.of();
        }
    }

    private void leftOver(Path file, String name) throws IOException {
        if (writable) {
            files.delete(file); // a save cut short; the file it was replacing is whole
        } else if (name.endsWith(".json.tmp")) {
            problems.accept(new Problem.Note(Area.SESSIONS, "Unfinished save left behind: " + name
                    + " (the session file itself is intact; the next start removes it)."));
        }
    }

    private void accept(String id, Entry entry) {
        indexed.put(id, entry);
        summaries.put(id, entry.summary());
        noteReadOnly(id, entry.summary());
    }

    /** Reads one file whole into the list, or as far as it can be read. */
    private void read(String id, Path file, FileStamp stamp) {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = files.read(file);
        } catch (IOException e) {
            SessionSummary summary = SessionSummary.readOnly(null, name, -1, true, IoProblems.describe(e),
                    Instant.EPOCH);
            summaries.put(id, summary);
            noteReadOnly(id, summary);
            return; // not in the index: tried again at the next start
        }
        SessionSummary summary;
        java.util.Set<String> attachments = null; // not known unless the file reads whole
        try {
            SessionCodec.Decoded decoded = codec.decodeFile(bytes);
            if (!decoded.session().id().equals(id)) {
                throw new SessionCodec.UnreadableSession("it names another session ('" + decoded.session().id()
                        + "') than its file name", null);
            }
            summary = SessionSummary.of(decoded.session(), decoded.format());
            attachments = SessionIndex.attachmentsOf(decoded.session());
        } catch (IOException e) {
            summary = partly(id, name, bytes, stamp, e);
        }
        summaries.put(id, summary);
        indexed.put(id, new Entry(summary, stamp, attachments));
        noteReadOnly(id, summary);
    }

    /** The summary of a file that cannot be read whole: what could be read of it, read-only. */
    private SessionSummary partly(String id, String name, byte[] bytes, FileStamp stamp, IOException why) {
        SessionCodec.Partial partial = codec.decodeLeniently(bytes, id);
        boolean newer = why instanceof SessionCodec.NewerFormat;
        SessionSummary summary = SessionSummary.readOnly(partial.session(), name, partial.format(), !newer,
                newer || why instanceof SessionCodec.DamagedAttachments || partial.problem() == null
                        ? why.getMessage() : partial.problem(),
                Instant.ofEpochSecond(0, stamp.mtimeNanos()));
        return summary.id().equals(id) ? summary
                : new SessionSummary(id, summary.title(), summary.createdAt(), summary.updatedAt(),
                        summary.messageCount(), summary.preview(), summary.pinned(), summary.deletedAt(),
                        summary.format(), summary.damaged(), summary.problem());
    }

    private void noteReadOnly(String id, SessionSummary summary) {
        if (summary.format() > SessionCodec.FORMAT_VERSION) {
            newerFiles.add(id);
            problems.accept(new Problem.ReadOnly(Area.SESSIONS, "The chat '" + summary.title() + "' (sessions/" + id
                    + ".json)", "it was written by a newer Tidemark (format " + summary.format() + ")"));
        } else if (summary.damaged()) {
            damagedFiles.add(id);
            problems.accept(new Problem.ReadOnly(Area.SESSIONS, "The chat in sessions/" + id + ".json", "it could not"
                    + " be read whole (" + summary.problem() + "), so its " + summary.messageCount()
                    + " readable messages are shown and the file is left as it is"));
        }
    }

    // ---------------------------------------------------------------------------------------------

    Map<String, SessionSummary> summaries() {
        return summaries;
    }

    SessionSummary summary(String id) {
        return summaries.get(id);
    }

    /** The session as it is listed now (held in memory, saved or not). */
    void list(SessionSummary summary) {
        summaries.put(summary.id(), summary);
    }

    /**
     * Its file now holds this (a save or a migration went through): for the index. The list may
     * already show a later change, whose own save follows.
     */
    void written(SessionSummary summary, FileStamp stamp, java.util.Set<String> attachments) {
        indexed.put(summary.id(), new Entry(summary, stamp, attachments));
        indexStale = true;
    }

    /** Every attachment hash the session files refer to, as the index says (entries re-checked at open). */
    java.util.Set<String> attachmentsOfFiles() {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (Entry entry : indexed.values()) {
            if (entry.attachments() != null) {
                all.addAll(entry.attachments());
            }
        }
        return all;
    }

    /**
     * The chats whose files' attachments are not known (damaged, of a newer format, unreadable):
     * while there is one, no attachment may be deleted. Their titles, for a note.
     */
    java.util.List<String> attachmentsUnknown() {
        java.util.List<String> unknown = new java.util.ArrayList<>();
        for (SessionSummary s : summaries.values()) {
            Entry entry = indexed.get(s.id());
            if (damagedFiles.contains(s.id()) || newerFiles.contains(s.id())
                    || (entry != null && entry.attachments() == null)) {
                unknown.add("'" + s.title() + "' (" + s.id() + ")");
            }
        }
        java.util.Collections.sort(unknown);
        return unknown;
    }

    /** Its file is gone for good. */
    void removed(String id) {
        summaries.remove(id);
        indexed.remove(id);
        indexStale = true;
    }

    /**
     * Reads every session file again for the index (fsck --repair): each entry from its file, none
     * for a file that is gone. What the list shows is left as it is.
     */
    void rereadFiles() throws IOException {
        Set<String> seen = new java.util.HashSet<>();
        for (Path file : files.list(dir, ".json")) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - ".json".length());
            if (name.equals(SessionIndex.FILE_NAME) || !SessionStore.isSafeId(id)) {
                continue;
            }
            try {
                FileStamp stamp = FileStamp.of(files.attributes(file));
                byte[] bytes = files.read(file);
                try {
                    SessionCodec.Decoded decoded = codec.decodeFile(bytes);
                    indexed.put(id, new Entry(SessionSummary.of(decoded.session(), decoded.format()), stamp,
                            SessionIndex.attachmentsOf(decoded.session())));
                } catch (IOException e) {
                    indexed.put(id, new Entry(partly(id, name, bytes, stamp, e), stamp, null));
                }
                seen.add(id);
            } catch (NoSuchFileException gone) {
                // removed meanwhile
            }
        }
        indexed.keySet().retainAll(seen);
        indexStale = true;
    }

    /** What the index says the file of this session holds, or null. */
    Entry entry(String id) {
        return indexed.get(id);
    }

    Collection<Entry> indexEntries() {
        return indexed.values();
    }

    /** Of a newer format: never written, whatever changes in memory. */
    boolean isNewerFile(String id) {
        return newerFiles.contains(id);
    }

    boolean isDamagedFile(String id) {
        return damagedFiles.contains(id);
    }

    /** Its damaged file was moved aside: the next save writes a whole one. */
    void damagedFileSetAside(String id) {
        damagedFiles.remove(id);
    }

    boolean indexStale() {
        return indexStale;
    }

    /** Takes the stale flag, for a write of the index; {@link #indexWriteFailed} puts it back. */
    boolean takeIndexStale() {
        boolean stale = indexStale;
        indexStale = false;
        return stale;
    }

    void indexWriteFailed() {
        indexStale = true;
    }
}
