package dev.tidemark.session;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import dev.tidemark.model.Session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Saves changed sessions and the index on the store's own thread, so that no caller waits on the
 * disk. Several changes of one session before its save runs are written once; a failed save is
 * retried every {@link #RETRY_SECONDS} s while the session stays in memory (and in the journal);
 * the index is written a moment after the saves it describes, many saves making one write.
 */
final class SessionSaver implements AutoCloseable {

    private static final long RETRY_SECONDS = 2;
    /** How long the index waits for more saves before it is written (a kill test shortens it). */
    private static final long INDEX_DELAY_MILLIS = Long.getLong("tidemark.sessions.indexDelayMillis", 200);

    private final Path dir;
    private final SessionFiles files;
    private final SessionListing listing;
    private final SessionIndex index;
    private final SessionCache cache;
    private final Object cacheLock;
    private final Consumer<Problem> problems;
    private final SessionCodec codec = new SessionCodec();
    private final ScheduledThreadPoolExecutor thread;
    private final Set<String> queued = ConcurrentHashMap.newKeySet(); // a save is scheduled
    private final Set<String> failed = ConcurrentHashMap.newKeySet(); // the last save failed
    private final AtomicBoolean indexQueued = new AtomicBoolean(); // an index write is scheduled

    /** @param cacheLock the lock under which {@code cache} is used */
    SessionSaver(Path dir, SessionFiles files, SessionListing listing, SessionIndex index, SessionCache cache,
                 Object cacheLock, Consumer<Problem> problems) {
        this.dir = dir;
        this.files = files;
        this.listing = listing;
        this.index = index;
        this.cache = cache;
        this.cacheLock = cacheLock;
        this.problems = problems;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "session-store");
            t.setDaemon(true);
            return t;
        });
        // at close the waiting index write and retries are done at once instead (see close)
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Saves the session soon, unless a save of it is already waiting. */
    void saveSoon(String id) {
        if (!thread.isShutdown() && queued.add(id)) {
            try {
                thread.execute(() -> save(id));
            } catch (RejectedExecutionException closing) {
                queued.remove(id); // closing: the journal still holds it for the next start
            }
        }
    }

    /** Asks for the index to be written soon; many asks make one write. */
    void writeIndexSoon() {
        if (indexQueued.compareAndSet(false, true)) {
            try {
                thread.schedule(this::writeIndexIfStale, INDEX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                indexQueued.set(false);
            }
        }
    }

    /**
     * Completes when every save asked for before this call is done, or exceptionally when a save
     * has failed and is still waiting for its retry.
     */
    CompletableFuture<Void> flush() {
        return CompletableFuture.runAsync(() -> {
            if (!failed.isEmpty()) {
                throw new IllegalStateException(failed.size() + " sessions are not saved yet");
            }
        }, thread);
    }

    /** Before {@link #close}: tries the failed saves once more and writes the index if it lags. */
    void finishWrites() {
        try {
            for (String id : List.copyOf(failed)) {
                thread.execute(() -> save(id)); // a last try for saves that failed
            }
            thread.execute(this::writeIndexIfStale);
        } catch (RejectedExecutionException closed) {
            // closed twice
        }
    }

    /** Does what is queued and stops the thread. */
    @Override
    public void close() {
        thread.shutdown(); // delayed tasks (a coalesced index write, retries) are dropped: done just above
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Store thread. */
    private void save(String id) {
        queued.remove(id);
        Session session;
        synchronized (cacheLock) {
            session = cache.unsaved(id);
        }
        if (session == null || listing.isNewerFile(id)) {
            return; // a newer format's file is never written over: the change stays in memory (and the journal)
        }
        try {
            if (listing.isDamagedFile(id)) {
                keepDamagedCopy(id);
            }
            Path file = dir.resolve(id + ".json");
            files.replace(file, codec.encode(session));
            listing.written(SessionSummary.of(session, SessionCodec.FORMAT_VERSION),
                    SessionIndex.FileStamp.of(files.attributes(file)), SessionIndex.attachmentsOf(session));
            synchronized (cacheLock) {
                cache.saved(session);
            }
            writeIndexSoon();
            if (failed.remove(id) && failed.isEmpty()) {
                problems.accept(new Problem.WritingAgain(Area.SESSIONS));
            }
        } catch (IOException e) {
            if (failed.isEmpty()) {
                problems.accept(Problem.cannotWrite(Area.SESSIONS, "the chat '" + session.title() + "'", e));
            }
            failed.add(id);
            retryLater(id);
        }
    }

    private void retryLater(String id) {
        if (!thread.isShutdown() && queued.add(id)) {
            try {
                thread.schedule(() -> save(id), RETRY_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException closing) {
                queued.remove(id); // closing: the journal still holds it for the next start
            }
        }
    }

    /** Moves an unreadable session file aside before a rebuilt session takes its name. Store thread. */
    private void keepDamagedCopy(String id) throws IOException {
        Path file = dir.resolve(id + ".json");
        if (files.exists(file)) {
            Path aside = dir.resolve("damaged");
            files.createDirectory(aside);
            files.move(file, aside.resolve(id + ".json." + System.currentTimeMillis()));
            problems.accept(new Problem.Note(Area.SESSIONS, "The damaged file of session '" + id + "' was rebuilt from"
                    + " the journal; the damaged copy is kept in sessions/damaged/."));
        }
        listing.damagedFileSetAside(id);
    }

    /** Store thread. A failure only costs the next start a few more file reads. */
    private void writeIndexIfStale() {
        indexQueued.set(false);
        if (!listing.takeIndexStale()) {
            return;
        }
        try {
            index.write(listing.indexEntries());
        } catch (IOException e) {
            listing.indexWriteFailed();
        }
    }
}
