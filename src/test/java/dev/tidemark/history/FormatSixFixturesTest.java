package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.SessionCodec;
import dev.tidemark.session.SessionStore;
import dev.tidemark.session.SessionSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session files written by the version before background runs (format 6: tool calls with their
 * state and result, no finished recovered reply; committed under {@code fixtures/sessions-v6/})
 * open in this one, are migrated to the current format when first opened or written (never at
 * start), keep their backup in {@code backup-v6/}, and round-trip through the Tidemark export.
 */
class FormatSixFixturesTest {

    static final String TREE = FormatFiveFixturesTest.TREE;
    static final String BRANCH = FormatFiveFixturesTest.BRANCH;
    static final String PINNED = FormatFiveFixturesTest.PINNED;
    static final String TRASHED = FormatFiveFixturesTest.TRASHED;
    static final String RICH = FormatFiveFixturesTest.RICH;
    static final List<String> IDS = FormatFiveFixturesTest.IDS;
    static final String BACKUP_V6 = "backup-v6";
    static final String RECOVERED = "fixrecr00001";
    private static final Instant NOW = Instant.parse("2026-12-09T09:00:00Z");

    @TempDir
    Path tmp;
    private FixtureSessions data;

    @BeforeEach
    void copyFixtures() throws Exception {
        data = new FixtureSessions(tmp, "sessions-v6", IDS);
        AttachmentStore files = new AttachmentStore(data.dataDir);
        Files.createDirectories(files.directory());
        Files.writeString(files.path("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), "test");
        Files.writeString(files.path("ab5aa97074c454a0632057e704220d9a6678fbf773a0a5806fc09b8173b07309"), "notes");
    }

    @AfterEach
    void closeStores() {
        data.close();
    }

    @Test
    void theyAreOfFormatSix() throws Exception {
        for (String id : IDS) {
            assertThat(new SessionCodec().decodeFile(data.fixtures.get(id)).format()).as(id).isEqualTo(6);
        }
        assertThat(SessionCodec.FORMAT_VERSION).as("the fixtures are of an older format").isGreaterThan(6);
    }

    @Test
    void theyOpenAsTheyWereWrittenAndMigrateOnlyWhenOpened() throws Exception {
        SessionStore store = data.open(data.dataDir, true, NOW);
        assertThat(store.summaries()).extracting(SessionSummary::id).containsExactlyInAnyOrder(TREE, BRANCH, PINNED, RICH);
        assertThat(store.trash()).extracting(SessionSummary::id).containsExactly(TRASHED);
        for (String id : IDS) {
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).as("not migrated at start")
                    .isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(BACKUP_V6)).doesNotExist();

        Session pinned = store.get(PINNED).orElseThrow();
        Message recovered = pinned.message(RECOVERED).orElseThrow();
        assertThat(recovered.status()).isEqualTo(MessageStatus.RECOVERED);
        assertThat(recovered.recovered()).as("a recovered status says it").isTrue();
        assertThat(recovered.text()).isEqualTo("The next spring tide falls on");
        assertThat(pinned.allMessages()).filteredOn(m -> !m.id().equals(RECOVERED))
                .allSatisfy(m -> assertThat(m.recovered()).as(m.id()).isFalse());
        Session branch = store.get(BRANCH).orElseThrow();
        assertThat(branch.message("fixtoolr0002").orElseThrow().toolCalls()).extracting(ToolCall::state)
                .containsExactly(ToolCallState.DONE);
        assertThat(branch.settings().toolsOn()).isFalse();
        for (String id : IDS) {
            store.get(id).orElseThrow();
        }
        store.close();

        for (String id : IDS) {
            byte[] now = Files.readAllBytes(data.sessions.resolve(id + ".json"));
            SessionCodec.Decoded decoded = new SessionCodec().decodeFile(now);
            assertThat(decoded.format()).isEqualTo(SessionCodec.FORMAT_VERSION);
            assertThat(decoded.session()).isEqualTo(new SessionCodec().decode(data.fixtures.get(id)));
            assertThat(new String(now, java.nio.charset.StandardCharsets.UTF_8))
                    .as("a recovered status needs no flag").doesNotContain("\"recovered\" : true");
            assertThat(Files.readAllBytes(data.sessions.resolve(BACKUP_V6).resolve(id + ".json")))
                    .isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aRecoveredReplyFinishedByAReattachIsWrittenMarkedAndReadBackExactly() throws Exception {
        SessionStore source = data.open(data.dataDir, true, NOW);
        Session pinned = source.get(PINNED).orElseThrow();
        Message finished = pinned.message(RECOVERED).orElseThrow().withText("The next spring tide falls on the 14th.")
                .withStatus(MessageStatus.COMPLETE, null);
        assertThat(finished.recovered()).isTrue();
        source.put(pinned.withMessage(finished, NOW));
        source.flush().get(10, TimeUnit.SECONDS);
        source.close();

        String file = Files.readString(data.sessions.resolve(PINNED + ".json"));
        assertThat(file).contains("\"format\" : " + SessionCodec.FORMAT_VERSION)
                .contains("\"status\" : \"complete\",\n    \"recovered\" : true,");
        Message back = new SessionCodec().decode(file.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .message(RECOVERED).orElseThrow();
        assertThat(back).isEqualTo(finished);
        assertThat(back.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(back.recovered()).isTrue();
        assertThat(Files.readAllBytes(data.sessions.resolve(BACKUP_V6).resolve(PINNED + ".json")))
                .isEqualTo(data.fixtures.get(PINNED));

        SessionStore reopened = data.exportAndImport(data.open(data.dataDir, true, NOW), data.dataDir, List.of(PINNED), NOW);
        assertThat(reopened.get(PINNED).orElseThrow().message(RECOVERED).orElseThrow().recovered())
                .as("the export carries it").isTrue();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aReaderThatDoesNotOwnTheDirectoryMigratesNothing() throws Exception {
        SessionStore store = data.open(data.dataDir, false, NOW);
        for (String id : IDS) {
            assertThat(store.get(id)).isPresent();
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(BACKUP_V6)).doesNotExist();
    }

    @Test
    void backupsGoThirtyDaysAfterEachFileWasMigrated() throws Exception {
        data.open(data.dataDir, true, NOW).get(TREE).orElseThrow();
        Path backups = data.sessions.resolve(BACKUP_V6);
        assertThat(backups.resolve(TREE + ".json")).exists();
        data.open(data.dataDir, true, NOW.plus(SessionStore.KEPT).plusSeconds(60));
        assertThat(backups).doesNotExist();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void theyRoundTripThroughTheTidemarkExport() throws Exception {
        SessionStore source = data.open(data.dataDir, true, NOW);
        List<String> exported = IDS.stream().filter(id -> !id.equals(TRASHED)).toList();
        SessionStore reopened = data.exportAndImport(source, data.dataDir, exported, NOW);
        assertThat(reopened.get(PINNED).orElseThrow().message(RECOVERED).orElseThrow().recovered()).isTrue();
        assertThat(data.problems).isEmpty();
    }
}
