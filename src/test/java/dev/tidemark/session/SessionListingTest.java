package dev.tidemark.session;

import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The list as the store opens it: from the index where it can be trusted, from the files elsewhere. */
class SessionListingTest {

    @TempDir
    Path dir;

    private final CountingFiles files = new CountingFiles();
    private final List<String> problems = new ArrayList<>();

    private SessionListing listing(boolean writable) {
        return new SessionListing(dir, files, new SessionIndex(dir, files), writable, p -> problems.add(p.message()));
    }

    private Path write(Session session, Instant at) throws Exception {
        Path file = Files.write(dir.resolve(session.id() + ".json"), new SessionCodec().encode(session));
        Files.setLastModifiedTime(file, FileTime.from(at));
        return file;
    }

    /** Lists the folder once from the files and writes its index, dated {@code at}. */
    private void indexAt(Instant at) throws Exception {
        SessionListing first = listing(true);
        first.load();
        SessionIndex index = new SessionIndex(dir, SessionFiles.disk());
        index.write(first.indexEntries());
        Files.setLastModifiedTime(dir.resolve(SessionIndex.FILE_NAME), FileTime.from(at));
        files.reads.clear();
    }

    @Test
    void readsOnlyTheIndexWhenItDescribesEveryFileWrittenWellBeforeIt() throws Exception {
        Instant old = Instant.parse("2026-11-01T00:00:00Z");
        write(SessionStoreTest.session("a", "Alpha", 2), old);
        write(SessionStoreTest.session("b", "Beta", 3), old);
        indexAt(old.plusSeconds(60));

        SessionListing listing = listing(false);
        listing.load();
        assertThat(files.readNames()).containsExactly(SessionIndex.FILE_NAME);
        assertThat(listing.summary("b").messageCount()).isEqualTo(3);
        assertThat(listing.indexStale()).isFalse();
    }

    @Test
    void readsAgainAFileChangedSinceTheIndexAndForgetsOneRemoved() throws Exception {
        Instant old = Instant.parse("2026-11-01T00:00:00Z");
        write(SessionStoreTest.session("a", "Alpha", 2), old);
        write(SessionStoreTest.session("b", "Beta", 3), old);
        indexAt(old.plusSeconds(60));
        write(SessionStoreTest.session("a", "Alpha again", 4), old.plusSeconds(120));
        Files.delete(dir.resolve("b.json"));

        SessionListing listing = listing(false);
        listing.load();
        assertThat(files.readNames()).containsExactlyInAnyOrder(SessionIndex.FILE_NAME, "a.json");
        assertThat(listing.summary("a").title()).isEqualTo("Alpha again");
        assertThat(listing.summary("b")).isNull();
        assertThat(listing.indexStale()).isTrue();
    }

    @Test
    void anIndexOfAnOlderFormatIsRebuiltFromTheFilesOnceAndWrittenInTheCurrentOne() throws Exception {
        Instant old = Instant.parse("2026-11-01T00:00:00Z");
        write(SessionStoreTest.session("a", "Alpha", 2), old);
        indexAt(old.plusSeconds(60));
        SessionIndex.Entry a = new SessionIndex(dir, SessionFiles.disk()).read().orElseThrow().get("a");
        SessionSummary s = a.summary();
        Files.writeString(dir.resolve(SessionIndex.FILE_NAME), "{\"format\":1,\"sessions\":[\n{\"id\":\"a\",\"title\":\""
                + s.title() + "\",\"createdAt\":\"" + s.createdAt() + "\",\"updatedAt\":\"" + s.updatedAt()
                + "\",\"messages\":" + s.messageCount() + ",\"preview\":\"" + s.preview() + "\",\"pinned\":false,"
                + "\"format\":" + s.format() + ",\"size\":" + a.stamp().size() + ",\"mtime\":" + a.stamp().mtimeNanos()
                + "}]}\n");
        Files.setLastModifiedTime(dir.resolve(SessionIndex.FILE_NAME), FileTime.from(old.plusSeconds(60)));

        SessionListing listing = listing(true);
        listing.load();
        // before index format 3 an entry does not say which attachments its file refers to: read once
        assertThat(files.readNames()).containsExactlyInAnyOrder(SessionIndex.FILE_NAME, "a.json");
        assertThat(listing.summary("a")).isEqualTo(s);
        assertThat(listing.indexStale()).isTrue();
    }

    @Test
    void listsADamagedFileReadOnlyAndOnlyTheOwnerRemovesSavesCutShort() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"format\":2,\"id\":\"bad\",\"ti");
        Files.writeString(dir.resolve("a.json.tmp"), "{\"half");

        SessionListing reader = listing(false);
        reader.load();
        assertThat(reader.summary("bad").damaged()).isTrue();
        assertThat(reader.isDamagedFile("bad")).isTrue();
        assertThat(dir.resolve("a.json.tmp")).exists();
        assertThat(problems).anyMatch(p -> p.contains("Unfinished save")).anyMatch(p -> p.contains("bad.json"));

        listing(true).load();
        assertThat(dir.resolve("a.json.tmp")).doesNotExist();
    }
}
