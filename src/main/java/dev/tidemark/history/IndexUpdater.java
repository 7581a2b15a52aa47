package dev.tidemark.history;

import dev.tidemark.model.Session;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import dev.tidemark.journal.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the index: Lucene's writer on the index folder, catching up at start with what changed
 * in the sessions while it was closed (each indexed session's stamp against the session's last
 * change), and reindexing a session when it changes. The index's worker thread only.
 */
final class IndexUpdater {

    private static final double RAM_BUFFER_MB = 32;

    private final SessionLibrary library;
    private final Directory directory;
    private final IndexWriter writer;

    private IndexUpdater(SessionLibrary library, Directory directory, IndexWriter writer) {
        this.library = library;
        this.directory = directory;
        this.writer = writer;
    }

    /**
     * Opens Lucene's writer on {@code dir}, which it creates if needed.
     *
     * @param create start an empty index, whatever the folder holds
     */
    static IndexUpdater open(Path dir, Analyzer analyzer, SessionLibrary library, boolean create) throws IOException {
        AtomicFiles.createDirectory(dir); // rwx------, as the data directory
        Directory directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(RAM_BUFFER_MB)
                .setIndexSort(SessionDocuments.NEWEST_FIRST)
                .setCommitOnClose(true);
        try {
            return new IndexUpdater(library, directory, new IndexWriter(directory, config));
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /**
     * Indexes what changed since the index was last committed, removes what is gone, and commits.
     * Returns searchers over the result (not yet refreshed).
     *
     * @param empty the index was just started afresh: every session is added without looking
     */
    SearcherManager catchUp(boolean empty) throws IOException {
        SearcherManager manager = new SearcherManager(writer, null);
        Map<String, Long> have = empty ? Map.of() : indexedStamps(manager);
        Map<String, Instant> want = library.stamps();
        for (String id : have.keySet()) {
            if (!want.containsKey(id)) {
                writer.deleteDocuments(SessionDocuments.ofSession(id));
            }
        }
        for (Map.Entry<String, Instant> e : want.entrySet()) {
            if (!Long.valueOf(SessionDocuments.stamp(e.getValue())).equals(have.get(e.getKey()))) {
                if (empty) {
                    library.load(e.getKey()).ifPresent(this::add);
                } else {
                    reindex(e.getKey());
                }
            }
        }
        writer.commit();
        return manager;
    }

    private static Map<String, Long> indexedStamps(SearcherManager manager) throws IOException {
        IndexSearcher searcher = manager.acquire();
        try {
            return SessionDocuments.stamps(searcher.getIndexReader());
        } finally {
            manager.release(searcher);
        }
    }

    private void add(Session session) {
        try {
            writer.addDocuments(SessionDocuments.of(session));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces a session's documents with its current ones, or removes them when it is gone. */
    void reindex(String id) throws IOException {
        Optional<Session> session = library.load(id);
        if (session.isEmpty()) {
            writer.deleteDocuments(SessionDocuments.ofSession(id));
        } else {
            writer.updateDocuments(SessionDocuments.ofSession(id), SessionDocuments.of(session.get()));
        }
    }

    void commit() throws IOException {
        writer.commit();
    }

    /** Drops what was not committed (caught up from the stamps next time) and releases the folder. */
    void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (IOException | RuntimeException ignored) {
            // closing a broken writer
        }
        try {
            directory.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do
        }
    }
}
