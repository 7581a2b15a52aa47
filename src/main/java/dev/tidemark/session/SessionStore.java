package dev.tidemark.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.AtomicFiles;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>A file that cannot be read whole is listed (what could be read of it, flagged damaged) and
 * never written over; a file from a newer Tidemark is listed read-only and never written.
 */
public final class SessionStore implements AutoCloseable {

    public static final String DIRECTORY = "sessions";
    public static final String INDEX = "index.json";
    public static final int INDEX_FORMAT = 1;
    /** Where the files of format 1 are kept after migrating them to format 2. */
    public static final String BACKUP_V1 = "backup-v1";
    static final String MIGRATION_MARKER = "migration.json";
    /** How long a session stays in the trash, and how long migrated files' backups are kept. */
    public static final Duration KEPT = Duration.ofDays(30);
    static final int CACHE_SIZE = 32;
    private static final long RETRY_SECONDS = 2;
    /** How long the index waits for more saves before it is written (a kill test shortens it). */
    private static final long INDEX_DELAY_MILLIS = Long.getLong("tidemark.sessions.indexDelayMillis", 200);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = JSON.getFactory();

    /** How much older than the index a session file must be for its index entry to be trusted unread. */
    private static final long TRUSTED_BEFORE_INDEX_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A file's size and modification time: a change of either means the index entry is stale. */
    record FileStamp(long size, long mtimeNanos) {
        static FileStamp of(BasicFileAttributes attributes) {
            return new FileStamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }
    }

    /** What one file holds, as the index keeps it. */
    record IndexEntry(SessionSummary summary, FileStamp stamp) {
    }

    private final Path dir;
    private final boolean writable;
    private final Clock clock;
    private final SessionCodec codec = new SessionCodec();
    private final Consumer<String> problems;
    private final List<Consumer<Session>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService saver;

    private final Object lock = new Object();
    private final Map<String, Session> live = new HashMap<>(); // guarded by lock: changed and not saved yet
    private final LinkedHashMap<String, Session> cache = new LinkedHashMap<>(64, 0.75f, true); // guarded by lock
    private final Map<String, SessionSummary> summaries = new ConcurrentHashMap<>(); // every session, as listed
    private final Map<String, IndexEntry> indexed = new ConcurrentHashMap<>(); // what each file holds
    private final Set<String> damagedFiles = ConcurrentHashMap.newKeySet(); // files that could not be read whole
    private final Set<String> newerFiles = ConcurrentHashMap.newKeySet(); // files of a newer format: never written
    private final Set<String> unsaved = ConcurrentHashMap.newKeySet();
    private final Set<String> failed = ConcurrentHashMap.newKeySet(); // sessions whose last save failed
    private final AtomicBoolean indexScheduled = new AtomicBoolean();
    private volatile boolean indexDirty; // the index file lags behind what the files hold

