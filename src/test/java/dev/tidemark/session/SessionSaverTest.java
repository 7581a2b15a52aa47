package dev.tidemark.session;

import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's thread: saves what the cache holds unsaved, then the index; retries a failed save. */
class SessionSaverTest {

    @TempDir
    Path dir;

    private final CountingFiles files = new CountingFiles();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final SessionCache cache = new SessionCache();
    private final Object lock = new Object();

    private SessionListing listing;

    private SessionSaver saver() {
        SessionIndex index = new SessionIndex(dir, files);
        listing = new SessionListing(dir, files, index, true, p -> problems.add(p.message()));
        return new SessionSaver(dir, files, listing, index, cache, lock, p -> problems.add(p.message()));
    }

    private void change(SessionSaver saver, Session session) {
        synchronized (lock) {
            cache.holdUnsaved(session);
        }
        saver.saveSoon(session.id());
    }

    @Test
    void savesTheLatestVersionThenTheIndexOnClose() throws Exception {
        Session a = SessionStoreTest.session("a", "Alpha", 2);
        try (SessionSaver saver = saver()) {
            change(saver, a);
            change(saver, a.withPinned(true));
            saver.flush().get(10, TimeUnit.SECONDS);
            saver.finishWrites();
        }
        assertThat(new SessionCodec().decode(Files.readAllBytes(dir.resolve("a.json")))).isEqualTo(a.withPinned(true));
        assertThat(new SessionIndex(dir, SessionFiles.disk()).read().orElseThrow().get("a").summary().pinned())
                .isTrue();
        synchronized (lock) {
            assertThat(cache.unsaved("a")).isNull();
            assertThat(cache.get("a")).isEqualTo(a.withPinned(true));
        }
    }

    @Test
    void aFailedSaveIsKeptInMemoryAndRetried() throws Exception {
        Session a = SessionStoreTest.session("a", "Alpha", 2);
        files.failWrites = true;
        try (SessionSaver saver = saver()) {
            change(saver, a);
            assertThatThrownBy(() -> saver.flush().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(problems).anyMatch(p -> p.contains("cannot write the chat 'Alpha'"));
            synchronized (lock) {
                assertThat(cache.unsaved("a")).isEqualTo(a);
            }
            files.failWrites = false;
            patiently().until(() -> Files.exists(dir.resolve("a.json"))); // retried without being asked
            saver.flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(problems).contains("Sessions are being saved again.");
        assertThat(listing.indexEntries()).extracting(e -> e.summary().title()).containsExactly("Alpha");
    }
}
