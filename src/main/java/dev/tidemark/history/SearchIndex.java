package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Message;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A Lucene index of every title and message under {@code <data dir>/index/}: one document per
 * title and per message. It is only ever a copy: the session files are the truth. It is built
 * from them when it is missing, damaged or of another version (the marker file says which), it
 * catches up at start with what changed while it was closed (each session's last change is
 * stored with it), and it follows the store's changes on its own thread. Until it is ready, or
 * if it breaks, searches scan the sessions instead.
 *
 * <p>Hits come newest session first, and within a session title first, then messages in order:
 * the index is kept sorted that way, so a search stops after the first page's worth of matches in
 * each segment instead of scoring every match of a common word.
 */
public final class SearchIndex implements HistorySearch, AutoCloseable {

    public static final String DIRECTORY = "index";
    /** Bump when what is indexed, or how, changes: the index is then rebuilt. */
    static final int VERSION = 1;
    static final String MARKER = "tidemark-index.json";
    static final String TEXT = "text";
    private static final String SID = "sid";
    private static final String INDEX = "idx";
    private static final String MID = "mid";
    private static final String ROLE = "role";
    private static final String TITLE = "title";
    /** The session's last change in nanoseconds since 1970, as doc values: the sort, and the stamp for catch-up. */
    private static final String NEWEST = "newest";
    /** On title documents only: the session id as doc values, read at catch-up without touching stored text. */
    private static final String SESSION_OF_TITLE = "titleOf";
    private static final Sort NEWEST_FIRST = new Sort(new SortField(NEWEST, SortField.Type.LONG, true));
    private static final long COMMIT_DELAY_MILLIS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lucene tells java.util.logging (so stderr) that the JDK's vector module is not enabled; nothing to act on. */
    private static final Logger LUCENE_VECTOR_LOG = Logger.getLogger("org.apache.lucene.internal.vectorization");

    static {
        LUCENE_VECTOR_LOG.setLevel(Level.OFF);
    }

    private final Path dir;
    private final SessionLibrary library;
    private final Consumer<String> problems;
    private final boolean writable;
    private final Analyzer analyzer = QueryTerms.analyzer();
    private final ScanSearch scan;
    private final ScheduledExecutorService worker; // the one thread that writes the index
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean brokenReported = new AtomicBoolean();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile SearcherManager searchers; // null until ready, and after a failure
    private Directory directory;  // worker thread
    private IndexWriter writer;   // worker thread; null when read-only
    private boolean commitScheduled; // worker thread
    private volatile boolean closed;

    private SearchIndex(Path dir, SessionLibrary library, Consumer<String> problems, boolean writable) {
        this.dir = dir;
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
    public static SearchIndex open(Path dataDir, SessionLibrary library, boolean writable, Consumer<String> problems) {
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
            TopDocs top = searcher.search(query(terms), limit + 1, NEWEST_FIRST);
            StoredFields fields = searcher.storedFields();
            List<SearchHit> hits = new ArrayList<>();
            for (ScoreDoc scored : top.scoreDocs) {
                if (hits.size() == limit) {
                    break;
                }
                Document doc = fields.document(scored.doc);
                String role = doc.get(ROLE);
                hits.add(new SearchHit(doc.get(SID), doc.get(TITLE), doc.getField(INDEX).numericValue().intValue(),
                        doc.get(MID), role == null ? null : Role.fromWireName(role),
                        terms.snippet(doc.get(TEXT), analyzer)));
            }
            return new SearchResults(query, hits, top.totalHits.value > limit, true);
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
            problems.accept("The search index could not be read (" + e.getMessage() + "); "
                    + (writable ? "it is being rebuilt from your sessions, and searches" : "searches")
                    + " read the sessions until then.");
            if (writable) {
                worker.execute(() -> build(true));
            }
        }
        return scan.search(query, limit);
    }