    private SessionStore(Path dir, boolean writable, Consumer<String> problems, Clock clock) {
        this.dir = dir;
        this.writable = writable;
        this.problems = problems;
        this.clock = clock;
        java.util.concurrent.ScheduledThreadPoolExecutor executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> {
                    Thread t = new Thread(r, "session-store");
                    t.setDaemon(true);
                    return t;
                });
        // at close the waiting index write and retries are done at once instead (see close)
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.saver = executor;
    }

    public static SessionStore open(Path dataDir, boolean writable, Consumer<String> problems) throws IOException {
        return open(dataDir, writable, problems, Clock.systemUTC());
    }

    /**
     * Lists the sessions from the index, reading only the files the index does not describe (or
     * describes with another size or time); with no usable index, reads every file and writes a new
     * index. The owner also migrates files of an older format, empties the trash of sessions older
     * than {@link #KEPT}, and drops migration backups past their time. A file that cannot be read
     * is reported and left untouched on disk.
     *
     * @param writable false for a process that does not own the data directory: nothing is written
     */
    public static SessionStore open(Path dataDir, boolean writable, Consumer<String> problems, Clock clock)
            throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        if (writable) {
            AtomicFiles.createDirectory(dir);
        }
        SessionStore store = new SessionStore(dir, writable, problems, clock);
        if (Files.isDirectory(dir)) {
            store.load();
            if (writable) {
                store.migrate();
                store.emptyTrash();
                store.dropOldBackups();
                if (store.indexDirty) {
                    store.scheduleIndexWrite();
                }
            }
        }
        return store;
    }

    /** Ids become file names: letters, digits, '-' and '_' only, so no id can point outside the folder. */
    public static boolean isSafeId(String id) {
        return id != null && !id.isEmpty() && id.length() <= 64 && id.chars().allMatch(c -> (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    // ---------------------------------------------------------------------------------------------
    // reading

    /** The sessions not in the trash, most recently updated first. Reads no file. */
    public List<SessionSummary> summaries() {
        return summaries.values().stream().filter(s -> !s.inTrash()).sorted(NEWEST_FIRST).toList();
    }

    /** The sessions in the trash, most recently deleted first. */
    public List<SessionSummary> trash() {
        return summaries.values().stream().filter(SessionSummary::inTrash)
                .sorted(Comparator.comparing(SessionSummary::deletedAt).reversed()
                        .thenComparing(SessionSummary::id)).toList();
    }

    public Optional<SessionSummary> summary(String id) {
        return Optional.ofNullable(id == null ? null : summaries.get(id));
    }

    private static final Comparator<SessionSummary> NEWEST_FIRST =
            Comparator.comparing(SessionSummary::updatedAt).reversed().thenComparing(SessionSummary::id);

    /**
     * The session with this id, its messages read from its file when it is not in memory (a
     * damaged file gives what could be read of it). Reads a file: not for the FX thread in a loop.
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
     * The session holding a message with this id, if any. Looks in memory first, then through the
     * files from the most recently updated, reading each only if its bytes hold the id, and keeping
     * none in memory. The journal's records of a reply carry only its id; recovery asks this for
     * the rare reply whose start record was already checkpointed, which is nearly always in one of
     * the newest sessions.
     */
    public Optional<Session> findMessage(String messageId) {
        List<SessionSummary> order;
        synchronized (lock) {
            for (Session s : live.values()) {
                if (s.hasMessage(messageId)) {
                    return Optional.of(s);
                }
            }
            for (Session s : cache.values()) {
                if (s.hasMessage(messageId)) {
                    return Optional.of(s);
                }
            }
            order = summaries.values().stream().filter(s -> !live.containsKey(s.id()) && !cache.containsKey(s.id()))
                    .sorted(NEWEST_FIRST).toList();
        }
        byte[] needle = ("\"" + messageId + "\"").getBytes(StandardCharsets.UTF_8);
        for (SessionSummary summary : order) {
            try {
                byte[] bytes = Files.readAllBytes(file(summary.id()));
                if (contains(bytes, needle)) {
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

    // ---------------------------------------------------------------------------------------------
    // changing

    /** Adds or replaces a session. */
    public void put(Session session) {
        if (!isSafeId(session.id())) {
            throw new IllegalArgumentException("'" + session.id() + "' cannot be a session id");
        }
        synchronized (lock) {
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

    /** Renames a session (its place in the list does not change). */
    public Session rename(String id, String title) {
        String clean = title == null ? "" : title.strip().replaceAll("\\s+", " ");
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("A chat's title cannot be empty.");
        }
        requireChangeable(id);
        return update(id, s -> s.withTitle(clean, s.updatedAt()));
    }

    public Session setPinned(String id, boolean pinned) {
        requireChangeable(id);
        return update(id, s -> s.withPinned(pinned));
    }

    /** Moves a session to the trash: hidden from the list, removed for good after {@link #KEPT}. */
    public Session moveToTrash(String id) {
        requireChangeable(id);
        Instant now = clock.instant();
        return update(id, s -> s.inTrash() ? s : s.withDeletedAt(now));
    }

    /** Brings a session back from the trash (the Undo of a delete). */
    public Session restore(String id) {
        requireChangeable(id);
        return update(id, s -> s.withDeletedAt(null));
    }

    /**
     * @throws IllegalArgumentException when there is no such session
     * @throws IllegalStateException    when it is read-only (damaged, or of a newer format)
     */
    private void requireChangeable(String id) {
        SessionSummary summary = summaries.get(id);
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
        return CompletableFuture.runAsync(() -> {
            if (!failed.isEmpty()) {
                throw new IllegalStateException(failed.size() + " sessions are not saved yet");
            }
        }, saver);
    }

    @Override
    public void close() {
        if (writable) {
            try {
                for (String id : List.copyOf(failed)) {
                    saver.execute(() -> save(id)); // a last try for saves that failed
                }
                saver.execute(this::writeIndexIfDirty);
            } catch (RejectedExecutionException closed) {
                // closed twice
            }
        }
        saver.shutdown(); // delayed tasks (a coalesced index write, retries) are dropped: done just above
        try {
            saver.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void changed(Session session) {
        if (writable && !saver.isShutdown() && unsaved.add(session.id())) {
            try {
                saver.execute(() -> save(session.id()));
            } catch (RejectedExecutionException closing) {
                unsaved.remove(session.id()); // closing: the journal still holds it for the next start
            }
        }
        for (Consumer<Session> listener : listeners) {
            listener.accept(session);
        }
    }

    /** Under lock. */
    private void holdUnsaved(Session session) {
        String id = session.id();
        live.put(id, session);
        cache.remove(id);
        SessionSummary before = summaries.get(id);
        boolean keepFlags = before != null && before.readOnly() && (!writable || newerFiles.contains(id));
        summaries.put(id, keepFlags
                ? new SessionSummary(id, session.title(), session.createdAt(), session.updatedAt(),
                        session.messages().size(), SessionSummary.preview(session.messages()), session.pinned(),
                        session.deletedAt(), before.format(), before.damaged(), before.problem())
                : SessionSummary.of(session, SessionCodec.FORMAT_VERSION));
    }

    /** Under lock. */
    private Session inMemoryOrLoad(String id) {
        Session session = live.get(id);
        if (session == null) {
            session = cache.get(id);
        }
        if (session == null && summaries.containsKey(id)) {
            session = load(id);
            if (session != null) {
                remember(session);
            }
        }
        return session;
    }

    /** Under lock: keeps a read or saved session in the cache, dropping the least recently used. */
    private void remember(Session session) {
        cache.put(session.id(), session);
        Iterator<Session> eldest = cache.values().iterator();
        int excess = cache.size() - CACHE_SIZE;
        while (excess > 0 && eldest.hasNext()) {
            Session s = eldest.next();
            if (!streaming(s)) { // a reply streams into it: keep it at hand
                eldest.remove();
                excess--;
            }
        }
    }

    private static boolean streaming(Session session) {
        for (Message m : session.messages()) {
            if (m.status() == MessageStatus.STREAMING) {
                return true;
            }
        }
        return false;
    }

    /**
     * Under lock: reads a session's file; null when it is gone or nothing of it can be read (it
     * stays listed as damaged, and recovery may rebuild it from the journal under its own title).
     */
    private Session load(String id) {
        SessionSummary summary = summaries.get(id);
        try {
            return decodeAny(id, Files.readAllBytes(file(id)));
        } catch (IOException e) {
            if (summary != null && summary.damaged()) {
                return null;
            }
            problems.accept("Could not read the chat '" + (summary == null ? id : summary.title()) + "' ("
                    + describe(e) + ").");
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

    // ---------------------------------------------------------------------------------------------
    // the store's thread

    /** Moves an unreadable session file aside before a rebuilt session takes its name. Store thread. */
    private void keepDamagedCopy(String id) throws IOException {
        Path file = file(id);
        if (Files.exists(file)) {
            Path aside = dir.resolve("damaged");
            AtomicFiles.createDirectory(aside);
            Path target = aside.resolve(id + ".json." + System.currentTimeMillis());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.forceDirectory(dir);
            problems.accept("The damaged file of session '" + id + "' was rebuilt from the journal; the damaged copy"
                    + " is kept in sessions/damaged/.");
        }
        damagedFiles.remove(id);
    }

    /** Runs on the store thread. */
    private void save(String id) {
        unsaved.remove(id);
        Session session;
        synchronized (lock) {
            session = live.get(id);
        }
        if (session == null) {
            return;
        }
        if (newerFiles.contains(id)) {
            return; // never written over: the change stays in memory (and in the journal) only
        }
        try {
            if (damagedFiles.contains(id)) {
                keepDamagedCopy(id);
            }
            Path file = file(id);
            AtomicFiles.replace(file, codec.encode(session));
            indexed.put(id, new IndexEntry(SessionSummary.of(session, SessionCodec.FORMAT_VERSION), stamp(file)));
            synchronized (lock) {
                if (live.get(id) == session) { // else changed again since: its own save follows
                    live.remove(id);
                    remember(session);
                }
            }
            scheduleIndexWrite();
            if (failed.remove(id) && failed.isEmpty()) {
                problems.accept("Sessions are being saved again.");
            }
        } catch (IOException e) {
            if (failed.isEmpty()) {
                problems.accept("Could not save session '" + session.title() + "' (" + e.getMessage()
                        + "). It is kept in memory and in the journal; Tidemark keeps trying.");
            }
            failed.add(id);
            if (!saver.isShutdown() && unsaved.add(id)) {
                try {
                    saver.schedule(() -> save(id), RETRY_SECONDS, TimeUnit.SECONDS);
                } catch (RejectedExecutionException closing) {
                    unsaved.remove(id); // closing: the journal still holds it for the next start
                }
            }
        }
    }

    /** Asks for the index to be written soon; many asks make one write. */
    private void scheduleIndexWrite() {
        indexDirty = true;
        if (writable && indexScheduled.compareAndSet(false, true)) {
            try {
                saver.schedule(this::writeIndexIfDirty, INDEX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                indexScheduled.set(false);
            }
        }
    }

    /** Store thread. A failure only costs the next start a few more file reads. */
    private void writeIndexIfDirty() {
        indexScheduled.set(false);
        if (!indexDirty) {
            return;
        }
        indexDirty = false;
        try {
            AtomicFiles.replace(dir.resolve(INDEX), encodeIndex(indexed.values()));
        } catch (IOException e) {
            indexDirty = true;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // opening

    private void load() throws IOException {
        // Read before the index itself: a session file changed after this moment is caught either way.
        long indexWritten = indexWrittenNanos();
        Map<String, IndexEntry> known = readIndex();
        boolean rebuild = known == null;
        if (rebuild) {
            known = Map.of();
        }
        int matched = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp") || name.endsWith(".migrating")) {
                    leftOver(file, name);
                    continue;
                }
                if (!name.endsWith(".json") || name.equals(INDEX)) {
                    continue;
                }
                String id = name.substring(0, name.length() - ".json".length());
                if (!isSafeId(id)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                FileStamp stamp = FileStamp.of(attributes);
                IndexEntry entry = known.get(id);
                // Size and time alone can miss a change: file times tick coarsely (a few ms on ext4,
                // 2 s on FAT), and a save of the same size within one tick looks unchanged. So an
                // entry is trusted only for a file last written well before the index was.
                if (entry != null && entry.stamp().equals(stamp)
                        && stamp.mtimeNanos() < indexWritten - TRUSTED_BEFORE_INDEX_NANOS) {
                    matched++;
                    accept(id, entry);
                } else {
                    read(id, file, stamp);
                    indexDirty = true;
                }
            }
        }
        if (matched != known.size()) {
            indexDirty = true; // entries whose file is gone
        }
    }

    private void leftOver(Path file, String name) throws IOException {
        if (writable) {
            Files.deleteIfExists(file); // a save cut short; the file it was replacing is whole
        } else if (name.endsWith(".json.tmp")) {
            problems.accept("Unfinished save left behind: " + name + " (the session file itself is"
                    + " intact; the next start removes it).");
        }
    }

    private void accept(String id, IndexEntry entry) {
        indexed.put(id, entry);
        summaries.put(id, entry.summary());
        noteReadOnly(id, entry.summary());
    }

    /** Reads one file whole into the list, or as far as it can be read. */
    private void read(String id, Path file, FileStamp stamp) {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            SessionSummary summary = SessionSummary.readOnly(null, name, -1, true, describe(e), Instant.EPOCH);
            summaries.put(id, summary);
            noteReadOnly(id, summary);
            return; // not in the index: tried again at the next start
        }
        SessionSummary summary;
        try {
            SessionCodec.Decoded decoded = codec.decodeFile(bytes);
            if (!decoded.session().id().equals(id)) {
                throw new SessionCodec.UnreadableSession("it names another session ('" + decoded.session().id()
                        + "') than its file name", null);
            }
            summary = SessionSummary.of(decoded.session(), decoded.format());
        } catch (IOException e) {
            SessionCodec.Partial partial = codec.decodeLeniently(bytes, id);
            boolean newer = e instanceof SessionCodec.NewerFormat;
            summary = SessionSummary.readOnly(partial.session(), name, partial.format(), !newer,
                    newer ? e.getMessage() : partial.problem() == null ? e.getMessage() : partial.problem(),
                    Instant.ofEpochSecond(0, stamp.mtimeNanos()));
            if (!summary.id().equals(id)) {
                summary = new SessionSummary(id, summary.title(), summary.createdAt(), summary.updatedAt(),
                        summary.messageCount(), summary.preview(), summary.pinned(), summary.deletedAt(),
                        summary.format(), summary.damaged(), summary.problem());
            }
        }
        summaries.put(id, summary);
        indexed.put(id, new IndexEntry(summary, stamp));
        noteReadOnly(id, summary);
    }

    private void noteReadOnly(String id, SessionSummary summary) {
        if (summary.format() > SessionCodec.FORMAT_VERSION) {
            newerFiles.add(id);
            problems.accept("The chat '" + summary.title() + "' (sessions/" + id + ".json) was written by a newer"
                    + " Tidemark (format " + summary.format() + "). It is shown read-only and never changed.");
        } else if (summary.damaged()) {
            damagedFiles.add(id);
            problems.accept("Could not read session file " + id + ".json whole: " + summary.problem() + ". "
                    + summary.messageCount() + " readable messages are shown, read-only; the file is left as it is.");
        }
    }

    /** The index's entries, or null when there is no usable index (missing, unreadable, unknown version). */
    /** When the index file was last written (its modification time), or 0 when there is none. */
    private long indexWrittenNanos() {
        try {
            return Files.getLastModifiedTime(dir.resolve(INDEX)).to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return 0;
        }
    }

    private Map<String, IndexEntry> readIndex() {
        Path file = dir.resolve(INDEX);
        if (!Files.exists(file)) {
            return null;
        }
        try (JsonParser parser = JSON_FACTORY.createParser(Files.readAllBytes(file))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Map<String, IndexEntry> entries = null;
            int format = -1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("format")) {
                    format = parser.getValueAsInt(-1);
                    if (format != INDEX_FORMAT) {
                        return null; // another version's index: rebuilt from the files
                    }
                } else if (field.equals("sessions") && format == INDEX_FORMAT) {
                    entries = new HashMap<>();
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        IndexEntry entry = indexEntry(parser);
                        entries.put(entry.summary().id(), entry);
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (entries == null) {
                throw new IOException("no sessions in it");
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            if (writable) {
                problems.accept("The session index (sessions/" + INDEX + ") could not be read; it is rebuilt from"
                        + " the session files.");
            }
            return null;
        }
    }

    /** One entry, read field by field (no tree: the list of 10,000 sessions must open in a blink). */
    private static IndexEntry indexEntry(JsonParser p) throws IOException {
        String id = null;
        String title = "";
        Instant created = null;
        Instant updated = null;
        int messages = 0;
        String preview = "";
        boolean pinned = false;
        Instant deletedAt = null;
        int format = -1;
        boolean damaged = false;
        String problem = null;
        Long size = null;
        Long mtime = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString();
                case "title" -> title = p.getValueAsString("");
                case "createdAt" -> created = instant(p.getValueAsString());
                case "updatedAt" -> updated = instant(p.getValueAsString());
                case "messages" -> messages = p.getValueAsInt(0);
                case "preview" -> preview = p.getValueAsString("");
                case "pinned" -> pinned = p.getValueAsBoolean(false);
                case "deletedAt" -> deletedAt = value == JsonToken.VALUE_NULL ? null : instant(p.getValueAsString());
                case "format" -> format = p.getValueAsInt(-1);
                case "damaged" -> damaged = p.getValueAsBoolean(false);
                case "problem" -> problem = p.getValueAsString();
                case "size" -> size = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                case "mtime" -> mtime = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                default -> p.skipChildren();
            }
        }
        if (!isSafeId(id) || created == null || updated == null || size == null || mtime == null) {
            throw new IOException("an entry is damaged");
        }
        SessionSummary summary = new SessionSummary(id, title, created, updated, messages, preview, pinned, deletedAt,
                format, damaged, problem);
        return new IndexEntry(summary, new FileStamp(size, mtime));
    }

    /**
     * Parses the instants this app writes ({@code 2026-11-26T07:45:19.123456Z}) without the cost
     * of {@link Instant#parse}, which is most of the time of reading a large index; anything else
     * goes to {@link Instant#parse}.
     */
    static Instant instant(String text) {
        if (text == null) {
            throw new java.time.format.DateTimeParseException("no instant", "", 0);
        }
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z') {
            try {
                int year = digits(text, 0, 4);
                int month = digits(text, 5, 7);
                int day = digits(text, 8, 10);
                int hour = digits(text, 11, 13);
                int minute = digits(text, 14, 16);
                int second = digits(text, 17, 19);
                int nanos = 0;
                if (n > 20) {
                    if (text.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                        return Instant.parse(text);
                    }
                    nanos = digits(text, 20, n - 1);
                    for (int i = n - 21; i < 9; i++) {
                        nanos *= 10;
                    }
                } else if (text.charAt(19) != 'Z') {
                    return Instant.parse(text);
                }
                if (hour > 23 || minute > 59 || second > 59) {
                    return Instant.parse(text);
                }
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
            } catch (NumberFormatException | java.time.DateTimeException e) {
                return Instant.parse(text);
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static byte[] encodeIndex(java.util.Collection<IndexEntry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * entries.size() + 64);
        try (JsonGenerator out = JSON_FACTORY.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("format", INDEX_FORMAT);
            out.writeArrayFieldStart("sessions");
            for (IndexEntry entry : entries) {
                SessionSummary s = entry.summary();
                out.writeRaw('\n');
                out.writeStartObject();
                out.writeStringField("id", s.id());
                out.writeStringField("title", s.title());
                out.writeStringField("createdAt", s.createdAt().toString());
                out.writeStringField("updatedAt", s.updatedAt().toString());
                out.writeNumberField("messages", s.messageCount());
                out.writeStringField("preview", s.preview());
                out.writeBooleanField("pinned", s.pinned());
                if (s.deletedAt() != null) {
                    out.writeStringField("deletedAt", s.deletedAt().toString());
                }
                out.writeNumberField("format", s.format());
                if (s.damaged()) {
                    out.writeBooleanField("damaged", true);
                }
                if (s.problem() != null) {
                    out.writeStringField("problem", s.problem());
                }
                out.writeNumberField("size", entry.stamp().size());
                out.writeNumberField("mtime", entry.stamp().mtimeNanos());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /**
     * Rewrites each file of an older format in the current one: the new file is written next to
     * the old ({@code <id>.json.migrating}), read back and compared with the old one's content;
     * only then is the old file copied to {@code backup-v1/} and the new one renamed over it. A
     * file that does not read back the same is left as it was (this version reads it anyway).
     */
    private void migrate() throws IOException {
        List<String> old = summaries.values().stream()
                .filter(s -> s.format() >= SessionCodec.OLDEST_FORMAT && s.format() < SessionCodec.FORMAT_VERSION
                        && !s.damaged())
                .map(SessionSummary::id).sorted().toList();
        if (old.isEmpty()) {
            return;
        }
        Path backups = dir.resolve(BACKUP_V1);
        AtomicFiles.createDirectory(backups);
        Path marker = backups.resolve(MIGRATION_MARKER);
        if (!Files.exists(marker)) {
            AtomicFiles.replace(marker, JSON.writeValueAsBytes(Map.of("from", SessionCodec.OLDEST_FORMAT,
                    "to", SessionCodec.FORMAT_VERSION, "migratedAt", clock.instant().toString())));
        }
        for (String id : old) {
            try {
                migrateOne(id, backups);
            } catch (IOException e) {
                problems.accept("Could not move the chat in sessions/" + id + ".json to the new file format ("
                        + describe(e) + "); it is left as it was, and opens as before.");
            }
        }
        indexDirty = true; // a migration that went well is not news: docs/session-format.md tells it
    }

    private void migrateOne(String id, Path backups) throws IOException {
        Path file = file(id);
        byte[] before = Files.readAllBytes(file);
        SessionCodec.Decoded decoded = codec.decodeFile(before);
        if (decoded.format() >= SessionCodec.FORMAT_VERSION) {
            return;
        }
        Path next = dir.resolve(id + ".json.migrating");
        AtomicFiles.replace(next, codec.encode(decoded.session()));
        SessionCodec.Decoded back = codec.decodeFile(Files.readAllBytes(next));
        if (back.format() != SessionCodec.FORMAT_VERSION || !back.session().equals(decoded.session())) {
            Files.deleteIfExists(next);
            throw new IOException("the new file did not read back the same");
        }
        AtomicFiles.replace(backups.resolve(id + ".json"), before);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.forceDirectory(dir);
        SessionSummary summary = SessionSummary.of(back.session(), back.format());
        summaries.put(id, summary);
        indexed.put(id, new IndexEntry(summary, stamp(file)));
    }

    /** Sessions in the trash for longer than {@link #KEPT} are removed for good. */
    private void emptyTrash() {
        Instant before = clock.instant().minus(KEPT);
        for (SessionSummary s : List.copyOf(summaries.values())) {
            if (s.inTrash() && s.deletedAt().isBefore(before) && !s.readOnly()) {
                try {
                    Files.deleteIfExists(file(s.id()));
                    summaries.remove(s.id());
                    indexed.remove(s.id());
                    indexDirty = true;
                } catch (IOException e) {
                    problems.accept("Could not empty '" + s.title() + "' from the trash (" + describe(e) + ").");
                }
            }
        }
        if (indexDirty) {
            AtomicFiles.forceDirectory(dir);
        }
    }

    /**
     * Backups of migrated files are removed {@link #KEPT} after the migration, each only when its
     * session's current file reads whole in the new format (or the session was deleted since).
     */
    private void dropOldBackups() {
        Path backups = dir.resolve(BACKUP_V1);
        Path marker = backups.resolve(MIGRATION_MARKER);
        if (!Files.exists(marker)) {
            return;
        }
        try {
            Instant migratedAt = Instant.parse(JSON.readTree(Files.readAllBytes(marker)).path("migratedAt").asText());
            if (clock.instant().isBefore(migratedAt.plus(KEPT))) {
                return;
            }
            boolean kept = false;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(backups, "*.json")) {
                for (Path backup : files) {
                    String name = backup.getFileName().toString();
                    if (name.equals(MIGRATION_MARKER)) {
                        continue;
                    }
                    SessionSummary now = summaries.get(name.substring(0, name.length() - ".json".length()));
                    if (now == null || (!now.damaged() && now.format() == SessionCodec.FORMAT_VERSION)) {
                        Files.delete(backup);
                    } else {
                        kept = true;
                    }
                }
            }
            if (!kept) {
                Files.delete(marker);
                Files.delete(backups);
            }
            AtomicFiles.forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            problems.accept("Could not tidy sessions/" + BACKUP_V1 + "/ (" + e.getMessage() + "); it is left as it is.");
        }
    }

    // ---------------------------------------------------------------------------------------------

    private Path file(String id) {
        return dir.resolve(id + ".json");
    }

    private static FileStamp stamp(Path file) throws IOException {
        return FileStamp.of(Files.readAttributes(file, BasicFileAttributes.class));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the file is gone";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
