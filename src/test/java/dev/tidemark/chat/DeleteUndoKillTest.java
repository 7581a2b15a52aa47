package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delete undone just before a kill (SIGKILL of a child JVM, its journal not checkpointed since)
 * stays undone at the next start: recovery replays the journal's deletion records, which must not
 * take the messages put back away again. The copy in the trash is there too.
 */
class DeleteUndoKillTest {

    static final String SESSION = "undochat0001";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void messagesPutBackByUndoSurviveAKillAndTheRecoveryAfterIt() throws Exception {
        try (Workspace workspace = open()) {
            workspace.store().put(new Session(SESSION, "Undo", T0, T0, List.of(Message.user("q1", "first", T0),
                    reply("a1", "first answer"), Message.user("q2", "second", T0), reply("a2", "second answer"))));
            workspace.store().flush().get(10, TimeUnit.SECONDS);
        }

        try (ChildJvm child = ChildJvm.start(DeleteUndoChild.class, dataDir.toString())) {
            child.waitForLine("undone");
            child.kill(); // SIGKILL
        }

        try (Workspace workspace = open()) {
            assertThat(workspace.store().get(SESSION).orElseThrow().messages()).extracting(Message::text)
                    .containsExactly("first", "first answer", "second", "second answer");
            assertThat(workspace.store().trash()).hasSize(1);
        }
    }

    private static Message reply(String id, String text) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, T0, "demo/demo", null);
    }

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }
}
