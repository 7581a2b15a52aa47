package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session files written by the version before the conversation tree (format 2, committed under
 * {@code fixtures/sessions/}) open in this one, are migrated to the current format when first opened or
 * written (never at start), keep their backup, and round-trip through the Tidemark export.
 */
class FormatTwoFixturesTest {

    static final List<String> IDS = List.of("19ceafn9j5kg", "fixsession01", "rx738eha0trm", "zvzhcv3s8f8w");
    private static final Instant NOW = Instant.parse("2026-12-06T18:00:00Z");

    @TempDir
    Path tmp;
    private FixtureSessions data;

    @BeforeEach
    void copyFixtures() {
        data = new FixtureSessions(tmp, "sessions", IDS);
    }

    @AfterEach
    void closeStores() {
        data.close();
    }

    @Test
    void theyOpenAsTheyWereWrittenAndMigrateOnlyWhenOpened() throws Exception {
        SessionStore store = data.open(data.dataDir, true, NOW);
        assertThat(store.summaries()).extracting(SessionSummary::id)
                .containsExactlyInAnyOrder("19ceafn9j5kg", "fixsession01", "zvzhcv3s8f8w");
        assertThat(store.trash()).extracting(SessionSummary::id).containsExactly("rx738eha0trm");
        for (String id : IDS) {
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).as("not migrated at start").isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(SessionStore.BACKUP_V2)).doesNotExist();

        Session tides = store.get("19ceafn9j5kg").orElseThrow();
        assertThat(tides.title()).isEqualTo("Tides and the moon");
        assertThat(tides.messages()).hasSize(4);
        assertThat(tides.messages()).extracting(Message::parentId).startsWith((String) null)
                .containsSubsequence(tides.messages().get(0).id(), tides.messages().get(1).id());
        assertThat(tides.messages().get(1).parentId()).isEqualTo(tides.messages().get(0).id());
        assertThat(tides.allMessages()).isEqualTo(tides.messages());
        assertThat(store.summary("19ceafn9j5kg").orElseThrow().format()).isEqualTo(SessionCodec.FORMAT_VERSION);
        assertThat(Files.readAllBytes(data.sessions.resolve(SessionStore.BACKUP_V2).resolve("19ceafn9j5kg.json")))
                .isEqualTo(data.fixtures.get("19ceafn9j5kg"));
        assertThat(data.sessions.resolve(SessionStore.BACKUP_V2).resolve("migration.json")).exists();
        assertThat(Files.readAllBytes(data.sessions.resolve("fixsession01.json"))).as("not opened yet")
                .isEqualTo(data.fixtures.get("fixsession01"));

        Session rich = store.get("fixsession01").orElseThrow();
        assertThat(rich.settings().systemPrompt()).isEqualTo("Be brief.");
        Message stopped = rich.messages().get(1);
        assertThat(stopped.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(stopped.reasoning()).isEqualTo("thinking about it");
        assertThat(stopped.toolCalls()).hasSize(1);
        assertThat(stopped.gap()).isTrue();
        assertThat(stopped.stats().outputTokens()).isEqualTo(34L);
        assertThat(rich.messages().get(3).status()).isEqualTo(MessageStatus.ERROR);
        assertThat(store.get("zvzhcv3s8f8w").orElseThrow().pinned()).isTrue();
        assertThat(store.get("rx738eha0trm").orElseThrow().inTrash()).isTrue();
        store.close();

        for (String id : IDS) {
            byte[] now = Files.readAllBytes(data.sessions.resolve(id + ".json"));
            SessionCodec.Decoded decoded = new SessionCodec().decodeFile(now);
            assertThat(decoded.format()).isEqualTo(SessionCodec.FORMAT_VERSION);
            assertThat(decoded.session()).isEqualTo(new SessionCodec().decode(data.fixtures.get(id)));
            assertThat(Files.readAllBytes(data.sessions.resolve(SessionStore.BACKUP_V2).resolve(id + ".json")))
                    .isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aWriteToAFileNeverOpenedMigratesItFirstWithItsBackup() throws Exception {
        SessionStore store = data.open(data.dataDir, true, NOW);
        store.rename("zvzhcv3s8f8w", "Renamed before ever opened");
        store.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readAllBytes(data.sessions.resolve(SessionStore.BACKUP_V2).resolve("zvzhcv3s8f8w.json")))
                .isEqualTo(data.fixtures.get("zvzhcv3s8f8w"));
        assertThat(Files.readString(data.sessions.resolve("zvzhcv3s8f8w.json"))).contains("\"format\" : " + dev.tidemark.session.SessionCodec.FORMAT_VERSION)
                .contains("Renamed before ever opened");
    }

    @Test
    void aReaderThatDoesNotOwnTheDirectoryMigratesNothing() throws Exception {
        SessionStore store = data.open(data.dataDir, false, NOW);
        for (String id : IDS) {
            assertThat(store.get(id)).isPresent();
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(SessionStore.BACKUP_V2)).doesNotExist();
    }

    @Test
    void backupsGoThirtyDaysAfterEachFileWasMigrated() throws Exception {
        data.open(data.dataDir, true, NOW).get("19ceafn9j5kg").orElseThrow();
        Instant later = NOW.plus(java.time.Duration.ofDays(10));
        data.open(data.dataDir, true, later).get("fixsession01").orElseThrow();
        Path backups = data.sessions.resolve(SessionStore.BACKUP_V2);

        data.open(data.dataDir, true, NOW.plus(SessionStore.KEPT).plusSeconds(60));
        assertThat(backups.resolve("19ceafn9j5kg.json")).doesNotExist();
        assertThat(backups.resolve("fixsession01.json")).exists();

        data.open(data.dataDir, true, later.plus(SessionStore.KEPT).plusSeconds(60));
        assertThat(backups).doesNotExist();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void theyRoundTripThroughTheTidemarkExportWithATreeAddedToOne() throws Exception {
        SessionStore source = data.open(data.dataDir, true, NOW);
        Session tides = source.get("19ceafn9j5kg").orElseThrow();
        String firstReply = tides.messages().get(1).id();
        Session branched = tides.withChild(firstReply, Message.user("editedq00001", "And the sun?", NOW), NOW)
                .withActive(tides.messages().get(3).id());
        source.put(branched);
        List<String> exported = IDS.stream().filter(id -> !id.equals("rx738eha0trm")).toList(); // the trash is not exported
        SessionStore reopened = data.exportAndImport(source, exported, NOW);
        Session back = reopened.get("19ceafn9j5kg").orElseThrow();
        assertThat(back.allMessages()).hasSize(5);
        assertThat(back.children(firstReply)).hasSize(2);
        assertThat(back.messages()).extracting(Message::id).doesNotContain("editedq00001");
        assertThat(data.problems).isEmpty();
    }
}
