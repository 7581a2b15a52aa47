package dev.tidemark.history;

import dev.tidemark.health.Problem;
import dev.tidemark.health.Problem.Area;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The search of the history through a Lucene index of every title and message under
 * {@code <data dir>/index/} ({@link SessionDocuments}), and the index's life. It is only ever a
 * copy: the session files are the truth. It is built from them when it is missing, damaged or of
 * another version ({@link IndexFolder}), it catches up at start with what changed while it was
 * closed, and it follows the store's changes ({@link IndexUpdater}) on its own worker thread.
 * Until it is ready, or if it breaks, searches scan the sessions instead ({@link ScanSearch}).
 */
public final class SearchIndex implements HistorySearch, AutoCloseable {

    public static final String DIRECTORY = "index";
    private static final long COMMIT_DELAY_MILLIS = 1000;
    private static final long CLOSE_WAIT_SECONDS = 30;
    /** Lucene tells java.util.logging (so stderr) that the JDK's vector module is not enabled; nothing to act on. */
    private static final Logger LUCENE_VECTOR_LOG = Logger.getLogger("org.apache.lucene.internal.vectorization");

    static {
        LUCENE_VECTOR_LOG.setLevel(Level.OFF);
    }

    private final IndexFolder folder;
    private final SessionLibrary library;
    private final Consumer<Problem> problems;
    private final boolean writable;
    private final Analyzer analyzer = QueryTerms.analyzer();
    private final ScanSearch scan;
    private final ScheduledExecutorService worker; // the one thread that writes the index
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean brokenReported = new AtomicBoolean();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile SearcherManager searchers; // null until ready, and after a failure
    private IndexUpdater updater;        // worker thread; null when read-only or broken
    private Directory readOnlyDirectory; // worker thread; the folder as read when read-only
    private boolean commitScheduled;     // worker thread
    private volatile boolean closed;

    private SearchIndex(Path dir, SessionLibrary library, Consumer<Problem> problems, boolean writable) {
        this.folder = new IndexFolder(dir);
        this.library = library;
        this.problems = problems;
        this.writable = writable;
        this.scan = new ScanSearch(library);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "search-index");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /**
     * Opens the index in {@code <dataDir>/index} on its own thread and returns at once; {@link #ready()}
     * completes when it is caught up (searches scan the sessions until then).
     *
     * @param writable false when another process owns the data directory: the index it keeps is read
     *                 as it is (or, when there is none, searches scan)
     */
    public static SearchIndex open(Path dataDir, SessionLibrary library, boolean writable, Consumer<Problem> problems) {
        SearchIndex index = new SearchIndex(dataDir.resolve(DIRECTORY), library, problems, writable);
        if (writable) {
            library.addChangeListener(index::changed);
            index.worker.execute(() -> index.build(false));
        } else {
            index.worker.execute(index::openReadOnly);
        }
        return index;
    }

    /** Completes when the index has caught up with the sessions (or has given up, and searches scan). */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** True when searches use the index (false: they scan the sessions). */
    public boolean isIndexed() {
        return searchers != null;
    }

    /** Completes when every change told so far is searchable. */
    public CompletableFuture<Void> flush() {
        return CompletableFuture.runAsync(this::drain, worker);
    }

    @Override
    public SearchResults search(String query, int limit) {
        SearcherManager manager = searchers;
        if (manager == null) {
            return scan.search(query, limit);
        }
        QueryTerms terms = QueryTerms.of(query, analyzer);
        if (terms.isEmpty()) {
            return SearchResults.none(query);
        }
        IndexSearcher searcher;
        try {
            searcher = manager.acquire();
        } catch (IOException | RuntimeException e) {
            return broken(e, query, limit);
        }
        try {
            return IndexQuery.run(searcher, query, terms, analyzer, limit);
        } catch (IOException | RuntimeException e) {
            return broken(e, query, limit);
        } finally {
            try {
                manager.release(searcher);
            } catch (IOException | RuntimeException ignored) {
                // a broken index is being replaced anyway
            }
        }
    }

    /** The index failed while searching: answer by scanning, and build it again from the sessions. */
    private SearchResults broken(Exception e, String query, int limit) {
        searchers = null;
        if (!closed && brokenReported.compareAndSet(false, true)) {
            problems.accept(new Problem.Unreadable(Area.SEARCH, "the search index", Problem.describe(e)));
            if (writable) {
                worker.execute(() -> build(true));
            }
        }
        return scan.search(query, limit);
    }

