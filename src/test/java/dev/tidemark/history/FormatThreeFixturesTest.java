package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session files written by the version before compared replies were stored (format 3, the tree,
 * committed under {@code fixtures/sessions-v3/}) open in this one, are migrated to the current format
 * when first opened or written (never at start), keep their backup in {@code backup-v3/}, and
 * round-trip through the Tidemark export, also with a compared turn added to one.
 */
class FormatThreeFixturesTest {

    static final String TREE = "gzw1q4wgpk4n";
    static final String BRANCH = "wtg1hnskwgyn";
    static final String PINNED = "4x8kaq0bx3nm";
    static final String TRASHED = "zeagb0ery2cp";
    static final String RICH = "fixtree00001";
    static final List<String> IDS = List.of(TREE, BRANCH, PINNED, TRASHED, RICH);
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    @TempDir
    Path tmp;
    private FixtureSessions data;

    @BeforeEach
    void copyFixtures() {
        data = new FixtureSessions(tmp, "sessions-v3", IDS);
    }

    @AfterEach
    void closeStores() {
        data.close();
    }

    @Test
    void theyAreOfFormatThree() throws Exception {
        for (String id : IDS) {
            assertThat(new SessionCodec().decodeFile(data.fixtures.get(id)).format()).as(id).isEqualTo(3);
        }
        assertThat(SessionCodec.FORMAT_VERSION).as("the fixtures are of an older format than this one").isGreaterThan(3);
    }

    @Test
    void theyOpenAsTheyWereWrittenAndMigrateOnlyWhenOpened() throws Exception {
        SessionStore store = data.open(data.dataDir, true, NOW);
        assertThat(store.summaries()).extracting(SessionSummary::id).containsExactlyInAnyOrder(TREE, BRANCH, PINNED, RICH);
        assertThat(store.trash()).extracting(SessionSummary::id).containsExactly(TRASHED);
        for (String id : IDS) {
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).as("not migrated at start").isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(SessionStore.BACKUP_V3)).doesNotExist();

        Session tree = store.get(TREE).orElseThrow();
        assertThat(tree.title()).isEqualTo("Tides, with versions");
        assertThat(tree.allMessages()).hasSize(7);
        // the older question's branch was chosen: its second reply (the newest there) and the question below it
        assertThat(tree.messages()).extracting(Message::id)
                .containsExactly("ym0nmyp4f31z", "8610n1tds309", "8e49vsc9tyab", "vg35vmbs0mdt");
        assertThat(tree.children(null)).extracting(Message::id).containsExactly("ym0nmyp4f31z", "40kcrvnpydr8");
        assertThat(tree.children("ym0nmyp4f31z")).extracting(Message::id).containsExactly("p3v8m81k2bf3", "8610n1tds309");
        assertThat(tree.compared()).isEmpty();
        assertThat(store.summary(TREE).orElseThrow().format()).isEqualTo(SessionCodec.FORMAT_VERSION);
        assertThat(Files.readAllBytes(data.sessions.resolve(SessionStore.BACKUP_V3).resolve(TREE + ".json")))
                .isEqualTo(data.fixtures.get(TREE));
        assertThat(data.sessions.resolve(SessionStore.BACKUP_V3).resolve("migration.json")).exists();
        assertThat(Files.readAllBytes(data.sessions.resolve(RICH + ".json"))).as("not opened yet").isEqualTo(data.fixtures.get(RICH));

        Session branch = store.get(BRANCH).orElseThrow();
        assertThat(branch.title()).isEqualTo("Tides, with versions (branch)");
        assertThat(branch.branchedFrom()).hasValueSatisfying(from -> {
            assertThat(from.sessionId()).isEqualTo(TREE);
            assertThat(from.messageId()).isEqualTo("8610n1tds309");
        });
        assertThat(branch.messages()).hasSize(2);

        Session rich = store.get(RICH).orElseThrow();
        assertThat(rich.settings().systemPrompt()).isEqualTo("Be brief.");
        assertThat(rich.children("fixtreeq0001")).extracting(Message::status)
                .containsExactly(MessageStatus.STOPPED, MessageStatus.ERROR);
        Message stopped = rich.messages().get(1);
        assertThat(stopped.id()).as("the older version stays chosen").isEqualTo("fixtreea0001");
        assertThat(stopped.reasoning()).isEqualTo("thinking about it");
        assertThat(stopped.toolCalls()).hasSize(1);
        assertThat(stopped.gap()).isTrue();
        assertThat(stopped.stats().outputTokens()).isEqualTo(34L);
        assertThat(rich.messages()).extracting(Message::id).endsWith("fixtreeq0002");
        assertThat(store.get(PINNED).orElseThrow().pinned()).isTrue();
        Session trashed = store.get(TRASHED).orElseThrow();
        assertThat(trashed.inTrash()).isTrue();
        assertThat(trashed.allMessages()).hasSize(3);
        store.close();

