package dev.tidemark.session;

import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A data directory of format-1 session files (as Tidemark 0.1 wrote them) opened by this version. */
class SessionMigrationTest {

    static final String LISBON = "01JD7Q2V8K9ZC3M5N6P7R8S9TA";
    static final String WEATHER = "01JD80X3F4G5H6J7K8M9N0P1QR";
    static final Instant MIGRATED = Instant.parse("2026-11-26T08:00:00Z");

    @TempDir
    Path dataDir;
    Path sessions;
    final Map<String, byte[]> fixtures = new TreeMap<>();
    final List<String> problems = new ArrayList<>();

    @BeforeEach
    void copyFixture() throws IOException {
        sessions = dataDir.resolve("sessions");
        Files.createDirectories(sessions);
        for (String id : List.of(LISBON, WEATHER)) {
            try (InputStream in = getClass().getResourceAsStream("v1/" + id + ".json")) {
                byte[] bytes = in.readAllBytes();
                fixtures.put(id, bytes);
                Files.write(sessions.resolve(id + ".json"), bytes);
            }
        }
    }

    private SessionStore open(boolean writable, Instant now) throws IOException {
        return SessionStore.open(dataDir, writable, p -> problems.add(p.message()), Clock.fixed(now, ZoneOffset.UTC));
    }

    private Session readV1(String id) throws IOException {
        return new SessionCodec().decode(fixtures.get(id));
    }

    @Test
    void aReaderReadsFormatOneAndChangesNothing() throws Exception {
        try (SessionStore store = open(false, MIGRATED)) {
            assertThat(store.summaries()).extracting(SessionSummary::format).containsOnly(1);
            Session weather = store.get(WEATHER).orElseThrow();
            assertThat(weather.messages().get(1).status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(weather.messages().get(1).toolCalls().get(0).arguments()).isEqualTo("{\"city\": \"Por");
            assertThat(store.get(LISBON).orElseThrow().settings().temperature()).isEqualTo(0.4);
        }
        for (String id : fixtures.keySet()) {
            assertThat(Files.readAllBytes(sessions.resolve(id + ".json"))).isEqualTo(fixtures.get(id));
        }
        assertThat(sessions.resolve(SessionStore.BACKUP_V1)).doesNotExist();
    }

    @Test
    void theOwnerMigratesAFileWhenItIsFirstOpenedKeepingTheOldFileAside() throws Exception {
        String damaged = "{\n  \"format\" : 1,\n  \"id\" : \"cut\",\n  \"title\" : \"Cut short\",\n  \"createdAt\" : \"2026-10-01T00:00:00Z\",\n  \"upd";
        Files.writeString(sessions.resolve("cut.json"), damaged);

        try (SessionStore store = open(true, MIGRATED)) {
            // never all files at start: start-up does not grow with the history
            assertThat(store.summary(LISBON).orElseThrow().format()).isEqualTo(1);
            assertThat(Files.readAllBytes(sessions.resolve(LISBON + ".json"))).isEqualTo(fixtures.get(LISBON));
            assertThat(store.get(LISBON).orElseThrow()).isEqualTo(readV1(LISBON));
            assertThat(store.summary(LISBON).orElseThrow().format()).isEqualTo(SessionCodec.FORMAT_VERSION);
            assertThat(store.get(WEATHER).orElseThrow()).isEqualTo(readV1(WEATHER));
            assertThat(store.get("cut")).isPresent();
            assertThat(store.summary("cut").orElseThrow().damaged()).isTrue();
        }
        for (String id : fixtures.keySet()) {
            Path file = sessions.resolve(id + ".json");
            assertThat(Files.readString(file)).contains("\"format\" : " + SessionCodec.FORMAT_VERSION).contains("\"pinned\" : false");
            assertThat(new SessionCodec().decodeFile(Files.readAllBytes(file)).session()).isEqualTo(readV1(id));
            assertThat(Files.readAllBytes(sessions.resolve(SessionStore.BACKUP_V1).resolve(id + ".json")))
                    .isEqualTo(fixtures.get(id));
        }
        assertThat(Files.readString(sessions.resolve("cut.json"))).isEqualTo(damaged); // never "repaired"
        assertThat(sessions.resolve(SessionStore.BACKUP_V1).resolve("cut.json")).doesNotExist();
        assertThat(sessions.resolve(SessionStore.BACKUP_V1).resolve(SessionStore.MIGRATION_MARKER)).exists();
        try (Stream<Path> files = Files.list(sessions)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".migrating")
                    || n.endsWith(".tmp"));
        }
    }

    @Test
    void backupsAreRemovedThirtyDaysLaterOnlyWhereTheNewFileReadsWhole() throws Exception {
        try (SessionStore store = open(true, MIGRATED)) {
            assertThat(store.summaries()).hasSize(2);
            store.get(LISBON).orElseThrow();
            store.get(WEATHER).orElseThrow();
        }
        assertThat(problems).as("a migration that went well is not a problem").isEmpty();
        Path backups = sessions.resolve(SessionStore.BACKUP_V1);
        try (SessionStore store = open(true, MIGRATED.plus(SessionStore.KEPT).minusSeconds(3600))) {
            assertThat(store.summaries()).hasSize(2);
        }
        assertThat(backups.resolve(LISBON + ".json")).exists();
        assertThat(backups.resolve(WEATHER + ".json")).exists();

        // the Lisbon file is damaged since: its old copy is the only good one left, so it stays
        String lisbon = Files.readString(sessions.resolve(LISBON + ".json"));
        Files.writeString(sessions.resolve(LISBON + ".json"), lisbon.substring(0, lisbon.length() / 2));
        try (SessionStore store = open(true, MIGRATED.plus(SessionStore.KEPT).plusSeconds(3600))) {
            assertThat(store.summary(LISBON).orElseThrow().damaged()).isTrue();
        }
        assertThat(backups.resolve(LISBON + ".json")).exists();
        assertThat(backups.resolve(WEATHER + ".json")).doesNotExist();

        Files.writeString(sessions.resolve(LISBON + ".json"), lisbon);
        try (SessionStore store = open(true, MIGRATED.plus(SessionStore.KEPT).plusSeconds(7200))) {
            assertThat(store.summaries()).hasSize(2);
        }
        assertThat(backups).doesNotExist();
    }

    @Test
    void aMigrationCutShortIsDoneAgainWhenTheFileIsNextOpened() throws Exception {
        // as left by a kill after the new file was written and the backup made, before the swap
        Path backups = sessions.resolve(SessionStore.BACKUP_V1);
        Files.createDirectories(backups);
        Files.write(backups.resolve(LISBON + ".json"), fixtures.get(LISBON));
        Files.write(sessions.resolve(LISBON + ".json.migrating"), new SessionCodec().encode(readV1(LISBON)));
        try (SessionStore store = open(true, MIGRATED)) {
            assertThat(sessions.resolve(LISBON + ".json.migrating")).doesNotExist();
            assertThat(store.summaries()).extracting(SessionSummary::format).containsOnly(1);
            assertThat(store.get(LISBON).orElseThrow()).isEqualTo(readV1(LISBON));
            assertThat(store.summary(LISBON).orElseThrow().format()).isEqualTo(SessionCodec.FORMAT_VERSION);
        }
        assertThat(sessions.resolve(LISBON + ".json.migrating")).doesNotExist();
        assertThat(Files.readAllBytes(backups.resolve(LISBON + ".json"))).isEqualTo(fixtures.get(LISBON));
    }
}
