package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The sessions, one JSON file each under {@code sessions/}, listed from an index
 * ({@code sessions/index.json}) so that opening the store reads no session file: the list comes
 * from the index, and a session's messages are read when it is asked for ({@link #get}) and kept in
 * a small cache. Sessions changed and not saved yet stay in memory until their save is done.
 *
 * <p>Updates are atomic in memory and saved by the store's own thread (temp file, force, rename,
 * force directory), so no caller waits on the disk; several updates of one session before its save
 * runs are written once. The index is written by the same thread, a moment after the saves it
 * describes; it says only what the files hold, with each file's size and modification time, so an
 * index left behind by a crash is caught at the next start and its stale entries read again from
 * the files. See {@code docs/session-format.md}.
 *
 * <p>The work is shared out: {@link SessionListing} (the list, filled from the {@link SessionIndex}),
 * {@link SessionCache} (sessions in memory), {@link SessionSaver} (the store's thread),
 * {@link FormatMigration} and {@link Trash}; every file is reached through {@link SessionFiles}.
 *
 * <p>A file that cannot be read whole is listed (what could be read of it, flagged damaged) and
 * never written over; a file from a newer Tidemark is listed read-only and never written.
 */
public final class SessionStore implements AutoCloseable {

    public static final String DIRECTORY = "sessions";
    public static final String INDEX = SessionIndex.FILE_NAME;
    public static final int INDEX_FORMAT = SessionIndex.FORMAT;
    /** Where the files of format 1 are kept after migrating them. */
    public static final String BACKUP_V1 = FormatMigration.BACKUPS;
    /** Where the files of format 2 are kept after migrating them (to the current format). */
    public static final String BACKUP_V2 = FormatMigration.backupsOf(2);
    /** Where the files of format 3 are kept after migrating them to format 4. */
    public static final String BACKUP_V3 = FormatMigration.backupsOf(3);
    static final String MIGRATION_MARKER = FormatMigration.MARKER;
    /** How long a session stays in the trash, and how long migrated files' backups are kept. */
    public static final Duration KEPT = Duration.ofDays(30);
    static final int CACHE_SIZE = SessionCache.SIZE;

    private static final Comparator<SessionSummary> NEWEST_FIRST =
            Comparator.comparing(SessionSummary::updatedAt).reversed().thenComparing(SessionSummary::id);

    private final Path dir;
    private final boolean writable;
    private final Clock clock;
    private final SessionFiles files;
    private final Consumer<Problem> problems;
    private final SessionCodec codec = new SessionCodec();
    private final List<Consumer<Session>> listeners = new CopyOnWriteArrayList<>();
    private final SessionListing listing;
    private final Trash trash;
    private final AttachmentCleanup attachmentCleanup;
    private final DamagedFiles damaged;
    private final Object lock = new Object();
    private final SessionCache cache = new SessionCache(); // guarded by lock
    private final SessionSaver saver;
    private final FormatMigration migration;
    private volatile JournalAppender journal = record -> CompletableFuture.completedFuture(null);

    private SessionStore(Path dir, boolean writable, Consumer<Problem> problems, Clock clock, SessionFiles files) {
        this.dir = dir;
        this.writable = writable;
        this.problems = problems;
        this.clock = clock;
        this.files = files;
        SessionIndex index = new SessionIndex(dir, files);
        this.listing = new SessionListing(dir, files, index, writable, problems);
        this.attachmentCleanup = new AttachmentCleanup(dir.getParent(), problems);
        this.trash = new Trash(dir, files, listing, clock, problems, attachmentCleanup);
        this.damaged = new DamagedFiles(dir, files, listing, clock);
        this.saver = new SessionSaver(dir, files, listing, index, cache, lock, problems);
        this.migration = new FormatMigration(dir, files, listing, clock, problems);
    }

    public static SessionStore open(Path dataDir, boolean writable, Consumer<Problem> problems) throws IOException {
        return open(dataDir, writable, problems, Clock.systemUTC());
    }

    public static SessionStore open(Path dataDir, boolean writable, Consumer<Problem> problems, Clock clock)
            throws IOException {
        return open(dataDir, writable, problems, clock, SessionFiles.disk());
    }

    /**
     * Lists the sessions from the index, reading only the files the index does not describe (or
     * describes with another size or time); with no usable index, reads every file and writes a new
     * index. The owner also empties the trash of sessions older than {@link #KEPT} and drops
     * migration backups past their time; it migrates a file of an older format only when that
     * session is first read or written, never all at start. A file that cannot be read
     * is reported and left untouched on disk.
     *
     * @param writable false for a process that does not own the data directory: nothing is written
     * @param files    every file access of the store goes through it, now and later
     */
    public static SessionStore open(Path dataDir, boolean writable, Consumer<Problem> problems, Clock clock,
                                    SessionFiles files) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        if (writable) {
            files.createDirectory(dir);
        }
        SessionStore store = new SessionStore(dir, writable, problems, clock, files);
        if (isDirectory(files, dir)) {
            store.listing.load();
            if (writable) {
                store.trash.emptyExpired();
                store.migration.dropOldBackups();
                if (store.listing.indexStale()) {
                    store.saver.writeIndexSoon();
                }
            }
        }
        return store;
    }

    private static boolean isDirectory(SessionFiles files, Path dir) {
        try {
            return files.attributes(dir).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    /** Ids become file names: letters, digits, '-' and '_' only, so no id can point outside the folder. */
    public static boolean isSafeId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        // a plain loop, not a stream: called twice per session at every start (index entry and file name)
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    /** The sessions not in the trash, most recently updated first. Reads no file. */
    public List<SessionSummary> summaries() {
        return listing.summaries().values().stream().filter(s -> !s.inTrash()).sorted(NEWEST_FIRST).toList();
    }

    /** The sessions in the trash, most recently deleted first. */
    public List<SessionSummary> trash() {
        return trash.list();
    }

    public Optional<SessionSummary> summary(String id) {
        return Optional.ofNullable(id == null ? null : listing.summary(id));
    }

    /**
     * The session with this id, its messages read from its file when it is not in memory (a
     * damaged file gives what could be read of it). Reads a file: not for the FX thread.
     */
    public Optional<Session> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        synchronized (lock) {
            return Optional.ofNullable(inMemoryOrLoad(id));
        }
    }

    /**
     * Keeps the session in memory once it has been read (by {@link #get}), until {@link #letGo}: a
     * chat on screen, or one a reply streams into, is then worked on without reading its file again
     * however many other sessions are read meanwhile. Calls are counted; no file is touched.
     */
    public void keepInMemory(String id) {
        cache.keep(id); // without the lock: a file read under it must not hold up the FX thread
    }

    /** Undoes one {@link #keepInMemory}. No file is touched. */
    public void letGo(String id) {
        cache.letGo(id);
    }

    /**
     * The session holding a message with this id, if any. Looks in memory first, then through the
     * files from the most recently updated, reading each only if its bytes hold the id, and keeping
     * none in memory. The journal's records of a reply carry only its id; recovery asks this for
     * the rare reply whose start record was already checkpointed, which is nearly always in one of
     * the newest sessions.
     */
    public Optional<Session> findMessage(String messageId) {
        List<SessionSummary> order;
        synchronized (lock) {
            Optional<Session> inMemory = cache.holding(messageId);
            if (inMemory.isPresent()) {
                return inMemory;
            }
            order = listing.summaries().values().stream().filter(s -> !cache.contains(s.id()))
                    .sorted(NEWEST_FIRST).toList();
        }
        byte[] needle = ("\"" + messageId + "\"").getBytes(StandardCharsets.UTF_8);
        for (SessionSummary summary : order) {
            try {
                byte[] bytes = files.read(file(summary.id()));
                if (SessionJson.contains(bytes, needle)) {
                    Session session = decodeAny(summary.id(), bytes);
                    if (session != null && session.hasMessage(messageId)) {
                        return Optional.of(session);
                    }
                }
            } catch (IOException e) {
                // gone or unreadable: not there
            }
        }
        return Optional.empty();
    }

    public boolean isWritable() {
        return writable;
    }

    /** Every attachment hash a session file (as the index says) or an unsaved session refers to. */
    public Set<String> attachmentsReferenced() {
        synchronized (lock) { // the files' first: a save moves a session from memory to its file in that order
            Set<String> all = listing.attachmentsOfFiles();
            cache.unsavedSessions().forEach(s -> all.addAll(SessionIndex.attachmentsOf(s)));
            return all;
        }
    }

    /** Reads every session file again and writes the index anew (the owner's fsck --repair). */
    public void rebuildIndex() throws IOException {
        if (writable) {
            listing.rereadFiles();
            saver.writeIndexSoon();
        }
    }

    /** The chats ('title' (id)) whose attachments are not known: damaged files, or of a newer format. */
    public List<String> attachmentsUnknown() {
        return listing.attachmentsUnknown();
    }

    /**
     * Deletes the attachments of chats emptied from the trash that nothing refers to any more (the
     * owner, after recovery; {@link AttachmentCleanup}); those of {@code journalSessions} are kept.
     */
    public Set<String> deleteAttachmentsOfEmptiedChats(Set<String> journalSessions) {
        return writable ? attachmentCleanup.deleteUnreferenced(attachmentsReferenced(), attachmentsUnknown(),
                journalSessions) : Set.of();
    }

    // ---------------------------------------------------------------------------------------------
    // changing

    /** Adds or replaces a session. */
    public void put(Session session) {
        if (!isSafeId(session.id())) {
            throw new IllegalArgumentException("'" + session.id() + "' cannot be a session id");
        }
        synchronized (lock) {
            if (cache.get(session.id()) == null && listing.summary(session.id()) != null) {
                inMemoryOrLoad(session.id()); // an older file is migrated (its backup kept) before it is written over
            }
            holdUnsaved(session);
        }
        changed(session);
    }

    /**
     * Applies {@code change} atomically to the session with that id.
     *
     * @throws IllegalArgumentException when there is no such session
     */
    public Session update(String id, UnaryOperator<Session> change) {
        Session updated;
        synchronized (lock) {
            Session current = inMemoryOrLoad(id);
            if (current == null) {
                throw new IllegalArgumentException("no session " + id);
            }
            updated = change.apply(current);
            holdUnsaved(updated);
        }
        changed(updated);
        return updated;
    }

    /**
     * From now on, renames, pins and moves to and from the trash are journaled (after the change is
     * in the store, as every record): the session file is saved a moment later, and a crash in that
     * moment must not lose them. Set by the owner once its journal is open.
     */
    public void journalTo(JournalAppender appender) {
        this.journal = appender;
    }

    /** Renames a session (its place in the list does not change). */
    public Session rename(String id, String title) {
        String clean = title == null ? "" : title.strip().replaceAll("\\s+", " ");
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("A chat's title cannot be empty.");
        }
        requireChangeable(id);
        Session renamed = update(id, s -> s.withTitle(clean, s.updatedAt()));
        journal.append(new JournalRecord.SessionRenamed(id, clean, clock.instant()));
        return renamed;
    }

    public Session setPinned(String id, boolean pinned) {
        requireChangeable(id);
        Session changed = update(id, s -> s.withPinned(pinned));
        journal.append(new JournalRecord.SessionPinned(id, pinned, clock.instant()));
        return changed;
    }

    /** Moves a session to the trash: hidden from the list, removed for good after {@link #KEPT}. */
    public Session moveToTrash(String id) {
        requireChangeable(id);
        Instant now = clock.instant();
        Session trashed = update(id, s -> s.inTrash() ? s : s.withDeletedAt(now));
        journal.append(new JournalRecord.SessionTrashed(id, true, trashed.deletedAt()));
        return trashed;
    }

    /** Brings a session back from the trash (the Undo of a delete). */
    public Session restore(String id) {
        requireChangeable(id);
        Session restored = update(id, s -> s.withDeletedAt(null));
        journal.append(new JournalRecord.SessionTrashed(id, false, clock.instant()));
        return restored;
    }

    /**
     * Moves a damaged chat's file out of the store, into {@code sessions/damaged/} beside a note
     * (never over another file), and stops listing it. Moves a file: not for the FX thread.
     *
     * @return where the file now is
     * @throws IllegalArgumentException when there is no such session
     * @throws IllegalStateException    when this process cannot write, the chat is not damaged, or its
     *                                  file could not be moved (it then stays listed), in words
     */
    public Path setAsideDamaged(String id) {
        synchronized (lock) {
            SessionSummary summary = listing.summary(id);
            if (summary == null) {
                throw new IllegalArgumentException("There is no chat '" + id + "'.");
            }
            if (!writable) {
                throw new IllegalStateException("Another Tidemark owns this data directory; this one cannot change it.");
            }
            Path aside;
            try {
                aside = damaged.setAside(summary);
            } catch (IOException e) {
                throw new IllegalStateException("Could not set aside the chat '" + summary.title() + "' ("
                        + IoProblems.describe(e) + "); it stays in the list as it was.", e);
            }
            cache.forget(id);
            saver.writeIndexSoon();
            return aside;
        }
    }

    /**
     * @throws IllegalArgumentException when there is no such session
     * @throws IllegalStateException    when it is read-only (damaged, or of a newer format)
     */
    private void requireChangeable(String id) {
        SessionSummary summary = listing.summary(id);
        if (summary == null) {
            throw new IllegalArgumentException("There is no chat '" + id + "'.");
        }
        if (!writable) {
            throw new IllegalStateException("Another Tidemark owns this data directory; this one cannot change it.");
        }
        if (summary.readOnly()) {
            throw new IllegalStateException("The chat '" + summary.title() + "' is read-only: its file "
                    + (summary.damaged() ? "is damaged" : "comes from a newer Tidemark")
                    + ", and Tidemark leaves it as it is.");
        }
    }

    /** Called, on the updating thread, after every change. */
    public void addListener(Consumer<Session> listener) {
        listeners.add(listener);
    }

    /**
     * Completes when every change made before this call is on disk, or exceptionally when a save
     * has failed and is still waiting for its retry.
     */
    public CompletableFuture<Void> flush() {
        return saver.flush();
    }

    @Override
    public void close() {
        if (writable) {
            saver.finishWrites();
        }
        saver.close();
    }

    private void changed(Session session) {
        if (writable) {
            saver.saveSoon(session.id());
        }
        for (Consumer<Session> listener : listeners) {
            listener.accept(session);
        }
    }

    /** Under lock. */
    private void holdUnsaved(Session session) {
        String id = session.id();
        cache.holdUnsaved(session);
        SessionSummary before = listing.summary(id);
        boolean keepFlags = before != null && before.readOnly() && (!writable || listing.isNewerFile(id));
        listing.list(keepFlags
                ? new SessionSummary(id, session.title(), session.createdAt(), session.updatedAt(),
                        session.messages().size(), SessionSummary.preview(session.messages()), session.pinned(),
                        session.deletedAt(), before.format(), before.damaged(), before.problem())
                : SessionSummary.of(session, SessionCodec.FORMAT_VERSION));
    }

    /** Under lock. */
    private Session inMemoryOrLoad(String id) {
        Session session = cache.get(id);
        if (session == null && listing.summary(id) != null) {
            session = load(id);
            if (session != null) {
                cache.remember(session);
            }
        }
        return session;
    }

    /**
     * Under lock: reads a session's file; null when it is gone or nothing of it can be read (it
     * stays listed as damaged, and recovery may rebuild it from the journal under its own title).
     * The owner migrates a file of an older format that reads whole, the first time it reads it.
     */
    private Session load(String id) {
        SessionSummary summary = listing.summary(id);
        try {
            byte[] bytes = files.read(file(id));
            Session session = decodeAny(id, bytes);
            if (session != null && writable && summary != null && !summary.readOnly()
                    && summary.format() < SessionCodec.FORMAT_VERSION) {
                migration.migrate(id, bytes);
            }
            return session;
        } catch (IOException e) {
            if (summary != null && summary.damaged()) {
                return null;
            }
            problems.accept(new Problem.Unreadable(Area.SESSIONS,
                    "the chat '" + (summary == null ? id : summary.title()) + "'", IoProblems.describe(e)));
            return null;
        }
    }

    /** The session in these bytes, read whole, or as far as it can be read; null when nothing can. */
    private Session decodeAny(String id, byte[] bytes) {
        try {
            Session session = codec.decode(bytes);
            return session.id().equals(id) ? session : null;
        } catch (IOException e) {
            return codec.decodeLeniently(bytes, id).session();
        }
    }

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }
}