        for (String id : IDS) {
            byte[] now = Files.readAllBytes(data.sessions.resolve(id + ".json"));
            SessionCodec.Decoded decoded = new SessionCodec().decodeFile(now);
            assertThat(decoded.format()).isEqualTo(SessionCodec.FORMAT_VERSION);
            assertThat(decoded.session()).isEqualTo(new SessionCodec().decode(data.fixtures.get(id)));
            assertThat(Files.readAllBytes(data.sessions.resolve(SessionStore.BACKUP_V3).resolve(id + ".json")))
                    .isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(SessionStore.BACKUP_V2)).doesNotExist();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aWriteToAFileNeverOpenedMigratesItFirstWithItsBackup() throws Exception {
        SessionStore store = data.open(data.dataDir, true, NOW);
        store.rename(TREE, "Renamed before ever opened");
        store.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readAllBytes(data.sessions.resolve(SessionStore.BACKUP_V3).resolve(TREE + ".json")))
                .isEqualTo(data.fixtures.get(TREE));
        assertThat(Files.readString(data.sessions.resolve(TREE + ".json"))).contains("\"format\" : " + dev.tidemark.session.SessionCodec.FORMAT_VERSION)
                .contains("Renamed before ever opened").contains("\"childId\" : \"ym0nmyp4f31z\"");
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aReaderThatDoesNotOwnTheDirectoryMigratesNothing() throws Exception {
        SessionStore store = data.open(data.dataDir, false, NOW);
        for (String id : IDS) {
            assertThat(store.get(id)).isPresent();
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(SessionStore.BACKUP_V3)).doesNotExist();
    }

    @Test
    void backupsGoThirtyDaysAfterEachFileWasMigrated() throws Exception {
        data.open(data.dataDir, true, NOW).get(TREE).orElseThrow();
        Instant later = NOW.plus(Duration.ofDays(10));
        data.open(data.dataDir, true, later).get(RICH).orElseThrow();
        Path backups = data.sessions.resolve(SessionStore.BACKUP_V3);

        data.open(data.dataDir, true, NOW.plus(SessionStore.KEPT).plusSeconds(60));
        assertThat(backups.resolve(TREE + ".json")).doesNotExist();
        assertThat(backups.resolve(RICH + ".json")).exists();

        data.open(data.dataDir, true, later.plus(SessionStore.KEPT).plusSeconds(60));
        assertThat(backups).doesNotExist();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void theyRoundTripThroughTheTidemarkExportWithAComparedTurnAddedToOne() throws Exception {
        SessionStore source = data.open(data.dataDir, true, NOW);
        Session tree = source.get(TREE).orElseThrow();
        String last = tree.messages().get(tree.messages().size() - 1).id();
        Message question = Message.user("comparedq001", "Which is right?", NOW);
        Session compared = tree.withChild(last, question, NOW).withCompared("comparedq001");
        for (String[] reply : new String[][] {{"comparedr001", "a/one"}, {"comparedr002", "b/two"}, {"comparedr003", "c/three"}}) {
            compared = compared.withChild("comparedq001", new Message(reply[0], Role.ASSISTANT, "From " + reply[1],
                    MessageStatus.COMPLETE, NOW.plusMillis(compared.allMessages().size()), reply[1], null), NOW);
        }
        source.put(compared);
        List<String> exported = IDS.stream().filter(id -> !id.equals(TRASHED)).toList(); // the trash is not exported
        SessionStore reopened = data.exportAndImport(source, exported, NOW);
        assertThat(Files.readString(data.exportFile(TREE))).contains("\"compared\"");
        Session back = reopened.get(TREE).orElseThrow();
        assertThat(back.isCompared("comparedq001")).isTrue();
        assertThat(back.children("comparedq001")).extracting(Message::id)
                .containsExactly("comparedr001", "comparedr002", "comparedr003");
        assertThat(back.messages()).extracting(Message::id).endsWith("comparedq001", "comparedr001");
        assertThat(data.problems).isEmpty();
    }
}
