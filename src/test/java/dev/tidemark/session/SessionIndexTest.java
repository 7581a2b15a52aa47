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
    void noIndexOrAnotherVersionsIndexIsNoIndex() throws Exception {
        assertThat(index().read()).isEmpty();
        assertThat(index().writtenNanos()).isZero();
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":2,\"entries\":{}}");
        assertThat(index().read()).isEmpty();
    }

    @Test
    void garbageOrAnUnsafeIdIsUnreadable() throws Exception {
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":1,\"sess");
        assertThatThrownBy(() -> index().read()).isInstanceOf(SessionIndex.Unreadable.class);
        index().write(List.of(entry("../etc", null, false)));
        assertThatThrownBy(() -> index().read()).isInstanceOf(SessionIndex.Unreadable.class);
    }
}
