package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;
import org.apache.lucene.util.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The search index on a real session store in a temporary data directory. */
class SearchIndexTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dataDir;

    private final List<String> problems = new CopyOnWriteArrayList<>();
    private SessionStore store;
    private SearchIndex index;

    @BeforeEach
    void openStore() throws Exception {
        store = SessionStore.open(dataDir, true, p -> problems.add(p.message()));
        store.put(session("tides", "Tidemark and the tides", T0,
                "When is the next high tide in Brest?",
                "High water in Brest is at 14:32 today; the tidal range is large this week."));
        store.put(session("bread", "Sourdough", T0.plusSeconds(60),
                "How long should the dough rise overnight?",
                "Let the dough rise for 12 hours in a cool place; a warm kitchen needs less."));
        store.put(session("lucene", "Search engines", T0.plusSeconds(120),
                "What does an inverted index store?",
                "For every term, the documents that contain it: a postings list."));
        store.flush().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
        store.close();
    }

    @Test
    void findsAWordInAMessageWithItsSessionIndexAndMarks() throws Exception {
        openIndex();
        SearchResults results = index.search("postings", 50);
        assertThat(results.indexed()).isTrue();
        assertThat(results.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.sessionId()).isEqualTo("lucene");
            assertThat(hit.messageIndex()).isEqualTo(1);
            assertThat(hit.role()).isEqualTo(Role.ASSISTANT);
            assertThat(hit.snippet().markedWords()).containsExactly("postings");
            assertThat(hit.snippet().bracketed()).contains("a [postings] list");
        });
    }

    @Test
    void aPrefixFindsWholeWordsInTitlesAndMessagesIgnoringCase() throws Exception {
        openIndex();
        SearchResults results = index.search("TID", 50);
        assertThat(results.hits()).extracting(SearchHit::sessionId).containsOnly("tides");
        assertThat(results.hits()).extracting(SearchHit::messageIndex)
                .containsExactlyInAnyOrder(SearchHit.TITLE, 0, 1);
        SearchHit title = results.hits().stream().filter(SearchHit::isTitle).findFirst().orElseThrow();
        assertThat(title.snippet().markedWords()).containsExactly("Tidemark", "tides");
        SearchHit reply = results.hits().stream().filter(h -> h.messageIndex() == 1).findFirst().orElseThrow();
        assertThat(reply.snippet().markedWords()).containsExactly("tidal");
    }

    @Test
    void everyWordOfTheQueryMustBeInTheSameMessage() throws Exception {
        openIndex();
        assertThat(index.search("dough overnight", 50).hits()).extracting(SearchHit::messageIndex)
                .containsExactly(0);
        assertThat(index.search("dough postings", 50).hits()).isEmpty();
        assertThat(index.search("   ", 50).hits()).isEmpty();
    }

    @Test
    void hitsComeNewestSessionFirstThenTitleThenMessagesInOrder() throws Exception {
        openIndex();
        // "the" is in every message but one, and in one title
        assertThat(index.search("the", 50).hits()).extracting(h -> h.sessionId() + "#" + h.messageIndex())
                .containsExactly("lucene#1", "bread#0", "bread#1", "tides#-1", "tides#0", "tides#1");
    }

    @Test
    void aMessageSavedByTheStoreIsFoundOnceIndexed() throws Exception {
        openIndex();
        assertThat(index.search("focaccia", 50).hits()).isEmpty();
        store.update("bread", s -> s.withMessage(Message.user("m-new", "And focaccia?", T0.plusSeconds(300)),
                T0.plusSeconds(300)));
        index.flush().get(10, TimeUnit.SECONDS);
        assertThat(index.search("focacc", 50).hits()).singleElement().satisfies(hit -> {
            assertThat(hit.sessionId()).isEqualTo("bread");
            assertThat(hit.messageIndex()).isEqualTo(2);
            assertThat(hit.messageId()).isEqualTo("m-new");
        });
    }

    @Test
    void findsTextInAVersionOffTheActivePathAndTheHitOpensThatVersion() throws Exception {
        store.put(anchors(T0.plusSeconds(200)));
        store.flush().get(10, TimeUnit.SECONDS);
        openIndex();
        Session anchors = store.get("anchors").orElseThrow();
        assertThat(anchors.messages()).extracting(Message::id).containsExactly("anchors-q", "anchors-a2", "anchors-q2");

        assertThat(index.search("plough", 50).hits()).singleElement().satisfies(hit -> {
            assertThat(hit.messageId()).isEqualTo("anchors-a1");
            assertThat(hit.role()).isEqualTo(Role.ASSISTANT);
            assertThat(List.of(hit.messageIndex(), hit.version(), hit.versions())).containsExactly(1, 1, 2);
            assertThat(hit.isOnActivePath(anchors)).isFalse();
            Session shown = anchors.withActive(hit.messageId()); // what opening the hit shows
            assertThat(shown.messages().get(hit.messageIndex()).id()).isEqualTo(hit.messageId());
            assertThat(hit.isOnActivePath(shown)).isTrue();
        });
        assertThat(index.search("sand", 50).hits()).extracting(h -> h.messageId() + " " + h.messageIndex() + " "
                + h.version() + "/" + h.versions()).containsExactly("anchors-q 0 1/1", "anchors-a1 1 1/2",
                "anchors-a2 1 2/2");
        assertThat(index.search("weed", 50).hits()).extracting(SearchHit::messageId, SearchHit::messageIndex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("anchors-q2", 2));
        assertThat(index.search("weed", 50).hits().get(0).isOnActivePath(anchors)).isTrue();
        assertThat(index.search("weed", 50).hits().get(0).isOnActivePath(anchors.withActive("anchors-a1")))
                .as("another version is shown above it").isFalse();
    }

    @Test
    void aNewVersionIsFoundBesideTheOneItTookThePlaceOf() throws Exception {
        openIndex();
        Instant later = T0.plusSeconds(300);
        store.update("bread", s -> s.withChild("bread-q", new Message("bread-a2", Role.ASSISTANT,
                "Four hours somewhere warm is enough.", MessageStatus.COMPLETE, later, "demo", null), later));
        index.flush().get(10, TimeUnit.SECONDS);
        assertThat(index.search("warm", 50).hits()).extracting(h -> h.messageId() + " " + h.version() + "/"
                + h.versions()).containsExactly("bread-a 1/2", "bread-a2 2/2");
        assertThat(index.search("cool place", 50).hits()).extracting(SearchHit::messageId).containsExactly("bread-a");
    }

    @Test
    void anIndexWrittenBeforeVersionsWereIndexedIsRebuilt() throws Exception {
        store.put(anchors(T0.plusSeconds(200)));
        store.flush().get(10, TimeUnit.SECONDS);
        // the index as version 1 wrote it: the active path of each session only, the same stamps
        IndexUpdater old = IndexUpdater.open(dataDir.resolve(SearchIndex.DIRECTORY), QueryTerms.analyzer(),
                new ActivePathOnly(new StoreLibrary(store)), true);
        old.catchUp(true).close();
        old.rollbackQuietly();
        Files.writeString(dataDir.resolve(SearchIndex.DIRECTORY).resolve(IndexFolder.MARKER),
                "{\"format\":\"tidemark-search-index\",\"version\":1,\"lucene\":\"" + Version.LATEST + "\"}\n");

        openIndex();
        assertThat(index.search("plough", 50).hits()).extracting(SearchHit::messageId).containsExactly("anchors-a1");
        assertThat(problems).isEmpty();
    }

    @Test
    void aDeletedIndexIsRebuiltFromTheSessionFiles() throws Exception {
        openIndex();
        index.close();
        deleteIndexFiles();
        openIndex();
        assertThat(index.isIndexed()).isTrue();
        assertThat(index.search("inverted", 50).hits()).extracting(SearchHit::sessionId).containsExactly("lucene");
    }

    @Test
    void aDamagedIndexIsRebuiltAndSaysSo() throws Exception {
        openIndex();
        index.close();
        try (Stream<Path> files = Files.list(dataDir.resolve(SearchIndex.DIRECTORY))) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals(IndexFolder.MARKER)
                    && !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.write(file, "this is not a Lucene file".getBytes());
            }
        }
        openIndex();
        assertThat(index.isIndexed()).isTrue();
        assertThat(index.search("brest", 50).hits()).extracting(SearchHit::sessionId).containsOnly("tides");
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("search index was damaged"));
    }

    @Test
    void anIndexOfAnotherVersionIsRebuilt() throws Exception {
        openIndex();
        index.close();
        Files.writeString(dataDir.resolve(SearchIndex.DIRECTORY).resolve(IndexFolder.MARKER),
                "{\"format\":\"tidemark-search-index\",\"version\":0}");
        // a session that the old index never saw: only a rebuild (or catch-up) can find it
        store.put(session("kayak", "Paddling", T0.plusSeconds(500), "Which kayak for the estuary?", "A sea kayak."));
        store.flush().get(10, TimeUnit.SECONDS);
        openIndex();
        assertThat(index.search("estuary", 50).hits()).extracting(SearchHit::sessionId).containsExactly("kayak");
        assertThat(Files.readString(dataDir.resolve(SearchIndex.DIRECTORY).resolve(IndexFolder.MARKER)))
                .contains("\"version\":" + IndexFolder.VERSION);
    }

    @Test
    void changesMadeWhileTheIndexWasClosedAreCaughtUp() throws Exception {
        openIndex();
        index.close();
        store.update("tides", s -> s.withTitle("Spring tides at Saint-Malo", T0.plusSeconds(900)));
        openIndex();
        assertThat(index.search("malo", 50).hits()).extracting(SearchHit::messageIndex)
                .containsExactly(SearchHit.TITLE);
    }

    @Test
    void readOnlyItSearchesTheIndexAnotherProcessKeepsOrElseScans() throws Exception {
        try (SearchIndex readOnly = SearchIndex.open(dataDir, new StoreLibrary(store), false, p -> problems.add(p.message()))) {
            readOnly.ready().get(10, TimeUnit.SECONDS);
            assertThat(readOnly.isIndexed()).isFalse();
            SearchResults scanned = readOnly.search("postings", 50);
            assertThat(scanned.indexed()).isFalse();
            assertThat(scanned.hits()).extracting(SearchHit::sessionId).containsExactly("lucene");
        }
        assertThat(dataDir.resolve(SearchIndex.DIRECTORY)).as("a reader creates no index").doesNotExist();
        openIndex(); // the owner builds it
        index.flush().get(10, TimeUnit.SECONDS);
        try (SearchIndex readOnly = SearchIndex.open(dataDir, new StoreLibrary(store), false, p -> problems.add(p.message()))) {
            readOnly.ready().get(10, TimeUnit.SECONDS);
            assertThat(readOnly.isIndexed()).isTrue();
            assertThat(readOnly.search("postings", 50).hits()).extracting(SearchHit::sessionId)
                    .containsExactly("lucene");
        }
    }

    @Test
    void withoutAnIndexTheScanFindsTheSameHits() throws Exception {
        store.put(anchors(T0.plusSeconds(200)));
        store.flush().get(10, TimeUnit.SECONDS);
        openIndex();
        ScanSearch scan = new ScanSearch(new StoreLibrary(store));
        for (String query : List.of("tid", "dough", "the", "rise hours", "index", "sand", "plough", "a")) {
            SearchResults scanned = scan.search(query, 50);
            assertThat(scanned.indexed()).isFalse();
            assertThat(index.search(query, 50).hits()).as(query).containsExactlyElementsOf(scanned.hits());
        }
    }

    private void openIndex() throws Exception {
        index = SearchIndex.open(dataDir, new StoreLibrary(store), true, p -> problems.add(p.message()));
        index.ready().get(30, TimeUnit.SECONDS);
        assertThat(index.isIndexed()).as("index ready; problems: %s", problems).isTrue();
    }

    private void deleteIndexFiles() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve(SearchIndex.DIRECTORY))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dataDir.resolve(SearchIndex.DIRECTORY));
    }

    /** A question answered twice, and asked on from the second answer: the first is off the active path. */
    private static Session anchors(Instant at) {
        Message question = Message.user("anchors-q", "Which anchor holds in sand?", at);
        Message first = new Message("anchors-a1", Role.ASSISTANT, "A plough anchor digs into sand.",
                MessageStatus.COMPLETE, at.plusSeconds(5), "demo", null);
        Message second = new Message("anchors-a2", Role.ASSISTANT, "A Danforth holds best in sand and mud.",
                MessageStatus.COMPLETE, at.plusSeconds(10), "demo", null);
        return Session.empty("anchors", "Anchoring", at).withChild(null, question, at)
                .withChild(question.id(), first, first.createdAt()).withChild(question.id(), second, second.createdAt())
                .withChild(second.id(), Message.user("anchors-q2", "And in weed?", at.plusSeconds(20)),
                        at.plusSeconds(20));
    }

    /** The sessions as the index saw them before it held every version: their active paths. */
    private record ActivePathOnly(SessionLibrary library) implements SessionLibrary {
        @Override
        public List<String> ids() {
            return library.ids();
        }

        @Override
        public Map<String, Instant> stamps() {
            return library.stamps();
        }

        @Override
        public Optional<Session> load(String id) {
            return library.load(id).map(s -> new Session(s.id(), s.title(), s.createdAt(), s.updatedAt(),
                    s.messages(), s.settings()));
        }

        @Override
        public void add(Session session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWritable() {
            return false;
        }

        @Override
        public void addChangeListener(Consumer<String> changedId) {
        }
    }

    private static Session session(String id, String title, Instant at, String question, String answer) {
        Message q = Message.user(id + "-q", question, at);
        Message a = new Message(id + "-a", Role.ASSISTANT, answer, MessageStatus.COMPLETE, at.plusSeconds(5),
                "demo", null);
        return new Session(id, title, at, at.plusSeconds(5), List.of(q, a));
    }
}
