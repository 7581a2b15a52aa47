package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rename, a pin and a move to the trash reach the session file a moment after they are made; a
 * child JVM killed with SIGKILL in that moment (its session-file saves are held back, so the kill
 * always lands there) must not lose them: the journal holds them, and the next start applies them.
 */
class SessionChangesKillTest {

    static final String RENAMED = "renamedchat1";
    static final String PINNED = "pinnedchat01";
    static final String DELETED = "deletedchat1";
    static final String NEW_TITLE = "Renamed just before the kill";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void aRenameAPinAndADeleteSurviveAKillBeforeTheirFilesAreSaved() throws Exception {
        try (Workspace workspace = open()) {
            for (String id : List.of(RENAMED, PINNED, DELETED)) {
                workspace.store().put(new Session(id, "Title of " + id, T0, T0,
                        List.of(Message.user(id + "-q", "question of " + id, T0))));
            }
            workspace.store().flush().get(10, TimeUnit.SECONDS);
        }
        byte[][] before = {file(RENAMED), file(PINNED), file(DELETED)};

        try (ChildJvm child = ChildJvm.start(SessionChangesChild.class, dataDir.toString())) {
            child.waitForLine("changed");
            within(Duration.ofSeconds(30)).alias("the three changes are in the journal file")
                    .until(() -> journalText().contains("\"session.renamed\"")
                            && journalText().contains("\"session.pinned\"") && journalText().contains("\"session.trashed\""));
            child.kill(); // SIGKILL
        }
        assertThat(List.of(file(RENAMED), file(PINNED), file(DELETED))).as("the files were never saved by the child")
                .containsExactly(before);

        try (Workspace workspace = open()) {
            SessionStore store = workspace.store();
            assertThat(store.summary(RENAMED).orElseThrow().title()).isEqualTo(NEW_TITLE);
            assertThat(store.get(RENAMED).orElseThrow().title()).isEqualTo(NEW_TITLE);
            assertThat(store.summary(PINNED).orElseThrow().pinned()).isTrue();
            assertThat(store.summary(DELETED).orElseThrow().inTrash()).isTrue();
            assertThat(store.summaries()).extracting(SessionSummary::id).doesNotContain(DELETED);
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open()) { // and saved, so it stays once the journal is checkpointed
            assertThat(Files.readString(dataDir.resolve("sessions").resolve(RENAMED + ".json"))).contains(NEW_TITLE);
            assertThat(workspace.store().summary(PINNED).orElseThrow().pinned()).isTrue();
        }
    }

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    private byte[] file(String id) throws Exception {
        return Files.readAllBytes(dataDir.resolve("sessions").resolve(id + ".json"));
    }

    private String journalText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(dataDir.resolve(Journal.DIRECTORY))) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
                text.append(Files.readString(f));
            }
        }
        return text.toString();
    }
}
