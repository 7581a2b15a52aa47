package dev.tidemark.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The index file on its own: what it writes it reads back, and what it does not know it refuses. */
class SessionIndexTest {

    @TempDir
    Path dir;

    private SessionIndex index() {
        return new SessionIndex(dir, SessionFiles.disk());
    }

    private static SessionIndex.Entry entry(String id, Instant deletedAt, boolean damaged) {
        SessionSummary summary = new SessionSummary(id, "Title of " + id, SessionStoreTest.T0,
                SessionStoreTest.T0.plusMillis(1234), 3, "a \"preview\"", true, deletedAt, 2, damaged,
                damaged ? "cut short" : null);
        return new SessionIndex.Entry(summary, new SessionIndex.FileStamp(512, 1_764_000_000_123_456_789L));
    }

    @Test
    void readsBackWhatItWrote() throws Exception {
        List<SessionIndex.Entry> entries = List.of(entry("a", null, false), entry("b", Instant.EPOCH, true));
        index().write(entries);
        Map<String, SessionIndex.Entry> read = index().read().orElseThrow();
        assertThat(read).containsOnlyKeys("a", "b");
        assertThat(read.values()).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(index().writtenNanos()).isPositive();
    }

    @Test
    void readsTheInstantsEveryVersionWroteExactlyAsInstantParseDoes() throws Exception {
        for (String text : List.of("2026-11-26T07:45:19Z", "2026-11-26T07:45:19.1Z", "2026-02-28T23:59:59.123456Z",
                "1970-01-01T00:00:00.000000001Z", "2024-02-29T12:00:00.999999999Z", "+12026-01-01T00:00:00Z",
                "2026-11-26T07:45:19.000Z")) {
            Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":1,\"sessions\":[{\"id\":\"a\","
                    + "\"createdAt\":\"" + text + "\",\"updatedAt\":\"" + text + "\",\"deletedAt\":\"" + text + "\","
                    + "\"size\":1,\"mtime\":2}]}");
            SessionSummary read = index().read().orElseThrow().get("a").summary();
            assertThat(List.of(read.createdAt(), read.updatedAt(), read.deletedAt())).as(text)
                    .containsOnly(Instant.parse(text));
        }
    }

    @Test
    void anEntryWithAnImpossibleDateMakesTheIndexUnreadable() throws Exception {
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":1,\"sessions\":[{\"id\":\"a\","
                + "\"createdAt\":\"2026-13-01T00:00:00Z\",\"updatedAt\":\"2026-11-01T00:00:00Z\","
                + "\"size\":1,\"mtime\":2}]}");
        assertThatThrownBy(() -> index().read()).isInstanceOf(SessionIndex.Unreadable.class);
    }

    @Test
    void noIndexOrAnIndexOfAFormatItDoesNotKnowIsNoIndex() throws Exception {
        assertThat(index().read()).isEmpty();
        assertThat(index().writtenNanos()).isZero();
        for (int format : List.of(SessionIndex.FORMAT + 1, 0)) {
            Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":" + format + ",\"entries\":{}}");
            SessionIndex index = index();
            assertThat(index.read()).as("format " + format).isEmpty();
            assertThat(index.formatRead()).isEqualTo(-1);
        }
    }

    @Test
    void writesItsTimesAsNumbersAndReadsThemBackToTheNanosecond() throws Exception {
        List<Instant> times = List.of(Instant.parse("2026-11-26T07:45:19Z"), Instant.parse("2026-11-26T07:45:19.1Z"),
                Instant.parse("2024-02-29T12:00:00.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("+12026-01-01T00:00:00.000001Z"), Instant.EPOCH);
        List<SessionIndex.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            Instant t = times.get(i);
            SessionSummary summary = new SessionSummary("s" + i, "T", t, t.plusNanos(7), 1, "", false,
                    i % 2 == 0 ? t.minusSeconds(1) : null, 2, false, null);
            entries.add(new SessionIndex.Entry(summary, new SessionIndex.FileStamp(1, 2)));
        }
        index().write(entries);
        String text = Files.readString(dir.resolve(SessionIndex.FILE_NAME));
        assertThat(text).startsWith("{\"format\":" + SessionIndex.FORMAT + ",")
                .contains("\"createdAt\":1795679119,").contains("\"createdAtNano\":100000000,")
                .doesNotContain("\"createdAt\":\"");
        SessionIndex index = index();
        assertThat(index.read().orElseThrow().values()).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(index.formatRead()).isEqualTo(SessionIndex.FORMAT);
    }

    @Test
    void entriesKeepTheirAttachmentsAndAnUnknownListIsLeftOut() throws Exception {
        String h1 = "a".repeat(64);
        String h2 = "0123456789abcdef".repeat(4);
        SessionIndex.Entry known = new SessionIndex.Entry(entry("k", null, false).summary(), entry("k", null, false).stamp(), java.util.Set.of(h2, h1));
        SessionIndex.Entry unknown = new SessionIndex.Entry(entry("u", null, false).summary(), entry("u", null, false).stamp(), null);
        SessionIndex.Entry none = entry("n", null, false);
        String written = new String(SessionIndex.encode(java.util.List.of(known, unknown, none)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(written).startsWith("{\"format\":3,").contains("\"attachments\":[\"" + h2 + "\",\"" + h1 + "\"]")
                .contains("\"attachments\":[]");
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), written);
        java.util.Map<String, SessionIndex.Entry> back = index().read().orElseThrow();
        assertThat(back.get("k")).isEqualTo(known);
        assertThat(back.get("u").attachments()).isNull();
        assertThat(back.get("n").attachments()).isEmpty();
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), written.replace(h1, "NOT-A-HASH"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> index().read())
                .isInstanceOf(SessionIndex.Unreadable.class);
    }

    @Test
    void aFormatOneIndexIsStillRead() throws Exception {
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":1,\"sessions\":[\n{\"id\":\"a\",\"title\":\"A\","
                + "\"createdAt\":\"2026-11-26T07:45:19.123456Z\",\"updatedAt\":\"2026-11-26T08:00:00Z\",\"messages\":3,"
                + "\"preview\":\"p\",\"pinned\":true,\"deletedAt\":\"2026-11-27T00:00:00Z\",\"format\":2,"
                + "\"size\":10,\"mtime\":20}]}\n");
        SessionIndex index = index();
        SessionIndex.Entry a = index.read().orElseThrow().get("a");
        assertThat(a).isEqualTo(new SessionIndex.Entry(new SessionSummary("a", "A",
                Instant.parse("2026-11-26T07:45:19.123456Z"), Instant.parse("2026-11-26T08:00:00Z"), 3, "p", true,
                Instant.parse("2026-11-27T00:00:00Z"), 2, false, null), new SessionIndex.FileStamp(10, 20), null));
        assertThat(a.attachments()).as("not known before index format 3: the listing reads the files").isNull();
        assertThat(index.formatRead()).isEqualTo(1);
    }

    @Test
    void aTimeThatIsNotANumberOrANanosecondOutOfRangeMakesAFormatTwoIndexUnreadable() throws Exception {
        for (String time : List.of("\"createdAt\":\"2026-11-26T07:45:19Z\"", "\"createdAt\":1,\"createdAtNano\":1000000000",
                "\"createdAt\":1,\"createdAtNano\":-1", "\"createdAt\":1.5", "\"createdAt\":99999999999999999")) {
            Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":2,\"sessions\":[{\"id\":\"a\","
                    + time + ",\"updatedAt\":2,\"size\":1,\"mtime\":2}]}");
            assertThatThrownBy(() -> index().read()).as(time).isInstanceOf(SessionIndex.Unreadable.class);
        }
    }

    @Test
    void garbageOrAnUnsafeIdIsUnreadable() throws Exception {
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":1,\"sess");
        assertThatThrownBy(() -> index().read()).isInstanceOf(SessionIndex.Unreadable.class);
        index().write(List.of(entry("../etc", null, false)));
        assertThatThrownBy(() -> index().read()).isInstanceOf(SessionIndex.Unreadable.class);
    }
}
