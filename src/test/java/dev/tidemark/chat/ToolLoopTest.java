package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.anthropic.AnthropicProvider;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tool loop through the real path: a provider over loopback HTTP playing each service's wire
 * bytes, the real journal and store on files, and the test MCP server as a real child process.
 */
class ToolLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LoopTools tools;

    @TempDir
    Path tmp;

    private final MockWebServer server = new MockWebServer();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private volatile Function<ToolCall, Optional<ToolPolicy.Decision>> rule = c -> Optional.of(
            ToolPolicy.Decision.ALLOWED_BY_RULE);
    private final List<String> alwaysAllowed = new CopyOnWriteArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private Path dataDir;
    private Workspace workspace;
    private ChatService chat;

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
        dataDir = tmp.resolve("data");
        openChat();
    }

    private void openChat() throws IOException {
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> problems.add(p.message()));
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next, workers);
        chat.tools().use(tools.host(), new ToolPolicy() {
            @Override
            public Optional<Decision> decide(ToolCall call) {
                return rule.apply(call);
            }

            @Override
            public void alwaysAllow(String server, String tool) {
                alwaysAllowed.add(server + "/" + tool);
            }
        });
        chat.addListener(new ChatService.Listener() {
            @Override
            public void toolProgress(String sessionId, String messageId, String callId, double done, Double total,
                                     String message) {
                progress.add(message);
            }
        });
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

    private ChatProvider anthropic() {
        return new AnthropicProvider(new OkHttpClient(), server.url("/").toString(), "sk-ant-test");
    }

    private String wire(String tool) {
        return tools.wireName(tool);
    }

    /** The session once no step is under way and no reply streams in it. */
    private Session settled(String sessionId) {
        patiently().until(() -> !chat.busy(sessionId));
        return chat.store().get(sessionId).orElseThrow();
    }

    private static List<Message> replies(Session session) {
        return session.messages().stream().filter(m -> m.role() == Role.ASSISTANT).toList();
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void openAiMultiStepEchoThenAddThenAnAnswerAreThreeRepliesChainedByParentWithExactFollowUps() throws Exception {
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_1", wire("echo"), "{\"text\":\"hi\"}")));
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_2", wire("add"), "{\"a\":2,\"b\":40}")));
        answers.add(ToolStreams.openAiText("Echoed hi; 2 + 40 = 42."));
        Session session = chat.createSession();
        Reply first = chat.send(session.id(), "Echo hi, then add 2 and 40.", openAi(), "gpt-test");

        Session done = settled(session.id());
        List<Message> replies = replies(done);
        assertThat(replies).hasSize(3);
        assertThat(replies.get(0).id()).isEqualTo(first.streamId());
        assertThat(replies.get(1).parentId()).isEqualTo(replies.get(0).id());
        assertThat(replies.get(2).parentId()).isEqualTo(replies.get(1).id());
        assertThat(replies.get(2).text()).isEqualTo("Echoed hi; 2 + 40 = 42.");
        assertThat(replies.get(0).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(ToolCallState.DONE);
            assertThat(c.server()).isEqualTo(tools.server());
            assertThat(c.tool()).isEqualTo("echo");
            assertThat(c.result()).isEqualTo(ToolResult.text("hi"));
        });
        assertThat(replies.get(1).toolCalls()).singleElement()
                .satisfies(c -> assertThat(c.result()).isEqualTo(ToolResult.text("42")));
        assertThat(bodies).hasSize(3);

        JsonNode base = JSON.readTree(bodies.get(0));
        ArrayNode offered = openAiTools();
        ArrayNode turns = JSON.createArrayNode();
        turns.addObject().put("role", "user").put("content", "Echo hi, then add 2 and 40.");
        assertThat(JSON.readTree(bodies.get(0))).isEqualTo(openAiBody(base, turns, offered));
        turns.add(openAiAssistant("call_1", wire("echo"), "{\"text\":\"hi\"}"));
        turns.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "hi");
        assertThat(JSON.readTree(bodies.get(1))).isEqualTo(openAiBody(base, turns, offered));
        turns.add(openAiAssistant("call_2", wire("add"), "{\"a\":2,\"b\":40}"));
        turns.addObject().put("role", "tool").put("tool_call_id", "call_2").put("content", "42");
        assertThat(JSON.readTree(bodies.get(2))).isEqualTo(openAiBody(base, turns, offered));

        patiently().untilAsserted(() -> assertThat(ledgerTypes()).containsExactly(
                "tool.requested", "tool.decided", "tool.started", "tool.finished",
                "tool.requested", "tool.decided", "tool.started", "tool.finished"));
    }

    @Test
    void anthropicMultiStepWithExactFollowUps() throws Exception {
        answers.add(ToolStreams.anthropicCalls("Let me echo it.",
                new ToolStreams.Call("toolu_1", wire("echo"), "{\"text\": \"hi\"}")));
        answers.add(ToolStreams.anthropicCalls("", new ToolStreams.Call("toolu_2", wire("add"), "{\"a\": 2, \"b\": 40}")));
        answers.add(ToolStreams.anthropicText("It is 42."));
        Session session = chat.createSession();
        chat.send(session.id(), "Echo hi, then add 2 and 40.", anthropic(), "claude-test");

        List<Message> replies = replies(settled(session.id()));
        assertThat(replies).extracting(Message::text).containsExactly("Let me echo it.", "", "It is 42.");
        assertThat(replies.get(1).parentId()).isEqualTo(replies.get(0).id());
        assertThat(replies.get(2).parentId()).isEqualTo(replies.get(1).id());
        assertThat(bodies).hasSize(3);

        JsonNode base = JSON.readTree(bodies.get(0));
        ArrayNode offered = anthropicTools();
        ArrayNode turns = JSON.createArrayNode();
        turns.addObject().put("role", "user").put("content", "Echo hi, then add 2 and 40.");
        assertThat(JSON.readTree(bodies.get(0))).isEqualTo(withTools(base, offered));

        turns.removeAll();
        turns.addObject().put("role", "user").putArray("content").addObject().put("type", "text")
                .put("text", "Echo hi, then add 2 and 40.");
        ArrayNode said = turns.addObject().put("role", "assistant").putArray("content");
        said.addObject().put("type", "text").put("text", "Let me echo it.");
        said.add(toolUse("toolu_1", wire("echo"), "{\"text\":\"hi\"}"));
        turns.addObject().put("role", "user").putArray("content").add(toolResult("toolu_1", "hi"));
        assertThat(anthropicMessages(bodies.get(1))).isEqualTo(normalised(turns));
        assertThat(JSON.readTree(bodies.get(1)).get("tools")).isEqualTo(offered);

        turns.addObject().put("role", "assistant").putArray("content")
                .add(toolUse("toolu_2", wire("add"), "{\"a\":2,\"b\":40}"));
        turns.addObject().put("role", "user").putArray("content").add(toolResult("toolu_2", "42"));
        assertThat(anthropicMessages(bodies.get(2))).isEqualTo(normalised(turns));
    }

    @Test
    void twoParallelCallsRunInTheirOrderAndOneReplyFollows() throws Exception {
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_a", wire("echo"), "{\"text\":\"one\"}"),
                new ToolStreams.Call("call_b", wire("add"), "{\"a\":1,\"b\":2}")));
        answers.add(ToolStreams.openAiText("one, and 3."));
        Session session = chat.createSession();
        chat.send(session.id(), "Both at once.", openAi(), "gpt-test");

        List<Message> replies = replies(settled(session.id()));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).toolCalls()).extracting(ToolCall::id, ToolCall::state, c -> c.result().text())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("call_a", ToolCallState.DONE, "one"),
                        org.assertj.core.groups.Tuple.tuple("call_b", ToolCallState.DONE, "3"));
        ArrayNode turns = JSON.createArrayNode();
        turns.addObject().put("role", "user").put("content", "Both at once.");
        ObjectNode assistant = turns.addObject().put("role", "assistant").putNull("content");
        ArrayNode calls = assistant.putArray("tool_calls");
        calls.add(openAiCall("call_a", wire("echo"), "{\"text\":\"one\"}"));
        calls.add(openAiCall("call_b", wire("add"), "{\"a\":1,\"b\":2}"));
        turns.addObject().put("role", "tool").put("tool_call_id", "call_a").put("content", "one");
        turns.addObject().put("role", "tool").put("tool_call_id", "call_b").put("content", "3");
        assertThat(JSON.readTree(bodies.get(1))).isEqualTo(openAiBody(JSON.readTree(bodies.get(0)), turns,
                openAiTools()));
        patiently().untilAsserted(() -> assertThat(ledgerTypes()).containsExactly(
                "tool.requested", "tool.requested", "tool.decided", "tool.decided",
                "tool.started", "tool.finished", "tool.started", "tool.finished"));
    }

    @Test
    void aDeniedCallIsNotRunAndTheModelIsToldSo() throws Exception {
        rule = c -> Optional.of(ToolPolicy.Decision.DENY);
        Path file = tmp.resolve("appended.txt");
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_1", wire("append"),
                "{\"path\":" + JSON.writeValueAsString(file.toString()) + ",\"line\":\"x\"}")));
        answers.add(ToolStreams.openAiText("Understood."));
        Session session = chat.createSession();
        chat.send(session.id(), "Append x.", openAi(), "gpt-test");

        List<Message> replies = replies(settled(session.id()));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(ToolCallState.DENIED);
            assertThat(c.result()).isEqualTo(ToolResult.failure(ToolLoop.DENIED_RESULT));
        });
        assertThat(file).doesNotExist();
        JsonNode toolTurn = JSON.readTree(bodies.get(1)).get("messages").get(2);
        assertThat(toolTurn.get("content").asText()).isEqualTo(ToolLoop.DENIED_RESULT);
        patiently().untilAsserted(() -> assertThat(ledgerTypes())
                .containsExactly("tool.requested", "tool.decided", "tool.finished"));
    }

    @Test
    void theFailingToolIsAnErrorResultAndTheLoopGoesOn() throws Exception {
        answers.add(ToolStreams.anthropicCalls("", new ToolStreams.Call("toolu_1", wire("fail"),
                "{\"message\": \"the disk is full\"}")));
        answers.add(ToolStreams.anthropicText("It failed: the disk is full."));
        Session session = chat.createSession();
        chat.send(session.id(), "Try the failing tool.", anthropic(), "claude-test");

        List<Message> replies = replies(settled(session.id()));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(ToolCallState.ERROR);
            assertThat(c.result()).isEqualTo(ToolResult.failure("the disk is full"));
        });
        JsonNode result = JSON.readTree(bodies.get(1)).get("messages").get(2).get("content").get(0);
        assertThat(result).isEqualTo(toolResult("toolu_1", "the disk is full").put("is_error", true));
    }

    @Test
    void aNameNoOfferedToolHasIsAnErrorWithoutRunningAnything() throws Exception {
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_1", "no_such_tool", "{}")));
        answers.add(ToolStreams.openAiText("Sorry."));
        Session session = chat.createSession();
        chat.send(session.id(), "Use a tool that is not there.", openAi(), "gpt-test");

        List<Message> replies = replies(settled(session.id()));
        assertThat(replies.get(0).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(ToolCallState.ERROR);
            assertThat(c.result()).isEqualTo(ToolResult.failure("There is no tool named no_such_tool."));
        });
        patiently().untilAsserted(() -> assertThat(ledgerTypes())
                .containsExactly("tool.requested", "tool.finished"));
        assertThat(replies).hasSize(2);
    }

    @Test
    void theStepLimitStopsAfterTenRequestsWithTheNote() throws Exception {
        for (int i = 1; i <= 12; i++) {
            answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_" + i, wire("echo"), "{\"text\":\"" + i + "\"}")));
        }
        Session session = chat.createSession();
        chat.send(session.id(), "Echo for ever.", openAi(), "gpt-test");

        List<Message> replies = replies(settled(session.id()));
        assertThat(bodies).hasSize(ToolLoop.STEP_LIMIT);
        assertThat(replies).hasSize(ToolLoop.STEP_LIMIT);
        Message last = replies.get(ToolLoop.STEP_LIMIT - 1);
        assertThat(last.detail()).isEqualTo(ToolLoop.STEP_LIMIT_NOTE);
        assertThat(last.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.state()).isEqualTo(ToolCallState.DENIED);
            assertThat(c.result().text()).isEqualTo(ToolLoop.STEP_LIMIT_RESULT);
        });
        assertThat(replies.subList(0, 9)).allSatisfy(m -> assertThat(m.toolCalls().get(0).state())
                .isEqualTo(ToolCallState.DONE));
        patiently().untilAsserted(() -> assertThat(ledgerTypes())
                .endsWith("tool.finished", "tool.requested", "tool.decided", "tool.finished"));
        assertThat(ledgerTypes()).filteredOn("tool.started"::equals).hasSize(ToolLoop.STEP_LIMIT - 1);
    }

    @Test
    void toolStartedIsOnDiskWhileTheToolRuns() throws Exception {
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_1", wire("slow"), "{\"millis\":3000}")));
        answers.add(ToolStreams.openAiText("Done waiting."));
        Session session = chat.createSession();
        chat.send(session.id(), "Take your time.", openAi(), "gpt-test");

        patiently().until(() -> progress.contains("step 1"));
        assertThat(ledgerTypes()).contains("tool.started").doesNotContain("tool.finished");
        assertThat(chat.store().get(session.id()).orElseThrow().messages().get(1).toolCalls().get(0).state())
                .isEqualTo(ToolCallState.RUNNING);
        List<Message> replies = replies(settled(session.id()));
        assertThat(replies.get(0).toolCalls().get(0).result().text()).isEqualTo("slept 3000 ms");
        assertThat(progress).contains("step 10");
    }

    @Test
    void anOpenDecisionWaitsAndTheSessionIsBusyUntilThePersonDecides() throws Exception {
        rule = c -> Optional.empty();
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_1", wire("echo"), "{\"text\":\"ok\"}")));
        answers.add(ToolStreams.openAiText("Fine."));
        Session session = chat.createSession();
        Reply first = chat.send(session.id(), "Echo ok.", openAi(), "gpt-test");

        patiently().until(() -> callState(session.id(), first.streamId()) == ToolCallState.REQUESTED);
        assertThat(chat.tools().busy(session.id())).isTrue();
        assertThatThrownBy(() -> chat.send(session.id(), "Another", openAi(), "gpt-test"))
                .isInstanceOf(IllegalStateException.class).hasMessage(StreamingReplies.STEP_BUSY);
        assertThat(bodies).hasSize(1);

        chat.tools().decide(session.id(), first.streamId(), "call_1", ToolPolicy.Decision.ALWAYS_ALLOW, openAi(),
                "gpt-test");
        List<Message> replies = replies(settled(session.id()));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).toolCalls().get(0).state()).isEqualTo(ToolCallState.DONE);
        assertThat(alwaysAllowed).containsExactly(tools.server() + "/echo");
        assertThatThrownBy(() -> chat.tools().decide(session.id(), first.streamId(), "call_1",
                ToolPolicy.Decision.DENY, openAi(), "gpt-test")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopDuringARunningCallCancelsItAndNoReplyFollows() throws Exception {
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_1", wire("slow"), "{\"millis\":20000}")));
        Session session = chat.createSession();
        Reply first = chat.send(session.id(), "Take ages.", openAi(), "gpt-test");

        patiently().until(() -> callState(session.id(), first.streamId()) == ToolCallState.RUNNING);
        assertThat(chat.stop(session.id())).isTrue();
        List<Message> replies = replies(settled(session.id()));
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).toolCalls().get(0).state()).isEqualTo(ToolCallState.ERROR);
        assertThat(replies.get(0).toolCalls().get(0).result()).isEqualTo(ToolResult.failure(ToolLoop.CANCELLED_RESULT));
        assertThat(bodies).hasSize(1);
        answers.add(ToolStreams.openAiText("Next."));
        chat.send(session.id(), "Something else.", openAi(), "gpt-test");
        assertThat(replies(settled(session.id()))).hasSize(2);
    }

    @Test
    void cancellingARunningCallMakesItAnErrorAndTheLoopGoesOn() throws Exception {
        answers.add(ToolStreams.openAiCalls(new ToolStreams.Call("call_1", wire("slow"), "{\"millis\":20000}")));
        answers.add(ToolStreams.openAiText("You cancelled it."));
        Session session = chat.createSession();
        Reply first = chat.send(session.id(), "Take ages.", openAi(), "gpt-test");

        patiently().until(() -> callState(session.id(), first.streamId()) == ToolCallState.RUNNING);
        chat.tools().cancel(session.id(), first.streamId(), "call_1");
        List<Message> replies = replies(settled(session.id()));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).toolCalls().get(0).result()).isEqualTo(ToolResult.failure(ToolLoop.CANCELLED_RESULT));
        JsonNode toolTurn = JSON.readTree(bodies.get(1)).get("messages").get(2);
        assertThat(toolTurn.get("content").asText()).isEqualTo(ToolLoop.CANCELLED_RESULT);
    }

    // ---------------------------------------------------------------------------------------------

    private ToolCallState callState(String sessionId, String messageId) {
        return chat.store().get(sessionId).flatMap(s -> s.message(messageId))
                .map(m -> m.toolCalls().isEmpty() ? null : m.toolCalls().get(0).state()).orElse(null);
    }

    /** The tool ledger's records on disk, in order: their types (the last may still be on its way to the disk). */
    private List<String> ledgerTypes() throws IOException {
        List<String> out = new ArrayList<>();
        Path journalDir = dataDir.resolve("journal");
        try (Stream<Path> files = Files.list(journalDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int brace = line.indexOf('{');
                    if (brace < 0 || !line.contains("\"tool.")) {
                        continue;
                    }
                    JsonNode record = JSON.readTree(line.substring(brace, line.lastIndexOf('}') + 1));
                    out.add(record.get("type").asText());
                }
            }
        }
        return out;
    }

    private ArrayNode openAiTools() {
        ArrayNode out = JSON.createArrayNode();
        for (ToolHost.OfferedTool t : tools.host().offered()) {
            ObjectNode function = out.addObject().put("type", "function").putObject("function")
                    .put("name", t.wireName()).put("description", t.description());
            function.set("parameters", parse(t.inputSchema()));
        }
        return out;
    }

    private ArrayNode anthropicTools() {
        ArrayNode out = JSON.createArrayNode();
        for (ToolHost.OfferedTool t : tools.host().offered()) {
            out.addObject().put("name", t.wireName()).put("description", t.description())
                    .set("input_schema", parse(t.inputSchema()));
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first request's body with these messages and tools: every other member as the provider sends it. */
    private static JsonNode openAiBody(JsonNode base, ArrayNode messages, ArrayNode offered) {
        ObjectNode body = base.deepCopy();
        body.set("messages", messages.deepCopy());
        body.set("tools", offered);
        return body;
    }

    private static JsonNode withTools(JsonNode base, ArrayNode offered) {
        ObjectNode body = base.deepCopy();
        body.set("tools", offered);
        return body;
    }

    /** Anthropic's messages with every content as blocks (a string content is one text block). */
    private static JsonNode anthropicMessages(String body) {
        return normalised((ArrayNode) parse(body).get("messages"));
    }

    private static JsonNode normalised(ArrayNode messages) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode m : messages) {
            ObjectNode copy = m.deepCopy();
            if (m.get("content").isTextual()) {
                copy.putArray("content").addObject().put("type", "text").put("text", m.get("content").asText());
            }
            out.add(copy);
        }
        return out;
    }

    private static ObjectNode openAiAssistant(String id, String name, String arguments) {
        ObjectNode assistant = JSON.createObjectNode().put("role", "assistant").putNull("content");
        assistant.putArray("tool_calls").add(openAiCall(id, name, arguments));
        return assistant;
    }

    private static ObjectNode openAiCall(String id, String name, String arguments) {
        ObjectNode call = JSON.createObjectNode().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return call;
    }

    private static ObjectNode toolUse(String id, String name, String input) {
        ObjectNode use = JSON.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
        use.set("input", parse(input));
        return use;
    }

    private static ObjectNode toolResult(String id, String text) {
        return JSON.createObjectNode().put("type", "tool_result").put("tool_use_id", id).put("content", text);
    }
}
