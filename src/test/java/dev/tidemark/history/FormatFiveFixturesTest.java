package dev.tidemark.history;

import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Session files written by the version before the tool loop (format 5: the tree, compared replies
 * and attachments, tool calls only shown; committed under {@code fixtures/sessions-v5/}) open in
 * this one, are migrated to the current format when first opened or written (never at start),
 * keep their backup in {@code backup-v5/}, and round-trip through the Tidemark export.
 */
class FormatFiveFixturesTest {

    static final String TREE = "gzw1q4wgpk4n";
    static final String BRANCH = "wtg1hnskwgyn";
    static final String PINNED = "4x8kaq0bx3nm";
    static final String TRASHED = "zeagb0ery2cp";
    static final String RICH = "fixtree00001";
    static final List<String> IDS = List.of(TREE, BRANCH, PINNED, TRASHED, RICH);
    private static final Instant NOW = Instant.parse("2026-12-08T09:00:00Z");
    static final String BACKUP_V5 = "backup-v5";
    static final String ASKED = "fixattq00001";
    static final String REPLY = "fixtoolr0001";

    @TempDir
    Path tmp;
    private FixtureSessions data;

    @BeforeEach
    void copyFixtures() {
        data = new FixtureSessions(tmp, "sessions-v5", IDS);
        // the attached files themselves (a session file holds references only)
        AttachmentStore files = new AttachmentStore(data.dataDir);
        try {
            Files.createDirectories(files.directory());
            Files.writeString(files.path("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), "test");
            Files.writeString(files.path("ab5aa97074c454a0632057e704220d9a6678fbf773a0a5806fc09b8173b07309"), "notes");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeStores() {
        data.close();
    }

    @Test
    void theyAreOfFormatFive() throws Exception {
        for (String id : IDS) {
            assertThat(new SessionCodec().decodeFile(data.fixtures.get(id)).format()).as(id).isEqualTo(5);
        }
        assertThat(SessionCodec.FORMAT_VERSION).as("the fixtures are of an older format").isGreaterThan(5);
    }

    @Test
    void theyOpenAsTheyWereWrittenAndMigrateOnlyWhenOpened() throws Exception {
        SessionStore store = data.open(data.dataDir, true, NOW);
        assertThat(store.summaries()).extracting(SessionSummary::id).containsExactlyInAnyOrder(TREE, BRANCH, PINNED, RICH);
        assertThat(store.trash()).extracting(SessionSummary::id).containsExactly(TRASHED);
        for (String id : IDS) {
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).as("not migrated at start").isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(BACKUP_V5)).doesNotExist();

        Session tree = store.get(TREE).orElseThrow();
        assertThat(tree.title()).isEqualTo("Tides, with versions");
        assertThat(tree.allMessages()).hasSize(10);
        assertThat(tree.isCompared("fixcmpq00001")).isTrue();
        assertThat(tree.children("fixcmpq00001")).extracting(Message::model).containsExactly("a/one", "b/two");
        assertThat(tree.children(null)).extracting(Message::id).containsExactly("ym0nmyp4f31z", "40kcrvnpydr8");
        assertThat(tree.allMessages()).allMatch(m -> m.attachments().isEmpty());
        assertThat(store.summary(TREE).orElseThrow().format()).isEqualTo(SessionCodec.FORMAT_VERSION);
        assertThat(Files.readAllBytes(data.sessions.resolve(BACKUP_V5).resolve(TREE + ".json")))
                .isEqualTo(data.fixtures.get(TREE));
        assertThat(data.sessions.resolve(BACKUP_V5).resolve("migration.json")).exists();
        assertThat(Files.readAllBytes(data.sessions.resolve(RICH + ".json"))).as("not opened yet").isEqualTo(data.fixtures.get(RICH));

        Session branch = store.get(BRANCH).orElseThrow();
        assertThat(branch.branchedFrom()).hasValueSatisfying(from -> assertThat(from.sessionId()).isEqualTo(TREE));
        assertThat(branch.message(ASKED).orElseThrow().attachments()).extracting(Attachment::name)
                .containsExactly("photo.png", "notes.txt");
        assertThat(branch.messages()).extracting(Message::id).endsWith(ASKED, REPLY);
        assertThat(branch.message(REPLY).orElseThrow().toolCalls()).extracting(ToolCall::id, ToolCall::name,
                ToolCall::server, ToolCall::tool, ToolCall::state, ToolCall::result)
                .containsExactly(tuple("call_1", "read_file", null, null, null, null),
                        tuple("call_2", "search", null, null, null, null));
        Session rich = store.get(RICH).orElseThrow();
        assertThat(rich.settings().systemPrompt()).isEqualTo("Be brief.");
        assertThat(rich.children("fixtreeq0001")).extracting(Message::status)
                .containsExactly(MessageStatus.STOPPED, MessageStatus.ERROR);
        assertThat(rich.messages().get(1).toolCalls()).hasSize(1);
        assertThat(store.get(PINNED).orElseThrow().pinned()).isTrue();
        assertThat(store.get(TRASHED).orElseThrow().inTrash()).isTrue();
        store.close();

        for (String id : IDS) {
            byte[] now = Files.readAllBytes(data.sessions.resolve(id + ".json"));
            SessionCodec.Decoded decoded = new SessionCodec().decodeFile(now);
            assertThat(decoded.format()).isEqualTo(SessionCodec.FORMAT_VERSION);
            assertThat(decoded.session()).isEqualTo(new SessionCodec().decode(data.fixtures.get(id)));
            assertThat(Files.readAllBytes(data.sessions.resolve(BACKUP_V5).resolve(id + ".json")))
                    .isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(FormatFourFixturesTest.BACKUP_V4)).doesNotExist();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aWriteToAFileNeverOpenedMigratesItFirstWithItsBackup() throws Exception {
        SessionStore store = data.open(data.dataDir, true, NOW);
        store.rename(TREE, "Renamed before ever opened");
        store.flush().get(10, TimeUnit.SECONDS);
        assertThat(Files.readAllBytes(data.sessions.resolve(BACKUP_V5).resolve(TREE + ".json")))
                .isEqualTo(data.fixtures.get(TREE));
        assertThat(Files.readString(data.sessions.resolve(TREE + ".json"))).contains("\"format\" : " + SessionCodec.FORMAT_VERSION)
                .contains("Renamed before ever opened").contains("\"compared\" : [ \"fixcmpq00001\" ]");
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aReaderThatDoesNotOwnTheDirectoryMigratesNothing() throws Exception {
        SessionStore store = data.open(data.dataDir, false, NOW);
        for (String id : IDS) {
            assertThat(store.get(id)).isPresent();
            assertThat(Files.readAllBytes(data.sessions.resolve(id + ".json"))).isEqualTo(data.fixtures.get(id));
        }
        assertThat(data.sessions.resolve(BACKUP_V5)).doesNotExist();
    }

    @Test
    void backupsGoThirtyDaysAfterEachFileWasMigrated() throws Exception {
        data.open(data.dataDir, true, NOW).get(TREE).orElseThrow();
        Path backups = data.sessions.resolve(BACKUP_V5);
        assertThat(backups.resolve(TREE + ".json")).exists();
        data.open(data.dataDir, true, NOW.plus(SessionStore.KEPT).plusSeconds(60));
        assertThat(backups).doesNotExist();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void aReplyWithARunCallAddedToOneIsWrittenInTheCurrentFormatAndReadBack() throws Exception {
        SessionStore source = data.open(data.dataDir, true, NOW);
        Session tree = source.get(BRANCH).orElseThrow();
        Attachment picture = new Attachment("picture.png", "image/png", 4,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        ToolCall run = new ToolCall("call_9", "pictures__picture", "{}").requested("pictures", "picture")
                .with(ToolCallState.DONE, new ToolResult("a picture", false, List.of(picture)));
        Message reply = new Message("fixtoolr0002", Role.ASSISTANT, "", MessageStatus.COMPLETE, NOW, "a/one", null,
                "", List.of(run), false);
        source.put(tree.withChild(REPLY, reply, NOW).withSettings(tree.settings().withTools(false), NOW));
        source.flush().get(10, TimeUnit.SECONDS);
        source.close();
        Session back = new SessionCodec().decode(Files.readAllBytes(data.sessions.resolve(BRANCH + ".json")));
        assertThat(back.message("fixtoolr0002").orElseThrow().toolCalls()).containsExactly(run);
        assertThat(back.settings().toolsOn()).isFalse();
        assertThat(Files.readString(data.sessions.resolve(BRANCH + ".json"))).contains("\"tools\" : false")
                .contains("\"state\" : \"done\"").contains("\"server\" : \"pictures\"");
        assertThat(Files.readAllBytes(data.sessions.resolve(BACKUP_V5).resolve(BRANCH + ".json")))
                .isEqualTo(data.fixtures.get(BRANCH));
    }

    @Test
    void theyRoundTripThroughTheTidemarkExport() throws Exception {
        SessionStore source = data.open(data.dataDir, true, NOW);
        List<String> exported = IDS.stream().filter(id -> !id.equals(TRASHED)).toList(); // the trash is not exported
        SessionStore reopened = data.exportAndImport(source, data.dataDir, exported, NOW);
        assertThat(reopened.get(BRANCH).orElseThrow().message(ASKED).orElseThrow().attachments()).hasSize(2);
        assertThat(reopened.get(BRANCH).orElseThrow().message(REPLY).orElseThrow().toolCalls()).hasSize(2);
        assertThat(reopened.get(TREE).orElseThrow().isCompared("fixcmpq00001")).isTrue();
        assertThat(data.problems).isEmpty();
    }

    @Test
    void backupsKeepTheirTimeWhenTheStoreIsOpenedAgainBeforeThen() throws Exception {
        data.open(data.dataDir, true, NOW).get(TREE).orElseThrow();
        data.open(data.dataDir, true, NOW.plus(Duration.ofDays(29)));
        assertThat(data.sessions.resolve(BACKUP_V5).resolve(TREE + ".json")).exists();
    }
}
