package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Queries against a small index on real files. */
class IndexQueryTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;

    private Directory directory;
    private DirectoryReader reader;

    @BeforeEach
    void index() throws Exception {
        directory = FSDirectory.open(dir);
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(QueryTerms.analyzer())
                .setIndexSort(SessionDocuments.NEWEST_FIRST))) {
            writer.addDocuments(SessionDocuments.of(session("old", T0, "high water in Brest", "tidal range")));
            writer.addDocuments(SessionDocuments.of(session("new", T0.plusSeconds(60), "high tide at noon")));
            writer.addDocuments(SessionDocuments.of(session("mid", T0.plusSeconds(30), "water for the dough")));
        }
        reader = DirectoryReader.open(directory);
    }

    @AfterEach
    void close() throws Exception {
        reader.close();
        directory.close();
    }

    @Test
    void everyWordMustMatchAsAPrefix() throws Exception {
        assertThat(found("high wat")).containsExactly("old-0");
        assertThat(found("tid")).containsExactly("new-0", "old-1");
    }

    @Test
    void hitsComeNewestSessionFirstAndThenInSessionOrder() throws Exception {
        assertThat(found("water")).containsExactly("mid-0", "old-0");
        assertThat(found("high")).containsExactly("new-0", "old-0");
    }

    @Test
    void aFullPageSaysThereIsMore() throws Exception {
        SearchResults page = run("water", 1);
        assertThat(page.hits()).hasSize(1);
        assertThat(page.more()).isTrue();
        assertThat(page.indexed()).isTrue();
        assertThat(run("water", 2).more()).isFalse();
    }

    private List<String> found(String query) throws Exception {
        return run(query, 50).hits().stream().map(h -> h.messageId() == null ? "title" : h.messageId()).toList();
    }

    private SearchResults run(String query, int limit) throws Exception {
        return IndexQuery.run(new IndexSearcher(reader), query, QueryTerms.of(query, QueryTerms.analyzer()),
                QueryTerms.analyzer(), limit);
    }

    private static Session session(String id, Instant at, String... texts) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            messages.add(Message.user(id + "-" + i, texts[i], at));
        }
        return new Session(id, "Chat", at, at, messages);
    }
}
