package dev.tidemark.session;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The session store on real files: the index, damaged files, the trash, and what it never writes over. */
class SessionStoreTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    static Session session(String id, String title, int messages) {
        List<Message> list = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            Instant at = T0.plusSeconds(i);
            list.add(i % 2 == 0 ? Message.user(id + "-m" + i, "question " + i + " of " + title, at)
                    : new Message(id + "-m" + i, Role.ASSISTANT, "answer " + i + " of " + title,
                    MessageStatus.COMPLETE, at, "demo", null, "", List.of(), false, null));
        }
        return new Session(id, title, T0, T0.plusSeconds(messages), list);
    }

    private SessionStore open(boolean writable) throws IOException {
        return SessionStore.open(dataDir, writable, p -> problems.add(p.message()));
    }

    private SessionStore openAt(Instant now) throws IOException {
        return SessionStore.open(dataDir, true, p -> problems.add(p.message()), Clock.fixed(now, ZoneOffset.UTC));
    }

    private void save(Session... sessions) throws Exception {
        try (SessionStore store = open(true)) {
            for (Session s : sessions) {
                store.put(s);
            }
            store.flush().get(10, TimeUnit.SECONDS);
        }
    }

    private Path file(String id) {
        return dataDir.resolve("sessions").resolve(id + ".json");
    }

    private Path index() {
        return dataDir.resolve("sessions").resolve(SessionStore.INDEX);
    }

    @Test
    void listsFromTheIndexAndReadsMessagesOnlyWhenAsked() throws Exception {
        save(session("a", "Alpha", 4), session("b", "Beta", 2));
        assertThat(index()).exists();
        // swap b's content for garbage of the same size and time: a list read from the index cannot notice
        byte[] bytes = Files.readAllBytes(file("b"));
        FileTime time = Files.getLastModifiedTime(file("b"));
        Files.write(file("b"), "x".repeat(bytes.length).getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(file("b"), time);
        // ...provided the index was written well after the files (files saved within a tick of the
        // index are read again: see the next test)
        Files.setLastModifiedTime(index(), FileTime.from(time.toInstant().plusSeconds(60)));

        try (SessionStore store = open(false)) {
            assertThat(store.summaries()).extracting(SessionSummary::title).containsExactly("Alpha", "Beta");
            SessionSummary alpha = store.summaries().get(0);
            assertThat(alpha.messageCount()).isEqualTo(4);
            assertThat(alpha.preview()).isEqualTo("answer 3 of Alpha");
            assertThat(alpha.format()).isEqualTo(SessionCodec.FORMAT_VERSION);
            assertThat(store.summary("b").orElseThrow().damaged()).isFalse();
            assertThat(problems).isEmpty();
            assertThat(store.get("a").orElseThrow()).isEqualTo(session("a", "Alpha", 4));
        }
    }

    @Test
    void aFileChangedWithinATickOfTheIndexIsReadAgainThoughItsSizeAndTimeMatch() throws Exception {
        save(session("a", "Alpha", 4), session("b", "Beta", 2));
        // a save the index never heard of (a crash came first), of the same size, in the same clock
        // tick as the index write: size and time look unchanged
        byte[] bytes = Files.readAllBytes(file("b"));
        FileTime time = Files.getLastModifiedTime(file("b"));
        Files.write(file("b"), new String(bytes, StandardCharsets.UTF_8).replace("Beta", "Bet2")
                .getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file("b"), time);
        Files.setLastModifiedTime(index(), time);

        try (SessionStore store = open(false)) {
            assertThat(store.summary("b").orElseThrow().title()).isEqualTo("Bet2");
            assertThat(store.summary("a").orElseThrow().title()).isEqualTo("Alpha");
        }
    }

    @Test
    void rebuildsAMissingIndexFromTheFiles() throws Exception {
        save(session("a", "Alpha", 2), session("b", "Beta", 3));
        Files.delete(index());
        try (SessionStore store = open(true)) {
            assertThat(store.summaries()).extracting(SessionSummary::title, SessionSummary::messageCount)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("Beta", 3),
                            org.assertj.core.groups.Tuple.tuple("Alpha", 2));
        }
        assertThat(Files.readString(index())).contains("\"Alpha\"").contains("\"Beta\"");
    }

    @Test
    void rebuildsADamagedIndexOrOneOfAnUnknownVersion() throws Exception {
        save(session("a", "Alpha", 2));
        Files.writeString(index(), "{\"format\":1,\"sessions\":[{\"id\":\"a\",\"tit");
        try (SessionStore store = open(true)) {
            assertThat(store.summaries()).extracting(SessionSummary::title).containsExactly("Alpha");
        }
        assertThat(problems).anyMatch(p -> p.contains("index") && p.contains("rebuilt"));
        assertThat(Files.readString(index())).contains("\"Alpha\"");

        Files.writeString(index(), "{\"format\":99,\"sessions\":[]}");
        try (SessionStore store = open(true)) {
            assertThat(store.summaries()).extracting(SessionSummary::title).containsExactly("Alpha");
        }
        assertThat(Files.readString(index())).startsWith("{\"format\":" + SessionStore.INDEX_FORMAT + ",");
    }

    @Test
    void readsAgainWhatTheIndexDescribesWrongly() throws Exception {
        save(session("a", "Alpha", 2), session("b", "Beta", 2), session("c", "Gamma", 2));
        // changed behind the index's back, one added, one removed
        Files.write(file("a"), new SessionCodec().encode(session("a", "Alpha renamed", 5)));
        Files.write(file("d"), new SessionCodec().encode(session("d", "Delta", 1)));
        Files.delete(file("c"));
        try (SessionStore store = open(true)) {
            assertThat(store.summaries()).extracting(SessionSummary::id, SessionSummary::title)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a", "Alpha renamed"),
                            org.assertj.core.groups.Tuple.tuple("b", "Beta"),
                            org.assertj.core.groups.Tuple.tuple("d", "Delta"));
            assertThat(store.summary("a").orElseThrow().messageCount()).isEqualTo(5);
            assertThat(store.get("c")).isEmpty();
        }
        String rewritten = Files.readString(index());
        assertThat(rewritten).contains("Alpha renamed").contains("Delta").doesNotContain("Gamma");
    }

    @Test
    void oneDamagedFileAmongGoodOnesIsListedWithWhatCanBeReadAndNeverWrittenOver() throws Exception {
        save(session("a", "Alpha", 2), session("b", "Beta", 6), session("c", "Gamma", 2));
        Files.delete(index());
        // b cut short in the middle of its fifth message, as a disk might leave it
        String whole = Files.readString(file("b"));
        String cut = whole.substring(0, whole.indexOf("answer 5 of Beta") - 40);
        Files.writeString(file("b"), cut);
        // and a file that is not JSON at all
        Files.writeString(file("z"), "\u0000\u0000 not json");

        try (SessionStore store = open(true)) {
            assertThat(store.summaries()).extracting(SessionSummary::id).containsExactlyInAnyOrder("a", "b", "c", "z");
            SessionSummary b = store.summary("b").orElseThrow();
            assertThat(b.damaged()).isTrue();
            assertThat(b.readOnly()).isTrue();
            assertThat(b.title()).isEqualTo("Beta");
            assertThat(b.messageCount()).isEqualTo(5);
            assertThat(store.get("b").orElseThrow().messages()).extracting(Message::text)
                    .containsExactly("question 0 of Beta", "answer 1 of Beta", "question 2 of Beta",
                            "answer 3 of Beta", "question 4 of Beta");
            SessionSummary z = store.summary("z").orElseThrow();
            assertThat(z.damaged()).isTrue();
            assertThat(z.title()).isEqualTo("Damaged: z.json");
            assertThat(store.get("z")).isEmpty(); // listed, but nothing of it can be read
            // the others work as ever
            assertThat(store.get("a").orElseThrow()).isEqualTo(session("a", "Alpha", 2));
            store.rename("a", "Alpha two");
            assertThatThrownBy(() -> store.rename("b", "Repaired")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("damaged");
            assertThatThrownBy(() -> store.moveToTrash("z")).isInstanceOf(IllegalStateException.class);
            store.flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(problems).anyMatch(p -> p.contains("b.json")).anyMatch(p -> p.contains("z.json"));
        assertThat(Files.readString(file("b"))).isEqualTo(cut);
        assertThat(Files.readString(file("z"))).isEqualTo("\u0000\u0000 not json");
        // listed from the index next time, still damaged
        problems.clear();
        try (SessionStore store = open(false)) {
            assertThat(store.summary("b").orElseThrow().damaged()).isTrue();
            assertThat(store.summary("a").orElseThrow().title()).isEqualTo("Alpha two");
        }
    }

    @Test
    void trashHidesASessionUntilUndoneAndEmptiesAfterThirtyDays() throws Exception {
        save(session("a", "Alpha", 2), session("b", "Beta", 2));
        Instant deletedAt = Instant.parse("2026-11-21T08:00:00Z");
        try (SessionStore store = openAt(deletedAt)) {
            store.moveToTrash("a");
            assertThat(store.summaries()).extracting(SessionSummary::id).containsExactly("b");
            assertThat(store.trash()).extracting(SessionSummary::id).containsExactly("a");
            store.restore("a");
            assertThat(store.summaries()).extracting(SessionSummary::id).containsExactlyInAnyOrder("a", "b");
            store.moveToTrash("a");
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (SessionStore store = openAt(deletedAt.plus(SessionStore.KEPT).minusSeconds(60))) {
            assertThat(store.trash()).extracting(SessionSummary::id).containsExactly("a");
            assertThat(store.get("a").orElseThrow().deletedAt()).isEqualTo(deletedAt);
            assertThat(store.get("a").orElseThrow().messages()).hasSize(2);
        }
        assertThat(file("a")).exists();
        try (SessionStore store = openAt(deletedAt.plus(SessionStore.KEPT).plusSeconds(60))) {
            assertThat(store.trash()).isEmpty();
            assertThat(store.get("a")).isEmpty();
            assertThat(store.summaries()).extracting(SessionSummary::id).containsExactly("b");
        }
        assertThat(file("a")).doesNotExist();
        assertThat(Files.readString(index())).doesNotContain("\"a\"");
    }

    @Test
    void renameAndPinAreSavedWithoutMovingTheSessionInTime() throws Exception {
        save(session("a", "Alpha", 2));
        try (SessionStore store = open(true)) {
            store.rename("a", "  A better   title ");
            store.setPinned("a", true);
            assertThatThrownBy(() -> store.rename("a", "  ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.rename("nope", "x")).isInstanceOf(IllegalArgumentException.class);
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (SessionStore store = open(false)) {
            SessionSummary a = store.summary("a").orElseThrow();
            assertThat(a.title()).isEqualTo("A better title");
            assertThat(a.pinned()).isTrue();
            assertThat(a.updatedAt()).isEqualTo(session("a", "Alpha", 2).updatedAt());
        }
        assertThat(Files.readString(file("a"))).contains("\"pinned\" : true").contains("\"format\" : " + SessionCodec.FORMAT_VERSION);
    }

    @Test
    void aFileFromANewerTidemarkOpensReadOnlyAndIsNeverRewritten() throws Exception {
        save(session("a", "Alpha", 2));
        String v5 = new String(new SessionCodec().encode(session("n", "From the future", 2)), StandardCharsets.UTF_8)
                .replace("\"format\" : " + SessionCodec.FORMAT_VERSION, "\"format\" : " + (SessionCodec.FORMAT_VERSION + 1))
                .replace("\"messages\"", "\"folders\" : [ \"work\" ],\n  \"messages\"");
        Files.writeString(file("n"), v5);
        try (SessionStore store = open(true)) {
            SessionSummary n = store.summary("n").orElseThrow();
            assertThat(n.format()).isEqualTo(SessionCodec.FORMAT_VERSION + 1);
            assertThat(n.readOnly()).isTrue();
            assertThat(n.damaged()).isFalse();
            assertThat(store.get("n").orElseThrow().messages()).hasSize(2);
            assertThatThrownBy(() -> store.setPinned("n", true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("newer");
            // even a change from inside (recovery puts what the journal holds) is kept in memory only
            store.update("n", s -> s.withTitle("changed", s.updatedAt()));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(problems).anyMatch(p -> p.contains("newer Tidemark"));
        assertThat(Files.readString(file("n"))).isEqualTo(v5);
        assertThat(dataDir.resolve("sessions").resolve(SessionStore.BACKUP_V1)).doesNotExist();
    }

    @Test
    void findsTheSessionOfAMessageWithoutKeepingEverySessionInMemory() throws Exception {
        List<Session> many = new ArrayList<>();
        for (int i = 0; i < SessionStore.CACHE_SIZE + 10; i++) {
            many.add(session("s" + i, "Session " + i, 3));
        }
        save(many.toArray(Session[]::new));
        try (SessionStore store = open(false)) {
            assertThat(store.findMessage("s7-m2")).map(Session::id).contains("s7");
            assertThat(store.findMessage("s7-m")).isEmpty();
            assertThat(store.findMessage("nowhere")).isEmpty();
            for (Session s : many) { // more than the cache holds: each read again from its file when needed
                assertThat(store.get(s.id()).orElseThrow()).isEqualTo(s);
            }
            assertThat(store.get(many.get(0).id()).orElseThrow()).isEqualTo(many.get(0));
        }
    }

    @Test
    void leftoverTempFilesAreRemovedByTheOwnerOnly() throws Exception {
        save(session("a", "Alpha", 2));
        Files.writeString(dataDir.resolve("sessions").resolve("a.json.tmp"), "{\"half");
        Files.writeString(dataDir.resolve("sessions").resolve("index.json.tmp"), "{\"half");
        try (SessionStore store = open(false)) {
            assertThat(store.summaries()).hasSize(1);
        }
        assertThat(dataDir.resolve("sessions").resolve("a.json.tmp")).exists();
        try (SessionStore store = open(true)) {
            assertThat(store.summaries()).hasSize(1);
        }
        assertThat(dataDir.resolve("sessions").resolve("a.json.tmp")).doesNotExist();
        assertThat(dataDir.resolve("sessions").resolve("index.json.tmp")).doesNotExist();
    }
}
