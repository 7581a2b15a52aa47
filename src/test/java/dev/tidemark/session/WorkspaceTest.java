package dev.tidemark.session;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.provider.demo.DemoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceTest {

    @TempDir
    Path tmp;

    private final List<String> problems = new CopyOnWriteArrayList<>();

    @Test
    void aDirectoryThatCannotBeWrittenOpensReadOnlyAndSaysWhy() throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        try (Workspace workspace = Workspace.open(notADirectory.resolve("data"), Journal.Options.defaults(),
                Clock.systemUTC(), p -> problems.add(p.message()))) {
            assertThat(workspace.isReadOnly()).isTrue();
            assertThat(workspace.readOnlyReason()).get().asString().startsWith("Tidemark cannot write to")
                    .contains("cannot save anything new");
            assertThat(workspace.store().summaries()).isEmpty();
        }
    }

    @Test
    void whenTheJournalFileIsRemovedTheReplyInFlightIsJournaledAgain() throws Exception {
        Path dataDir = tmp.resolve("data");
        try (Workspace workspace = open(dataDir)) {
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
            workspace.onSegmentLost(chat::journalAgain);
            Session session = chat.createSession();
            Reply reply = chat.send(session.id(), "hello", new DemoProvider(Duration.ofMillis(20)), null);
            patiently().until(() -> reply.length() > 60);
            try (var files = Files.list(dataDir.resolve("journal"))) {
                for (Path segment : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                    Files.delete(segment);
                }
            }
            patiently().until(() -> problems.stream().anyMatch(p -> p.contains("was removed")));
            patiently().until(() -> reply.length() > 200);
            // what a crash right now would leave: a copy of the directory, recovered by a new start,
            // must hold the reply so far (the text from before the loss included), and nothing orphaned
            String soFar = reply.text();
            Path copy = tmp.resolve("crashed-now");
            copyTree(dataDir, copy);
            List<JournalRecord> records = Journal.readOnly(copy).records();
            assertThat(records).anySatisfy(r -> assertThat(r).isInstanceOf(JournalRecord.UserMessage.class));
            assertThat(records).anySatisfy(r -> assertThat(r).isInstanceOf(JournalRecord.StreamStarted.class));
            try (Workspace recovered = Workspace.open(copy, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
                assertThat(recovered.recovery().unplaced()).isEmpty();
                Message back = recovered.store().get(session.id()).orElseThrow().messages().stream()
                        .filter(m -> m.id().equals(reply.streamId())).findFirst().orElseThrow();
                assertThat(back.status()).isEqualTo(MessageStatus.RECOVERED);
                assertThat(soFar).startsWith(back.text());
                assertThat(back.text().length()).as("the text from before the loss is there again").isGreaterThan(60);
                assertThat(back.gap()).isFalse();
            }
            Message done = reply.finished().get(30, TimeUnit.SECONDS);
            assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        }
    }

    /** Copies a data directory as a crash would leave it (all but the owner's lock). */
    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("tidemark.lock")) {
                    try {
                        Files.copy(p, target);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // a temporary file renamed away while copying: a crash would not have it either
                    }
                }
            }
        }
    }

    private Workspace open(Path dataDir) throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> problems.add(p.message()));
    }
}
