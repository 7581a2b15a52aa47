package dev.tidemark.session;

import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The trash keeps a deleted session for {@link SessionStore#KEPT}, then removes its file for good. */
class TrashTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    @Test
    void removesOnlyWhatWasDeletedLongerAgoThanKept() throws Exception {
        Session old = SessionStoreTest.session("old", "Old", 2)
                .withDeletedAt(NOW.minus(SessionStore.KEPT).minusSeconds(1));
        Session recent = SessionStoreTest.session("recent", "Recent", 2).withDeletedAt(NOW.minusSeconds(60));
        Session kept = SessionStoreTest.session("kept", "Kept", 2);
        for (Session s : List.of(old, recent, kept)) {
            Files.write(dir.resolve(s.id() + ".json"), new SessionCodec().encode(s));
        }
        SessionFiles disk = SessionFiles.disk();
        SessionListing listing = new SessionListing(dir, disk, new SessionIndex(dir, disk), true, p -> problems.add(p.message()));
        listing.load();
        Trash trash = new Trash(dir, disk, listing, Clock.fixed(NOW, ZoneOffset.UTC), p -> problems.add(p.message()));
        assertThat(trash.list()).extracting(SessionSummary::id).containsExactly("recent", "old");

        trash.emptyExpired();

        assertThat(trash.list()).extracting(SessionSummary::id).containsExactly("recent");
        assertThat(dir.resolve("old.json")).doesNotExist();
        assertThat(dir.resolve("recent.json")).exists();
        assertThat(listing.summary("kept")).isNotNull();
        assertThat(problems).isEmpty();
    }
}
