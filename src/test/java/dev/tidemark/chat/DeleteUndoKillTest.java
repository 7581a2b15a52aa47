package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

        Process child = startChild();
        try {
            waitForLine(child, "undone");
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
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

    private Process startChild() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DeleteUndoChild.class.getName());
        command.add(dataDir.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void waitForLine(Process child, String line) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    if (l.equals(line)) {
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertThat(seen.get(60, TimeUnit.SECONDS)).as("the child printed '" + line + "'").isTrue();
    }
}