    private static Query query(QueryTerms terms) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String term : terms.terms()) {
            all.add(new PrefixQuery(new Term(TEXT, term)), BooleanClause.Occur.MUST); // the word itself too
        }
        return all.build();
    }

    // ---- the worker thread ----

    private void changed(String sessionId) {
        pending.add(sessionId);
        if (!closed && drainScheduled.compareAndSet(false, true)) {
            try {
                worker.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the next start catches up from the sessions' stamps
            }
        }
    }

    /** Indexes the sessions that changed since the last drain. Worker thread. */
    private void drain() {
        drainScheduled.set(false);
        if (writer == null || searchers == null || pending.isEmpty()) {
            return;
        }
        try {
            for (String id : new ArrayList<>(pending)) {
                pending.remove(id);
                reindex(id);
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
            boolean wiped = fresh || !markerMatches();
            if (wiped) {
                wipe();
            }
            try {
                openWriter(wiped);
                catchUp(wiped);
            } catch (LockObtainFailedException e) {
                throw e;
            } catch (IOException | RuntimeException damaged) {
                if (wiped) {
                    throw damaged;
                }
                closeQuietly();
                problems.accept("The search index was damaged (" + damaged.getMessage()
                        + "); it is rebuilt from your sessions.");
                wipe();
                openWriter(true);
                catchUp(true);
            }
            brokenReported.set(false);
        } catch (IOException | RuntimeException e) {
            failed("could not be built", e);
        } finally {
            ready.complete(null);
        }
    }

    private void openWriter(boolean create) throws IOException {
        Files.createDirectories(dir);
        directory = FSDirectory.open(dir);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setRAMBufferSizeMB(32)
                .setIndexSort(NEWEST_FIRST)
                .setCommitOnClose(true);
        writer = new IndexWriter(directory, config);
    }

    /** Indexes what changed since the index was last committed, and removes what is gone. */
    private void catchUp(boolean empty) throws IOException {
        SearcherManager manager = new SearcherManager(writer, null);
        Map<String, Long> have = empty ? Map.of() : indexedStamps(manager);
        Map<String, Instant> want = library.stamps();
        for (String id : have.keySet()) {
            if (!want.containsKey(id)) {
                writer.deleteDocuments(new Term(SID, id));
            }
        }
        for (Map.Entry<String, Instant> e : want.entrySet()) {
            if (!Long.valueOf(stamp(e.getValue())).equals(have.get(e.getKey()))) {
                if (empty) {
                    library.load(e.getKey()).ifPresent(s -> addQuietly(documents(s)));
                } else {
                    reindex(e.getKey());
                }
            }
        }
        writer.commit();
        writeMarker();
        manager.maybeRefreshBlocking();
        searchers = manager;
        drain();
        // loads and compiles the search path (a prefix over many words, a full page of snippets) now,
        // not at the user's first key
        search("a", FIRST_PAGE);
    }

    private void addQuietly(List<Document> docs) {
        try {
            writer.addDocuments(docs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each indexed session's stamp, from doc values only (the title documents carry the id as doc values). */
    private Map<String, Long> indexedStamps(SearcherManager manager) throws IOException {
        IndexSearcher searcher = manager.acquire();
        try {
            Map<String, Long> stamps = new HashMap<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                SortedDocValues ids = DocValues.getSorted(leaf.reader(), SESSION_OF_TITLE);
                NumericDocValues newest = DocValues.getNumeric(leaf.reader(), NEWEST);
                for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = ids.nextDoc()) {
                    if ((live == null || live.get(doc)) && newest.advanceExact(doc)) {
                        stamps.put(ids.lookupOrd(ids.ordValue()).utf8ToString(), newest.longValue());
                    }
                }
            }
            return stamps;
        } finally {
            manager.release(searcher);
        }
    }

    /** Nanoseconds since 1970 (until the year 2262; later times share the last value, which only costs a reindex). */
    private static long stamp(Instant at) {
        try {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        } catch (ArithmeticException e) {
            return at.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private void reindex(String id) throws IOException {
        Optional<Session> session = library.load(id);
        if (session.isEmpty()) {
            writer.deleteDocuments(new Term(SID, id));
        } else {
            writer.updateDocuments(new Term(SID, id), documents(session.get()));
        }
    }

    private static List<Document> documents(Session s) {
        List<Document> docs = new ArrayList<>();
        Document title = new Document();
        title.add(new StringField(SID, s.id(), Field.Store.YES));
        title.add(new StoredField(INDEX, SearchHit.TITLE));
        title.add(new SortedDocValuesField(SESSION_OF_TITLE, new BytesRef(s.id())));
        title.add(new NumericDocValuesField(NEWEST, stamp(s.updatedAt())));
        title.add(new StoredField(TITLE, s.title()));
        title.add(new TextField(TEXT, s.title(), Field.Store.YES));
        docs.add(title);
        List<Message> messages = s.messages();
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.text().isBlank()) {
                continue;
            }
            Document doc = new Document();
            doc.add(new StringField(SID, s.id(), Field.Store.YES));
            doc.add(new StoredField(INDEX, i));
            doc.add(new StoredField(MID, m.id()));
            doc.add(new StoredField(ROLE, m.role().wireName()));
            doc.add(new StoredField(TITLE, s.title()));
            doc.add(new NumericDocValuesField(NEWEST, stamp(s.updatedAt())));
            doc.add(new TextField(TEXT, m.text(), Field.Store.YES));
            docs.add(doc);
        }
        return docs;
    }

    private void scheduleCommit() {
        if (!commitScheduled && !closed) {
            commitScheduled = true;
            worker.schedule(() -> {
                commitScheduled = false;
                try {
                    if (writer != null) {
                        writer.commit();
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
            if (markerMatches()) {
                directory = FSDirectory.open(dir);
                SearcherManager manager = new SearcherManager(DirectoryReader.open(directory), null);
                searchers = manager;
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
            problems.accept("The search index " + what + " (" + e.getMessage() + "); searches read your sessions"
                    + " instead, which is slower. It is rebuilt at the next start.");
        }
        // the marker goes, so the next start builds afresh
        try {
            Files.deleteIfExists(dir.resolve(MARKER));
        } catch (IOException ignored) {
            // then the next start finds the damage by itself
        }
    }

    private boolean markerMatches() {
        try {
            JsonNode marker = JSON.readTree(Files.readAllBytes(dir.resolve(MARKER)));
            return marker.path("version").asInt(-1) == VERSION
                    && org.apache.lucene.util.Version.LATEST.toString().equals(marker.path("lucene").asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void writeMarker() throws IOException {
        String marker = "{\"format\":\"tidemark-search-index\",\"version\":" + VERSION + ",\"lucene\":\""
                + org.apache.lucene.util.Version.LATEST + "\"}\n";
        Files.write(dir.resolve(MARKER), marker.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the index's files (only files directly in the index folder). */
    private void wipe() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
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
        try {
            if (writer != null) {
                writer.rollback(); // uncommitted work is caught up from the stamps next time
            }
        } catch (IOException | RuntimeException ignored) {
            // closing a broken writer
        }
        writer = null;
        try {
            if (directory != null) {
                directory.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing left to do
        }
        directory = null;
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
                    if (writer != null) {
                        writer.commit();
                    }
                } catch (IOException | RuntimeException e) {
                    // caught up from the stamps next time
                }
                closeQuietly();
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the next start catches up
        }
        worker.shutdownNow();
    }
}
