package dev.tidemark.session;

import dev.tidemark.journal.AtomicFiles;
import dev.tidemark.model.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * All sessions, in memory, backed by one JSON file per session under {@code sessions/}. Updates
 * are atomic in memory and saved by the store's own thread (temp file, force, rename, force
 * directory), so no caller ever waits on the disk. Several updates of one session before its save
 * runs are written once.
 */
public final class SessionStore implements AutoCloseable {

    public static final String DIRECTORY = "sessions";
    private static final long RETRY_SECONDS = 2;

    private final Path dir;
    private final boolean writable;
    private final SessionCodec codec = new SessionCodec();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<String> unsaved = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Session>> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<String> problems;
    private final ScheduledExecutorService saver;
    private final Set<String> failed = ConcurrentHashMap.newKeySet(); // sessions whose last save failed
    private final Set<String> damaged = ConcurrentHashMap.newKeySet(); // ids whose file could not be read

    private SessionStore(Path dir, boolean writable, Consumer<String> problems) {
        this.dir = dir;
        this.writable = writable;
        this.problems = problems;
        this.saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "session-store");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads every session file. A file that cannot be read is reported and left untouched on disk.
     *
     * @param writable false for a process that does not own the data directory: nothing is saved
     */
    public static SessionStore open(Path dataDir, boolean writable, Consumer<String> problems) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        if (writable) {
            AtomicFiles.createDirectory(dir);
        }
        SessionStore store = new SessionStore(dir, writable, problems);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        if (writable) {
                            Files.deleteIfExists(file); // a save cut short; the session file itself is whole
                        } else {
                            problems.accept("Unfinished save left behind: " + name + " (the session file itself is"
                                    + " intact; the next start removes it).");
                        }
                        continue;
                    }
                    if (!name.endsWith(".json")) {
                        continue;
                    }
                    try {
                        Session s = store.codec.decode(Files.readAllBytes(file));
                        store.sessions.put(s.id(), s);
                    } catch (IOException e) {
                        store.damaged.add(name.substring(0, name.length() - ".json".length()));
                        problems.accept("Could not read session file " + file.getFileName() + ": " + e.getMessage()
                                + ". It is left as it is.");
                    }
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

    /** Sessions, most recently updated first. */
    public List<Session> list() {
        List<Session> all = new ArrayList<>(sessions.values());
        all.sort(Comparator.comparing(Session::updatedAt).reversed().thenComparing(Session::id));
        return all;
    }

    /** The session holding a message with this id, if any. Looks through every session. */
    public Optional<Session> findMessage(String messageId) {
        return sessions.values().stream().filter(s -> s.hasMessage(messageId)).findFirst();
    }

    public Optional<Session> get(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    public boolean isWritable() {
        return writable;
    }

    /** Adds or replaces a session. */
    public void put(Session session) {
        if (!isSafeId(session.id())) {
            throw new IllegalArgumentException("'" + session.id() + "' cannot be a session id");
        }
        sessions.put(session.id(), session);
        changed(session);
    }

    /**
     * Applies {@code change} atomically to the session with that id.
     *
     * @throws IllegalArgumentException when there is no such session
     */
    public Session update(String id, UnaryOperator<Session> change) {
        Session updated = sessions.computeIfPresent(id, (k, s) -> change.apply(s));
        if (updated == null) {
            throw new IllegalArgumentException("no session " + id);
        }
        changed(updated);
        return updated;
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
        saver.shutdown();
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

    /** Moves an unreadable session file aside before a rebuilt session takes its name. Store thread. */
    private void keepDamagedCopy(String id) throws IOException {
        Path file = dir.resolve(id + ".json");
        if (Files.exists(file)) {
            Path aside = dir.resolve("damaged");
            AtomicFiles.createDirectory(aside);
            Path target = aside.resolve(id + ".json." + System.currentTimeMillis());
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.forceDirectory(dir);
            problems.accept("The damaged file of session '" + id + "' was rebuilt from the journal; the damaged copy"
                    + " is kept in sessions/damaged/.");
        }
        damaged.remove(id);
    }

    /** Runs on the store thread. */
    private void save(String id) {
        unsaved.remove(id);
        Session session = sessions.get(id);
        if (session == null) {
            return;
        }
        try {
            if (damaged.contains(id)) {
                keepDamagedCopy(id);
            }
            AtomicFiles.replace(dir.resolve(id + ".json"), codec.encode(session));
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
}
