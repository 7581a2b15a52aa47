package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Going on after a crash: a store holding a reply of the loop whose {@code append} call was
 * interrupted (it ran: the file has its line), or whose call never started. Continue sends the
 * recorded results and never runs the interrupted call again; Retry runs it because the person
 * asked; telling the model it failed journals that; a call still requested is decided again.
 */
class ToolLoopResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-07T00:00:00Z");
    private static LoopTools tools;

    @TempDir
    Path tmp;

    private final MockWebServer server = new MockWebServer();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private volatile Function<ToolCall, Optional<ToolPolicy.Decision>> rule = c -> Optional.empty();
    private Workspace workspace;
    private ChatService chat;
    private Path appended;

    @TempDir
    static Path serverDir;

    @BeforeAll
    static void startServer() {
        tools = LoopTools.start(serverDir);
    }

    @AfterAll
    static void stopServer() {
        tools.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                bodies.add(request.getBody().utf8());
                String answer = answers.poll(20, TimeUnit.SECONDS);
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                        .body(answer == null ? "" : answer).build();
            }
        });
        server.start();
        workspace = Workspace.open(tmp.resolve("data"), Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next, workers);
        chat.tools().use(tools.host(), call -> rule.apply(call));
        appended = tmp.resolve("appended.txt");
        Files.writeString(appended, "before the crash\n"); // the interrupted call ran: its line is there
    }

    @AfterEach
    void tearDown() throws Exception {
        chat.stopAll();
        server.close();
        workers.shutdownNow();
        workspace.close();
    }

    private ChatProvider openAi() {
        return new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), "sk-test");
    }

    /** A session as the store holds it after a restart: the question and one reply of the loop with this call. */
    private Session recorded(ToolCall call) {
        Message user = Message.user("u1", "Append a line.", AT);
        Message reply = new Message("r1", Role.ASSISTANT, "", MessageStatus.COMPLETE, AT.plusSeconds(1),
                "openai/gpt-test", null, "", List.of(call), false, ReplyStats.NONE, "u1");
        Session session = Session.empty("s" + Ids.next(), "Tools", AT).withChild(null, user, AT)
                .withChild("u1", reply, AT);
        chat.store().put(session);
        return session;
    }

    private ToolCall appendCall(ToolCallState state) throws IOException {
        String args = "{\"path\":" + JSON.writeValueAsString(appended.toString()) + ",\"line\":\"again\"}";
        return new ToolCall("call_1", tools.wireName("append"), args, tools.server(), "append", state, null);
    }

    private Session settled(String sessionId) {
        patiently().until(() -> !chat.busy(sessionId));
        return chat.store().get(sessionId).orElseThrow();
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(appended, StandardCharsets.UTF_8);
    }

    private ToolCall call(Session session) {
        return session.message("r1").orElseThrow().toolCalls().get(0);
    }

    @Test
    void continueSendsTheInterruptedCallAsInterruptedAndNeverRunsItAgain() throws Exception {
        Session session = recorded(appendCall(ToolCallState.INTERRUPTED));
        answers.add(ToolStreams.openAiText("It may have been appended; check the file."));

        Reply next = chat.continueReply(session.id(), "r1", openAi(), "gpt-test");

        assertThat(next).isNotNull();
        assertThat(next.parentId()).isEqualTo("r1");
        Session after = settled(session.id());
        assertThat(after.messages()).extracting(Message::id).containsExactly("u1", "r1", next.streamId());
        assertThat(call(after).state()).isEqualTo(ToolCallState.INTERRUPTED);
        assertThat(lines()).containsExactly("before the crash");
        JsonNode toolTurn = JSON.readTree(bodies.get(0)).get("messages").get(2);
        assertThat(toolTurn.get("content").asText()).isEqualTo(ToolLoop.INTERRUPTED_RESULT);
    }

    @Test
    void retryRunsTheInterruptedCallOnceMoreBecauseThePersonAskedThenGoesOn() throws Exception {
        Session session = recorded(appendCall(ToolCallState.INTERRUPTED));
        answers.add(ToolStreams.openAiText("Appended."));

        chat.tools().retry(session.id(), "r1", "call_1", openAi(), "gpt-test");

        Session after = settled(session.id());
        assertThat(call(after).state()).isEqualTo(ToolCallState.DONE);
        assertThat(call(after).result()).isEqualTo(ToolResult.text("appended \"again\""));
        assertThat(lines()).containsExactly("before the crash", "again");
        assertThat(after.messages()).hasSize(3);
        assertThat(bodies).hasSize(1);
    }

    @Test
    void tellingTheModelItFailedRunsNothingAndGoesOn() throws Exception {
        Session session = recorded(appendCall(ToolCallState.INTERRUPTED));
        answers.add(ToolStreams.openAiText("Sorry it failed."));

        chat.tools().tellFailed(session.id(), "r1", "call_1", openAi(), "gpt-test");

        Session after = settled(session.id());
        assertThat(call(after).state()).isEqualTo(ToolCallState.INTERRUPTED);
        assertThat(call(after).result()).isEqualTo(ToolResult.failure(ToolLoop.INTERRUPTED_RESULT));
        assertThat(lines()).containsExactly("before the crash");
        assertThat(after.messages()).hasSize(3);
    }

    @Test
    void onlyAnInterruptedOrFailedCallCanBeRetried() throws Exception {
        Session session = recorded(appendCall(ToolCallState.DONE).with(ToolCallState.DONE, ToolResult.text("ok")));
        assertThatThrownBy(() -> chat.tools().retry(session.id(), "r1", "call_1", openAi(), "gpt-test"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lines()).containsExactly("before the crash");
    }

    @Test
    void aCallRequestedBeforeTheCrashWaitsOnContinueAndRunsOnceDecided() throws Exception {
        Session session = recorded(appendCall(ToolCallState.REQUESTED));
        answers.add(ToolStreams.openAiText("Appended."));

        Reply none = chat.continueReply(session.id(), "r1", openAi(), "gpt-test");

        assertThat(none).isNull();
        patiently().until(() -> chat.tools().busy(session.id()));
        assertThat(lines()).containsExactly("before the crash");
        chat.tools().decide(session.id(), "r1", "call_1", ToolPolicy.Decision.ALLOW_ONCE, openAi(), "gpt-test");
        Session after = settled(session.id());
        assertThat(call(after).state()).isEqualTo(ToolCallState.DONE);
        assertThat(lines()).containsExactly("before the crash", "again");
        assertThat(after.messages()).hasSize(3);
    }

    @Test
    void decidingARequestedCallAfterARestartRunsItAndGoesOn() throws Exception {
        Session session = recorded(appendCall(ToolCallState.REQUESTED));
        answers.add(ToolStreams.openAiText("Not appended."));

        chat.tools().decide(session.id(), "r1", "call_1", ToolPolicy.Decision.DENY, openAi(), "gpt-test");

        Session after = settled(session.id());
        assertThat(call(after).state()).isEqualTo(ToolCallState.DENIED);
        assertThat(lines()).containsExactly("before the crash");
        assertThat(after.messages()).hasSize(3);
        assertThat(JSON.readTree(bodies.get(0)).get("messages").get(2).get("content").asText())
                .isEqualTo(ToolLoop.DENIED_RESULT);
    }

    @Test
    void settleBeforeANewMessageDeniesWhatNoRuleAllowsAndRunsWhatOneDoes() throws Exception {
        Session denied = recorded(appendCall(ToolCallState.REQUESTED));
        CompletableFuture<Void> settling = chat.tools().settle(denied.id(), "r1");
        settling.get(20, TimeUnit.SECONDS);
        assertThat(call(chat.store().get(denied.id()).orElseThrow()).state()).isEqualTo(ToolCallState.DENIED);
        assertThat(lines()).containsExactly("before the crash");

        rule = c -> Optional.of(ToolPolicy.Decision.ALLOWED_BY_RULE);
        Session allowed = recorded(appendCall(ToolCallState.REQUESTED));
        chat.tools().settle(allowed.id(), "r1").get(20, TimeUnit.SECONDS);
        assertThat(call(chat.store().get(allowed.id()).orElseThrow()).state()).isEqualTo(ToolCallState.DONE);
        assertThat(lines()).containsExactly("before the crash", "again");
        assertThat(bodies).isEmpty();
        assertThat(chat.tools().busy(allowed.id())).isFalse();
    }
}
