package dev.tidemark.history;

import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Committed session files of an older format in a data directory of a test: copied there as they
 * are, opened with stores that are closed after the test, and sent through the Tidemark export and
 * import into a fresh directory.
 */
final class FixtureSessions implements AutoCloseable {

    final Path dataDir;
    final Path sessions;
    /** The fixture files' bytes, by session id. */
    final Map<String, byte[]> fixtures = new TreeMap<>();
    /** What the stores reported. */
    final List<String> problems = new CopyOnWriteArrayList<>();
    private final Path tmp;
    private final List<SessionStore> stores = new ArrayList<>();

    /** Copies {@code /fixtures/<folder>/<id>.json} for each id into {@code tmp/data/sessions/}. */
    FixtureSessions(Path tmp, String folder, List<String> ids) {
        this.tmp = tmp;
        this.dataDir = tmp.resolve("data");
        this.sessions = dataDir.resolve("sessions");
        try {
            Files.createDirectories(sessions);
            for (String id : ids) {
                try (InputStream in = getClass().getResourceAsStream("/fixtures/" + folder + "/" + id + ".json")) {
                    byte[] bytes = in.readAllBytes();
                    fixtures.put(id, bytes);
                    Files.write(sessions.resolve(id + ".json"), bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store on {@code dir} whose clock stands at {@code at}; closed with this. */
    SessionStore open(Path dir, boolean writable, Instant at) throws IOException {
        SessionStore store = SessionStore.open(dir, writable, p -> problems.add(p.message()),
                Clock.fixed(at, ZoneOffset.UTC));
        stores.add(store);
        return store;
    }

    /**
     * Exports each of these sessions of {@code source} to its own Tidemark export file, imports
     * every file into a fresh data directory, and opens that again, read-only: each session must
     * come back equal to what {@code source} held.
     *
     * @return the reopened store
     */
    SessionStore exportAndImport(SessionStore source, List<String> ids, Instant at) throws Exception {
        return exportAndImport(source, null, ids, at);
    }

    /**
     * Like {@link #exportAndImport(SessionStore, List, Instant)}, with the attachments of {@code
     * sourceDir} exported beside each file and imported into the fresh directory (null: none).
     */
    SessionStore exportAndImport(SessionStore source, Path sourceDir, List<String> ids, Instant at) throws Exception {
        List<Session> expected = new ArrayList<>();
        for (String id : ids) {
            expected.add(source.get(id).orElseThrow());
        }
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        for (String id : ids) {
            if (sourceDir == null) {
                Exporter.toFile(exportFile(id), out -> new Exporter(library(source, null), clock)
                        .exportSession(id, ExportFormat.JSON, out).orElseThrow());
            } else {
                new Exporter(library(source, sourceDir), clock).exportSessionTo(id, ExportFormat.JSON, exportFile(id))
                        .orElseThrow();
            }
        }
        SessionStore target = open(tmp.resolve("target"), true, at);
        Importer importer = new Importer();
        for (String id : ids) {
            ImportResult result = importer.apply(importer.read(exportFile(id)),
                    library(target, sourceDir == null ? null : tmp.resolve("target")));
            assertThat(result.imported()).containsExactly(id);
        }
        target.flush().get(10, TimeUnit.SECONDS);
        target.close();
        SessionStore reopened = open(tmp.resolve("target"), false, at);
        for (Session s : expected) {
            assertThat(reopened.get(s.id())).get().isEqualTo(s);
        }
        return reopened;
    }

    private static StoreLibrary library(SessionStore store, Path dir) {
        return dir == null ? new StoreLibrary(store)
                : new StoreLibrary(store, new dev.tidemark.session.AttachmentStore(dir));
    }

    /** Where {@link #exportAndImport} wrote a session's export. */
    Path exportFile(String id) {
        return tmp.resolve(id + ".tidemark.json");
    }

    @Override
    public void close() {
        stores.forEach(SessionStore::close);
    }
}