    // ---- the worker thread ----

    private void changed(String sessionId) {
        pending.add(sessionId);
        if (!closed && drainScheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (RejectedExecutionException closing) {
                // the next start catches up from the sessions' stamps
            }
        }
    }

    /** Indexes the sessions that changed since the last drain. Worker thread. */
    private void drain() {
        drainScheduled.set(false);
        if (updater == null || searchers == null || pending.isEmpty()) {
            return;
        }
        try {
            for (String id : new ArrayList<>(pending)) {
                pending.remove(id);
                updater.reindex(id);
            }
            searchers.maybeRefreshBlocking();
            scheduleCommit();
        } catch (IOException | RuntimeException e) {
            failed("could not be updated", e);
        }
    }

    /**
     * Opens the index (or starts it afresh when its marker is missing or of another version, or
     * when {@code fresh}), brings it up to date with the sessions and starts answering. Worker thread.
     */
    private void build(boolean fresh) {
        if (closed) {
            return;
        }
        closeQuietly();
        try {
            boolean wiped = fresh || !folder.markerMatches();
            if (wiped) {
                folder.wipe();
            }
            try {
                startAnswering(wiped);
            } catch (LockObtainFailedException e) {
                throw e;
            } catch (IOException | RuntimeException damaged) {
                if (wiped) {
                    throw damaged;
                }
                closeQuietly();
                problems.accept(new Problem.Note(Area.SEARCH, "The search index was damaged ("
                        + Problem.describe(damaged) + "); it is rebuilt from your sessions."));
                folder.wipe();
                startAnswering(true);
            }
            brokenReported.set(false);
        } catch (IOException | RuntimeException e) {
            failed("could not be built", e);
        } finally {
            ready.complete(null);
        }
    }

    /** Opens the writer, catches up, and lets searches use the index. Worker thread. */
    private void startAnswering(boolean empty) throws IOException {
        updater = IndexUpdater.open(folder.path(), analyzer, library, empty);
        SearcherManager manager = updater.catchUp(empty);
        folder.writeMarker();
        manager.maybeRefreshBlocking();
        searchers = manager;
        drain();
        // loads and compiles the search path (a prefix over many words, a full page of snippets) now,
        // not at the user's first key
        search("a", FIRST_PAGE);
    }

    private void scheduleCommit() {
        if (!commitScheduled && !closed) {
            commitScheduled = true;
            worker.schedule(() -> {
                commitScheduled = false;
                try {
                    if (updater != null) {
                        updater.commit();
                    }
                } catch (IOException | RuntimeException e) {
                    failed("could not be saved", e);
                }
            }, COMMIT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Read-only: the index another process keeps, as it was last committed. Worker thread. */
    private void openReadOnly() {
        try {
            if (folder.markerMatches()) {
                readOnlyDirectory = FSDirectory.open(folder.path());
                searchers = new SearcherManager(DirectoryReader.open(readOnlyDirectory), null);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(); // scan instead
        } finally {
            ready.complete(null);
        }
    }

    private void failed(String what, Exception e) {
        closeQuietly();
        if (brokenReported.compareAndSet(false, true)) {
            problems.accept(new Problem.Note(Area.SEARCH, "The search index " + what + " (" + Problem.describe(e)
                    + "); searches read your sessions instead, which is slower. It is rebuilt at the next start."));
        }
        folder.removeMarker(); // so the next start builds afresh
    }

    private void closeQuietly() {
        SearcherManager manager = searchers;
        searchers = null;
        try {
            if (manager != null) {
                manager.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing a broken reader
        }
        if (updater != null) {
            updater.rollbackQuietly(); // uncommitted work is caught up from the stamps next time
            updater = null;
        }
        try {
            if (readOnlyDirectory != null) {
                readOnlyDirectory.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do
        }
        readOnlyDirectory = null;
    }

    /** Saves what is indexed and releases the index. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            worker.submit(() -> {
                drain();
                try {
                    if (updater != null) {
                        updater.commit();
                    }
                } catch (IOException | RuntimeException e) {
                    // caught up from the stamps next time
                }
                closeQuietly();
            }).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the next start catches up
        }
        worker.shutdownNow();
    }
}
