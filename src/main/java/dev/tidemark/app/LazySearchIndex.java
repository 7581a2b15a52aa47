package dev.tidemark.app;

import dev.tidemark.health.Problem;
import dev.tidemark.history.SearchIndex;
import dev.tidemark.history.SessionLibrary;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The search index's lifecycle: opened (and caught up with what changed since it was last open)
 * the first time it is asked for, which is when search in messages is first opened, so a window
 * that is only used to chat never loads Lucene; closed, and saved, before the workspace closes.
 * Thread-safe.
 */
public final class LazySearchIndex {

    private final Path dataDir;
    private final SessionLibrary library;
    private final boolean writable;
    private final Consumer<Problem> problems;
    private SearchIndex index; // guarded by this
    private boolean closed; // guarded by this

    /** @param problems told, from the index's thread, when the index cannot be read or written */
    LazySearchIndex(Path dataDir, SessionLibrary library, boolean writable, Consumer<Problem> problems) {
        this.dataDir = dataDir;
        this.library = library;
        this.writable = writable;
        this.problems = problems;
    }

    /**
     * The index, opened now if it was not yet. Not on the FX thread (its first call loads Lucene's classes).
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized SearchIndex get() {
        if (closed) {
            throw new IllegalStateException("Tidemark is closing.");
        }
        if (index == null) {
            index = SearchIndex.open(dataDir, library, writable, problems);
        }
        return index;
    }

    /** Whether {@link #get()} has opened the index. */
    public synchronized boolean isOpen() {
        return index != null;
    }

    /** Saves and closes the index if it was opened; from now on {@link #get()} refuses. */
    public void close() {
        SearchIndex open;
        synchronized (this) {
            closed = true;
            open = index;
        }
        if (open != null) {
            open.close();
        }
    }
}
