package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.ChildJvm;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM asks three models at once (three real HTTP servers here, streaming at different
 * speeds) and is killed with SIGKILL while they stream. The next start recovers every reply at its
 * place: below the question, in the order asked, each with the text that reached the journal, the
 * fork still compared and the first asked chosen; a reply that had finished stays as it was.
 */
class ComparedTurnKillTest {

    @TempDir
    Path dataDir;

    private final List<MockWebServer> servers = new ArrayList<>();
    private final List<SlowSseBody> bodies = new ArrayList<>();

    @AfterEach
    void tearDown() {
        bodies.forEach(SlowSseBody::release);
        servers.forEach(MockWebServer::close);
    }

    /** A server streaming {@code words} words with {@code gap} between them, held before word {@code holdAt} (-1: never). */
    private String server(String name, int words, Duration gap, int holdAt) throws Exception {
        List<String> text = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            text.add(name + i + " ");
        }
        SlowSseBody body = SlowSseBody.openAi(text, gap);
        if (holdAt >= 0) {
            body.holdBefore(holdAt); // it never ends before the kill, however slow the machine
        }
        MockWebServer server = new MockWebServer();
        server.enqueue(body.response());
        server.start();
        servers.add(server);
        bodies.add(body);
        return server.url("/v1").toString();
    }

    /** The text of each stream in the journal as it is on disk now. */
    private Map<String, String> journaledText(List<String> streams) {
        Map<String, StringBuilder> text = new LinkedHashMap<>();
        streams.forEach(s -> text.put(s, new StringBuilder()));
        for (JournalRecord r : Journal.readOnly(dataDir).records()) {
            if (r instanceof JournalRecord.TextDelta t && text.containsKey(t.streamId())) {
                text.get(t.streamId()).append(t.text());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        text.forEach((s, b) -> out.put(s, b.toString()));
        return out;
    }

    private boolean journalEnded(String stream) {
        return Journal.readOnly(dataDir).records().stream()
                .anyMatch(r -> r instanceof JournalRecord.StreamEnded e && e.streamId().equals(stream));
    }

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    /** The question and its replies as the next start finds them, checked for what every case shares. */
    private static Session assertAtTheirPlaces(Workspace workspace, String sessionId, List<String> streams) {
        Session s = workspace.store().get(sessionId).orElseThrow();
        Message question = s.allMessages().get(0);
        assertThat(question.role()).isEqualTo(Role.USER);
        assertThat(question.text()).isEqualTo(ComparedTurnChild.QUESTION);
        assertThat(s.allMessages()).hasSize(1 + streams.size());
        assertThat(s.children(question.id())).extracting(Message::id).as("in the order asked")
                .containsExactlyElementsOf(streams);
        assertThat(s.children(question.id())).extracting(Message::parentId).containsOnly(question.id());
        assertThat(s.children(question.id())).extracting(Message::model)
                .containsExactly("openai/model-1", "openai/model-2", "openai/model-3");
        assertThat(s.isCompared(question.id())).as("the fork is still compared").isTrue();
        assertThat(s.messages()).extracting(Message::id).as("the first asked is chosen")
                .containsExactly(question.id(), streams.get(0));
        return s;
    }

    @Test
    void allThreeRepliesStreamingAtAKillAreRecoveredAtTheirPlaces() throws Exception {
        List<String> urls = List.of(server("slow", 40, Duration.ofMillis(90), 12),
                server("fast", 40, Duration.ofMillis(15), 30), server("medium", 40, Duration.ofMillis(40), 20));
        String sessionId;
        List<String> streams;
        try (ChildJvm child = ChildJvm.start(ComparedTurnChild.class, dataDir.toString(), urls.get(0), urls.get(1),
                urls.get(2))) {
            sessionId = child.waitForLineStartingWith("session ").substring("session ".length());
            streams = List.of(child.waitForLineStartingWith("streams ").substring("streams ".length()).split(" "));
            within(Duration.ofSeconds(60)).alias("the journal holds text of all three streams")
                    .until(() -> journaledText(streams).values().stream().allMatch(t -> t.length() > 0));
            child.kill(); // SIGKILL
        }
        Map<String, String> had = journaledText(streams);

        try (Workspace workspace = open()) {
            Session s = assertAtTheirPlaces(workspace, sessionId, streams);
            for (int i = 0; i < streams.size(); i++) {
                Message reply = s.message(streams.get(i)).orElseThrow();
                assertThat(reply.status()).isEqualTo(MessageStatus.RECOVERED);
                assertThat(reply.text()).as("the text it had").isEqualTo(had.get(streams.get(i))).isNotEmpty();
                assertThat(bodies.get(i).sentText()).startsWith(reply.text());
            }
            assertThat(workspace.recovery().recovered()).extracting(Recovery.RecoveredReply::messageId)
                    .containsExactlyInAnyOrderElementsOf(streams);
        }
        try (Workspace again = open()) { // recovered once, and saved: the next start finds the same
            assertThat(again.recovery().recovered()).isEmpty();
            assertAtTheirPlaces(again, sessionId, streams);
        }
    }

    @Test
    void aReplyThatHadFinishedStaysCompleteAndTheTwoStillStreamingAreRecoveredBesideIt() throws Exception {
        List<String> urls = List.of(server("slow", 40, Duration.ofMillis(90), 8),
                server("quick", 5, Duration.ofMillis(10), -1), server("medium", 40, Duration.ofMillis(40), 15));
        String sessionId;
        List<String> streams;
        try (ChildJvm child = ChildJvm.start(ComparedTurnChild.class, dataDir.toString(), urls.get(0), urls.get(1),
                urls.get(2))) {
            sessionId = child.waitForLineStartingWith("session ").substring("session ".length());
            streams = List.of(child.waitForLineStartingWith("streams ").substring("streams ".length()).split(" "));
            Path file = dataDir.resolve("sessions").resolve(sessionId + ".json");
            within(Duration.ofSeconds(60)).alias("the second reply finished and saved, the others streaming")
                    .until(() -> journalEnded(streams.get(1))
                            && journaledText(streams).values().stream().allMatch(t -> t.length() > 0)
                            && Files.exists(file) && Files.readString(file).contains(streams.get(1)));
            child.kill(); // SIGKILL
        }
        Map<String, String> had = journaledText(streams);

        try (Workspace workspace = open()) {
            Session s = assertAtTheirPlaces(workspace, sessionId, streams);
            Message finished = s.message(streams.get(1)).orElseThrow();
            assertThat(finished.status()).isEqualTo(MessageStatus.COMPLETE);
            assertThat(finished.text()).isEqualTo("quick0 quick1 quick2 quick3 quick4 ");
            for (int i : new int[] {0, 2}) {
                Message reply = s.message(streams.get(i)).orElseThrow();
                assertThat(reply.status()).isEqualTo(MessageStatus.RECOVERED);
                assertThat(reply.text()).as("the text it had").isEqualTo(had.get(streams.get(i))).isNotEmpty();
            }
            assertThat(workspace.recovery().recovered()).extracting(Recovery.RecoveredReply::messageId)
                    .containsExactlyInAnyOrder(streams.get(0), streams.get(2));
        }
    }
}
