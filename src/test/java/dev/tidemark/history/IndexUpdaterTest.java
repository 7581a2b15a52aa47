package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing the index and catching up, on a real session store and real index files; the queries
 * are {@link IndexQuery}'s.
 */
class IndexUpdaterTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dataDir;

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private SessionStore store;
    private SessionLibrary library;

    @BeforeEach
    void openStore() throws Exception {
        store = SessionStore.open(dataDir, true, p -> problems.add(p.message()));
        library = new StoreLibrary(store);
        store.put(session("tides", "Tides", T0, "When is the high water in Brest?"));
        store.put(session("bread", "Sourdough", T0.plusSeconds(60), "How long should the dough rise?"));
        store.flush().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void anEmptyIndexCatchesUpWithEverySessionNewestFirst() throws Exception {
        IndexUpdater updater = IndexUpdater.open(indexDir(), QueryTerms.analyzer(), library, true);
        try {
            SearcherManager searchers = updater.catchUp(true);
            assertThat(sessionsFound(searchers, "the")).containsExactly("bread", "tides");
            assertThat(sessionsFound(searchers, "brest")).containsExactly("tides");
            searchers.close();
        } finally {
            updater.rollbackQuietly();
        }
    }

    @Test
    void catchingUpAfterAClosedSpellReindexesChangesAndDropsWhatIsGone() throws Exception {
        IndexUpdater first = IndexUpdater.open(indexDir(), QueryTerms.analyzer(), library, true);
        first.catchUp(true).close();
        first.rollbackQuietly(); // committed by the catch-up: nothing to roll back

        store.put(session("tides", "Tides", T0.plusSeconds(120), "And in Saint-Malo?"));
        store.moveToTrash("bread");
        store.flush().get(10, TimeUnit.SECONDS);

        IndexUpdater again = IndexUpdater.open(indexDir(), QueryTerms.analyzer(), library, false);
        try {
            SearcherManager searchers = again.catchUp(false);
            assertThat(sessionsFound(searchers, "malo")).containsExactly("tides");
            assertThat(sessionsFound(searchers, "brest")).isEmpty();
            assertThat(sessionsFound(searchers, "dough")).isEmpty();
            searchers.close();
        } finally {
            again.rollbackQuietly();
        }
    }

    @Test
    void aChangedSessionIsReindexedAndARemovedOneDropped() throws Exception {
        IndexUpdater updater = IndexUpdater.open(indexDir(), QueryTerms.analyzer(), library, true);
        try {
            SearcherManager searchers = updater.catchUp(true);
            store.put(session("tides", "Tides", T0.plusSeconds(120), "Neap tides this week"));
            store.moveToTrash("bread");
            store.flush().get(10, TimeUnit.SECONDS);

            updater.reindex("tides");
            updater.reindex("bread");
            searchers.maybeRefreshBlocking();

            assertThat(sessionsFound(searchers, "neap")).containsExactly("tides");
            assertThat(sessionsFound(searchers, "brest")).isEmpty();
            assertThat(sessionsFound(searchers, "dough")).isEmpty();
            searchers.close();
        } finally {
            updater.rollbackQuietly();
        }
    }

    private Path indexDir() {
        return dataDir.resolve(SearchIndex.DIRECTORY);
    }

    private static List<String> sessionsFound(SearcherManager searchers, String query) throws Exception {
        searchers.maybeRefreshBlocking();
        IndexSearcher searcher = searchers.acquire();
        try {
            return IndexQuery.run(searcher, query, QueryTerms.of(query, QueryTerms.analyzer()),
                            QueryTerms.analyzer(), 50).hits().stream()
                    .map(SearchHit::sessionId).distinct().toList();
        } finally {
            searchers.release(searcher);
        }
    }

    private static Session session(String id, String title, Instant at, String question) {
        return new Session(id, title, at, at, List.of(Message.user(id + "-q", question, at)));
    }
}
