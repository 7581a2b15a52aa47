package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.SessionTitles;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One turn through the real path: provider over loopback HTTP, journal and store on real files. */
class ChatServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();
    private Workspace workspace;
    private ChatService chat;
    private OpenAiProvider provider;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        provider = new OpenAiProvider(http, server.url("/v1").toString(), "sk-test");
        openWorkspace();
    }

    @AfterEach
    void tearDown() {
        if (workspace != null) {
            workspace.close();
        }
        server.close();
    }

    @Test
    void theJournalReceivesEveryDeltaOfATextOnlyStream() throws Exception {
        List<String> words = words("w", 300);
        server.enqueue(SlowSseBody.openAi(words, Duration.ZERO).response());
        Session session = chat.createSession();

        Reply reply = chat.send(session.id(), "go", provider, "m");
        Message done = reply.finished().get(10, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.text()).isEqualTo(String.join("", words));

        List<JournalRecord> stream = Journal.readOnly(dataDir).records().stream()
                .filter(r -> !(r instanceof JournalRecord.SessionCreated)).toList();
        assertThat(stream.get(0)).isInstanceOfSatisfying(JournalRecord.UserMessage.class,
                u -> assertThat(u.text()).isEqualTo("go"));
        assertThat(stream.get(1)).isInstanceOfSatisfying(JournalRecord.StreamStarted.class, s -> {
            assertThat(s.streamId()).isEqualTo(reply.streamId());
            assertThat(s.provider()).isEqualTo("openai");
            assertThat(s.model()).isEqualTo("m");
        });
        List<JournalRecord.TextDelta> deltas = stream.stream()
                .filter(r -> r instanceof JournalRecord.TextDelta).map(r -> (JournalRecord.TextDelta) r).toList();
        assertThat(deltas).extracting(JournalRecord.TextDelta::text).containsExactlyElementsOf(words);
        assertThat(deltas).extracting(JournalRecord.TextDelta::seq)
                .containsExactlyElementsOf(sequence(1, words.size()));
        assertThat(stream.get(stream.size() - 1)).isInstanceOfSatisfying(JournalRecord.StreamEnded.class, end -> {
            assertThat(end.streamId()).isEqualTo(reply.streamId());
            assertThat(end.seq()).isEqualTo(words.size() + 1);
            assertThat(end.status()).isEqualTo(MessageStatus.COMPLETE);
            assertThat(end.detail()).isNull();
            assertThat(end.stats().totalMillis()).isNotNull();
        });
    }

    @Test
    void theSessionIsTitledFromItsFirstMessageAndHoldsTheReply() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("ok"), Duration.ZERO).response());
        Session session = chat.createSession();
        assertThat(session.title()).isEqualTo(SessionTitles.UNTITLED);
        chat.send(session.id(), "What is the tide doing today?", provider, null).finished().get(10, TimeUnit.SECONDS);

        Session stored = workspace.store().get(session.id()).orElseThrow();
        assertThat(stored.title()).isEqualTo("What is the tide doing today?");
        assertThat(stored.messages()).extracting(Message::role, Message::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Role.USER, "What is the tide doing today?"),
                org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "ok"));
        assertThat(stored.messages().get(1).model()).isEqualTo("openai/" + OpenAiProvider.DEFAULT_MODEL);
    }

    @Test
    void stopKeepsThePartialTextAndNothingAfterIt() throws Exception {
        List<String> words = words("s", 500);
        SlowSseBody body = SlowSseBody.openAi(words, Duration.ofMillis(5));
        server.enqueue(body.response());
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "long", provider, "m");
        patiently().until(() -> reply.length() > 30);

        assertThat(chat.stop(session.id())).isTrue();
        String atStop = reply.text();
        Message stopped = reply.finished().get(10, TimeUnit.SECONDS);
        // deltas still in flight must not be added: wait until the server has stopped sending
        assertThat(body.ended().await(20, TimeUnit.SECONDS)).as("the server stopped sending").isTrue();

        assertThat(stopped.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(stopped.text()).isEqualTo(atStop).isEqualTo(reply.text());
        assertThat(String.join("", words)).startsWith(atStop);
        assertThat(chat.activeReply(session.id())).isEmpty();
        assertThat(chat.stop(session.id())).isFalse();
        workspace.store().flush().get(10, TimeUnit.SECONDS);
        assertThat(workspace.store().get(session.id()).orElseThrow().message(reply.streamId()).orElseThrow())
                .isEqualTo(stopped);

        List<JournalRecord> records = Journal.readOnly(dataDir).records();
        String journaled = records.stream().filter(r -> r instanceof JournalRecord.TextDelta)
                .map(r -> ((JournalRecord.TextDelta) r).text()).reduce("", String::concat);
        assertThat(journaled).isEqualTo(atStop);
        assertThat(records.get(records.size() - 1)).isInstanceOfSatisfying(JournalRecord.StreamEnded.class,
                e -> assertThat(e.status()).isEqualTo(MessageStatus.STOPPED));
    }

    @Test
    void aMalformedEventEndsTheTurnWithAnErrorAndKeepsThePartialText() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"kept \"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"too\"}}]}\n\n"
                        + "data: {this is not json\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" never\"}}]}\n\n").build());
        Session session = chat.createSession();
        Message failed = chat.send(session.id(), "q", provider, "m").finished().get(10, TimeUnit.SECONDS);
        assertThat(failed.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(failed.text()).isEqualTo("kept too");
        assertThat(failed.detail()).contains("could not read").contains("kept");
    }

    @Test
    void onlyOneReplyStreamsPerSession() throws Exception {
        server.enqueue(SlowSseBody.openAi(words("x", 200), Duration.ofMillis(5)).response());
        Session session = chat.createSession();
        chat.send(session.id(), "first", provider, "m");
        assertThatThrownBy(() -> chat.send(session.id(), "second", provider, "m"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still streaming");
        chat.stop(session.id());
    }

    @Test
    void aRecoveredReplyStaysInTheContextOfTheNextTurn() throws Exception {
        workspace.close();
        Instant t0 = Instant.parse("2026-11-26T08:00:00Z");
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("crashed", "u1", "write a haiku", t0));
            journal.append(new JournalRecord.StreamStarted("r1", "crashed", "openai", "m", t0));
            journal.append(new JournalRecord.TextDelta("r1", 1, "Old pond, "));
            journal.append(new JournalRecord.TextDelta("r1", 2, "a frog jumps")).get(10, TimeUnit.SECONDS);
        }
        openWorkspace();
        assertThat(workspace.recovery().recovered()).hasSize(1);

        server.enqueue(SlowSseBody.openAi(List.of("the sound of water"), Duration.ZERO).response());
        Message next = chat.send("crashed", "please continue", provider, "m").finished().get(10, TimeUnit.SECONDS);
        assertThat(next.status()).isEqualTo(MessageStatus.COMPLETE);

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode messages = JSON.readTree(request.getBody().utf8()).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Old pond, a frog jumps");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("please continue");
    }

    private void openWorkspace() throws Exception {
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
    }

    private static List<String> words(String prefix, int count) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            words.add(prefix + i + " ");
        }
        return words;
    }

    private static List<Long> sequence(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
