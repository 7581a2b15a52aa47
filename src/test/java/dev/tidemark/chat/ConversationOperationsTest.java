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
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Regenerate, edit and resend, continue and delete, through the real journal, store and HTTP. */
class ConversationOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private Workspace workspace;
    private ChatService chat;
    private OpenAiProvider openai;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        openWorkspace();
        openai = new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), "sk-test-ops");
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        server.close();
    }

    @Test
    void regenerateAddsAVersionOfTheReplyAndAnswersTheSameQuestionAgain() throws Exception {
        Session session = chat.createSession();
        Message first = turn(session.id(), "Why is the sea salty?", "Rivers.");
        String question = workspace.store().get(session.id()).orElseThrow().messages().get(0).id();
        server.enqueue(SlowSseBody.openAi(List.of("Rocks ", "and rivers."), Duration.ZERO).response());

        Message again = chat.regenerateVersion(session.id(), question, openai, "m").finished().get(10, TimeUnit.SECONDS);

        Session now = workspace.store().get(session.id()).orElseThrow();
        assertThat(now.messages()).extracting(Message::role, Message::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Role.USER, "Why is the sea salty?"),
                org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "Rocks and rivers."));
        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(now.message(first.id())).as("the first version is kept").map(Message::text).contains("Rivers.");
        assertThat(now.children(question)).extracting(Message::id).containsExactly(first.id(), again.id());
        server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode sent = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("messages");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).path("content").asText()).isEqualTo("Why is the sea salty?");
    }

    @Test
    void editAddsAVersionOfTheQuestionAndSendsOnlyTheNewPath() throws Exception {
        Session session = chat.createSession();
        turn(session.id(), "first question", "first answer");
        Message secondAnswer = turn(session.id(), "secnod question", "?");
        String secondQuestion = workspace.store().get(session.id()).orElseThrow().messages().get(2).id();
        server.enqueue(SlowSseBody.openAi(List.of("fixed"), Duration.ZERO).response());

        chat.editAsVersion(session.id(), secondQuestion, "second question", openai, "m")
                .finished().get(10, TimeUnit.SECONDS);

        Session now = workspace.store().get(session.id()).orElseThrow();
        assertThat(now.messages()).extracting(Message::text)
                .containsExactly("first question", "first answer", "second question", "fixed");
        assertThat(now.hasMessage(secondAnswer.id())).as("the old turn stays as a version").isTrue();
        assertThat(now.message(secondQuestion)).map(Message::text).contains("secnod question");
        server.takeRequest(5, TimeUnit.SECONDS);
        server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode sent = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("messages");
        assertThat(sent).extracting(n -> n.path("content").asText())
                .containsExactly("first question", "first answer", "second question");
    }

    @Test
    void continuingAStoppedReplyAsksAnOpenAiServerToGoOn() throws Exception {
        Session session = chat.createSession();
        server.enqueue(SlowSseBody.openAi(List.of("Once ", "upon ", "a ", "time"), Duration.ofMillis(300)).response());
        Reply reply = chat.send(session.id(), "a story", openai, "m");
        patiently().until(() -> reply.length() > 0);
        chat.stop(session.id());
        String partial = reply.finished().get(10, TimeUnit.SECONDS).text();
        server.enqueue(SlowSseBody.openAi(List.of(" there was a tide."), Duration.ZERO).response());

        Message more = chat.continueReply(session.id(), reply.streamId(), openai, "m").finished().get(10, TimeUnit.SECONDS);

        assertThat(more.text()).isEqualTo(" there was a tide.");
        assertThat(workspace.store().get(session.id()).orElseThrow().messages()).extracting(Message::id)
                .endsWith(reply.streamId(), more.id());
        server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode sent = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("messages");
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).path("content").asText()).isEqualTo(partial);
        assertThat(sent.get(2).path("content").asText()).isEqualTo(ChatRequest.CONTINUE_PROMPT);
    }

    @Test
    void continuingWithAnthropicPrefillsThePartialReply() throws Exception {
        Session session = chat.createSession();
        turn(session.id(), "count to five", "one two three ");
        String partialId = workspace.store().get(session.id()).orElseThrow().messages().get(1).id();
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\" four five\"}}\n\nevent: message_delta\ndata: "
                        + "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n").build());
        AnthropicProvider anthropic = new AnthropicProvider(new OkHttpClient(), server.url("/").toString(), "sk-ant-x1");

        Message more = chat.continueReply(session.id(), partialId, anthropic, "claude").finished().get(10, TimeUnit.SECONDS);

        assertThat(more.text()).isEqualTo(" four five");
        server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode sent = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("messages");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(sent.get(1).path("content").asText()).isEqualTo("one two three");
    }

    @Test
    void aDeletedMessageNeverComesBackFromTheJournal() throws Exception {
        Session session = chat.createSession();
        Message answer = turn(session.id(), "keep me", "delete me");
        chat.deleteMessage(session.id(), answer.id());
        assertThat(workspace.store().get(session.id()).orElseThrow().messages()).extracting(Message::text)
                .containsExactly("keep me");
        workspace.close();
        openWorkspace();
        assertThat(workspace.store().get(session.id()).orElseThrow().messages()).extracting(Message::text)
                .containsExactly("keep me");
    }

    @Test
    void aDeletionTheStoreNeverSavedIsAppliedByRecovery() throws Exception {
        workspace.close();
        java.time.Instant t0 = java.time.Instant.parse("2026-11-26T08:00:00Z");
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("s1", "u1", "hello", t0));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", t0));
            journal.append(new JournalRecord.TextDelta("r1", 1, "hi"));
            journal.append(new JournalRecord.StreamEnded("r1", 2, MessageStatus.COMPLETE, null, t0));
            journal.append(new JournalRecord.MessageDeleted("s1", "r1", t0)).get(10, TimeUnit.SECONDS);
        }
        openWorkspace();
        assertThat(workspace.store().get("s1").orElseThrow().messages()).extracting(Message::id).containsExactly("u1");
    }

    @Test
    void onlyAQuestionGetsANewReplyAndOnlyTheLastReplyIsContinued() throws Exception {
        Session session = chat.createSession();
        Message a1 = turn(session.id(), "q1", "a1");
        turn(session.id(), "q2", "a2");
        assertThatThrownBy(() -> chat.regenerateVersion(session.id(), a1.id(), openai, "m"))
                .hasMessageContaining("not one of your messages");
        assertThatThrownBy(() -> chat.continueReply(session.id(), a1.id(), openai, "m"))
                .hasMessageContaining("Only the last reply");
    }

    private Message turn(String sessionId, String question, String answer) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of(answer), Duration.ZERO).response());
        return chat.send(sessionId, question, openai, "m").finished().get(10, TimeUnit.SECONDS);
    }

    private void openWorkspace() throws Exception {
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
    }
}
