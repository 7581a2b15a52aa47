package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal file removed under the app during a compared turn: the question is journaled again
 * once (with {@code compare}), each reply in flight again from its start, and a crash right then
 * recovers all three below the question, in the order asked.
 */
class ComparedTurnJournalAgainTest {

    @TempDir
    Path tmp;

    private final List<MockWebServer> servers = List.of(new MockWebServer(), new MockWebServer(), new MockWebServer());
    private final List<SlowSseBody> bodies = new ArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        bodies.forEach(SlowSseBody::release);
        servers.forEach(MockWebServer::close);
    }

    @Test
    void theQuestionIsJournaledAgainOnceAndEveryReplyInFlightBelowIt() throws Exception {
        Path dataDir = tmp.resolve("data");
        List<ChatService.Target> targets = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            SlowSseBody held = SlowSseBody.openAi(List.of("from-" + i + " ", "never"), Duration.ZERO).holdBefore(1);
            bodies.add(held);
            servers.get(i).enqueue(held.response());
            servers.get(i).start();
            targets.add(new ChatService.Target(new OpenAiProvider(new OkHttpClient(),
                    servers.get(i).url("/v1").toString(), "sk-test-" + i), "model-" + i));
        }
        try (Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(),
                p -> problems.add(p.message()))) {
            ChatService chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
            workspace.onSegmentLost(chat::journalAgain);
            Session session = chat.createSession();
            List<Reply> replies = chat.sendToMany(session.id(), "which?", targets);
            patiently().until(() -> replies.stream().allMatch(r -> r.length() > 0));
            try (var files = Files.list(dataDir.resolve(Journal.DIRECTORY))) {
                for (Path segment : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                    Files.delete(segment);
                }
            }
            chat.createSession(); // a barrier record: its force finds the file gone
            patiently().until(() -> problems.stream().anyMatch(p -> p.contains("was removed")));
            patiently().until(() -> Journal.readOnly(dataDir).records().stream()
                    .filter(r -> r instanceof JournalRecord.TextDelta).count() >= replies.size());

            // what a crash right now would leave
            Path copy = tmp.resolve("crashed-now");
            copyAllButTheLock(dataDir, copy);
            List<JournalRecord> records = Journal.readOnly(copy).records();
            String question = replies.get(0).userMessage().id();
            assertThat(records).filteredOn(r -> r instanceof JournalRecord.UserMessage)
                    .singleElement().satisfies(r -> {
                        JournalRecord.UserMessage user = (JournalRecord.UserMessage) r;
                        assertThat(user.messageId()).isEqualTo(question);
                        assertThat(user.compared()).isTrue();
                    });
            assertThat(records).filteredOn(r -> r instanceof JournalRecord.StreamStarted)
                    .extracting(r -> ((JournalRecord.StreamStarted) r).parentId()).containsOnly(question).hasSize(3);
            try (Workspace recovered = Workspace.open(copy, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
                assertThat(recovered.recovery().unplaced()).isEmpty();
                Session back = recovered.store().get(session.id()).orElseThrow();
                assertThat(back.isCompared(question)).isTrue();
                assertThat(back.children(question)).extracting(Message::id)
                        .containsExactlyElementsOf(replies.stream().map(Reply::streamId).toList());
                assertThat(back.children(question)).extracting(Message::text).containsExactly("from-0 ", "from-1 ", "from-2 ");
                assertThat(back.children(question)).extracting(Message::status).containsOnly(MessageStatus.RECOVERED);
                assertThat(back.messages()).extracting(Message::id).endsWith(question, replies.get(0).streamId());
            }
            bodies.forEach(SlowSseBody::release);
            for (Reply r : replies) {
                assertThat(r.finished().get(30, TimeUnit.SECONDS).status()).isEqualTo(MessageStatus.COMPLETE);
            }
        }
    }

    private static void copyAllButTheLock(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("tidemark.lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
