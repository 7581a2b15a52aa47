package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionDocumentsTest {

    private static final Instant AT = Instant.parse("2026-12-06T10:00:00.123456789Z");

    @TempDir
    Path dir;

    @Test
    void aSessionIsItsTitleAndEachMessageWithText() {
        Session session = new Session("s1", "Tides", AT, AT, List.of(Message.user("m1", "high water?", AT),
                new Message("m2", Role.ASSISTANT, "  ", MessageStatus.ERROR, AT, "demo", null),
                new Message("m3", Role.ASSISTANT, "At 14:32.", MessageStatus.COMPLETE, AT, "demo", null)));

        List<Document> docs = SessionDocuments.of(session);

        assertThat(docs).extracting(d -> d.get(SessionDocuments.TEXT)).containsExactly("Tides", "high water?",
                "At 14:32.");
        QueryTerms terms = QueryTerms.of("water", QueryTerms.analyzer());
        SearchHit hit = SessionDocuments.hit(docs.get(1), terms, QueryTerms.analyzer());
        assertThat(hit.sessionId()).isEqualTo("s1");
        assertThat(hit.messageIndex()).isZero();
        assertThat(hit.messageId()).isEqualTo("m1");
        assertThat(hit.role()).isEqualTo(Role.USER);
        assertThat(SessionDocuments.hit(docs.get(2), terms, QueryTerms.analyzer()).messageIndex())
                .as("the message's place in the session, blank ones counted").isEqualTo(2);
        assertThat(SessionDocuments.hit(docs.get(0), terms, QueryTerms.analyzer()).isTitle()).isTrue();
    }

    @Test
    void everyVersionIsADocumentInTheOrderOfTheConversationWithItsIdPlaceAndVersion() {
        Message q = Message.user("q", "Which way is the tide running?", AT);
        Message edited = Message.user("q2", "Which way is the ebb running?", AT);
        Session session = Session.empty("s1", "Tides", AT).withChild(null, q, AT)
                .withChild("q", reply("r1", "Inland, for two more hours."), AT)
                .withChild("q", reply("r2", "It turned: out to sea."), AT)
                .withChild("r1", Message.user("q3", "And then?", AT), AT)
                .withChild(null, edited, AT)
                .withChild("q2", reply("r3", "Seaward, past the point."), AT)
                .withActive("r2");

        List<Document> docs = SessionDocuments.of(session);

        QueryTerms terms = QueryTerms.of("the", QueryTerms.analyzer());
        assertThat(docs.subList(1, docs.size())).extracting(d -> SessionDocuments.hit(d, terms, QueryTerms.analyzer()))
                .extracting(h -> h.messageId() + " " + h.messageIndex() + " " + h.version() + "/" + h.versions())
                .containsExactly("q 0 1/2", "r1 1 1/2", "q3 2 1/1", "r2 1 2/2", "q2 0 2/2", "r3 1 1/1");
        assertThat(docs).extracting(d -> d.getField(SessionDocuments.MID)).allSatisfy(f -> {
            if (f != null) {
                assertThat(f.fieldType().indexOptions()).as("the message id is indexed")
                        .isNotEqualTo(org.apache.lucene.index.IndexOptions.NONE);
            }
        });
    }

    private static Message reply(String id, String text) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, AT, "demo", null);
    }

    @Test
    void stampsAreNanosecondsAndSaturateFarOutside() {
        assertThat(SessionDocuments.stamp(AT)).isEqualTo(AT.getEpochSecond() * 1_000_000_000L + 123_456_789);
        assertThat(SessionDocuments.stamp(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(SessionDocuments.stamp(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void eachIndexedSessionsStampIsReadBackFromTheIndex() throws Exception {
        Instant later = AT.plusSeconds(60);
        try (Directory directory = FSDirectory.open(dir)) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(QueryTerms.analyzer())
                    .setIndexSort(SessionDocuments.NEWEST_FIRST))) {
                writer.addDocuments(SessionDocuments.of(new Session("s1", "One", AT, AT,
                        List.of(Message.user("m1", "text", AT)))));
                writer.addDocuments(SessionDocuments.of(new Session("s2", "Two", AT, later, List.of())));
                writer.deleteDocuments(SessionDocuments.ofSession("s1"));
                writer.addDocuments(SessionDocuments.of(new Session("s3", "Three", AT, AT, List.of())));
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertThat(SessionDocuments.stamps(reader)).isEqualTo(Map.of(
                        "s2", SessionDocuments.stamp(later), "s3", SessionDocuments.stamp(AT)));
            }
        }
    }
}
