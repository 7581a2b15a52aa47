package dev.tidemark.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ChatRequest.ToolSpec;
import dev.tidemark.provider.ChatRequest.ToolUse;
import dev.tidemark.provider.ChatRequest.Turn;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.TestHttp;
import dev.tidemark.provider.ToolRefusals;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools on the Anthropic wire, over real HTTP on loopback: the exact request bodies (parsed and
 * compared as JSON trees) for tools offered, a tool history, parallel calls, errors and denials,
 * results merged into the user's next message, tools off; the streamed calls; a model that cannot
 * use tools.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AnthropicToolWireTest {

    static final ToolSpec ECHO = new ToolSpec("echo", "Says the text back",
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}");
    static final ToolSpec ADD = new ToolSpec("tests__add", "", "{\"type\":\"object\"}");

    private static final String TOOLS_JSON = """
            [{"name":"echo","description":"Says the text back",
              "input_schema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}},
             {"name":"tests__add","description":"","input_schema":{"type":"object"}}]""";

    private static final String ECHO_JSON = """
            [{"name":"echo","description":"Says the text back",
              "input_schema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}]""";

    private MockWebServer server;
    private OkHttpClient client;
    private final EventCollector events = new EventCollector();

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        client = TestHttp.newClient();
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        server.close();
    }

    private JsonNode sent(ChatRequest request) throws Exception {
        server.enqueue(TestHttp.sse("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":"
                + "{\"stop_reason\":\"end_turn\"}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").build());
        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-test").stream(request, events);
        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        events.awaitTerminal();
        return TestHttp.json(recorded.getBody().utf8());
    }

    private static JsonNode body(String messages, String tools) {
        return TestHttp.json("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,\"stream\":true,"
                + "\"messages\":" + messages + (tools == null ? "" : ",\"tools\":" + tools) + "}");
    }

    private static ChatRequest request(List<Turn> turns) {
        return new ChatRequest("claude-sonnet-4-5", null, turns);
    }

    /** The model calls two tools at once (one fails), then one more (denied), then answers; the user asks again. */
    private static List<Turn> history() {
        return List.of(
                new Turn(Role.USER, "Echo hi and add 2 and 3"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(
                        new ToolUse("toolu_A1", "echo", "{\"text\":\"hi\"}", "hi", false),
                        new ToolUse("toolu_B2", "tests__add", "{\"a\":2,\"b\":3}", "add failed: out of numbers", true))),
                new Turn(Role.ASSISTANT, "Let me try once more.", List.of(), List.of(
                        new ToolUse("toolu_C3", "tests__add", "{\"a\":2,\"b\":3}",
                                "The user denied this tool call, so it was not run.", true))),
                new Turn(Role.USER, "Never mind, thanks"));
    }

    @Test
    void toolsOfferedAreSentWithTheirInputSchema() throws Exception {
        JsonNode body = sent(request(List.of(new Turn(Role.USER, "Echo hi"))).withTools(List.of(ECHO, ADD)));

        assertThat(body).isEqualTo(body("[{\"role\":\"user\",\"content\":\"Echo hi\"}]", TOOLS_JSON));
    }

    @Test
    void callsAreToolUseBlocksAndTheirResultsComeFirstInTheNextUserMessageOrInOneOfTheirOwn() throws Exception {
        JsonNode body = sent(request(history()).withTools(List.of(ECHO, ADD)));

        assertThat(body).isEqualTo(body("""
                [{"role":"user","content":"Echo hi and add 2 and 3"},
                 {"role":"assistant","content":[
                   {"type":"tool_use","id":"toolu_A1","name":"echo","input":{"text":"hi"}},
                   {"type":"tool_use","id":"toolu_B2","name":"tests__add","input":{"a":2,"b":3}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_A1","content":"hi"},
                   {"type":"tool_result","tool_use_id":"toolu_B2","content":"add failed: out of numbers","is_error":true}]},
                 {"role":"assistant","content":[
                   {"type":"text","text":"Let me try once more."},
                   {"type":"tool_use","id":"toolu_C3","name":"tests__add","input":{"a":2,"b":3}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_C3","content":"The user denied this tool call, so it was not run.","is_error":true},
                   {"type":"text","text":"Never mind, thanks"}]}]""", TOOLS_JSON));
    }

    @Test
    void resultsOfTheLastTurnGoInAUserMessageOfTheirOwnAndTheUsersPartsFollowTheResults() throws Exception {
        JsonNode trailing = sent(request(List.of(new Turn(Role.USER, "Echo hi"),
                new Turn(Role.ASSISTANT, "Sure.", List.of(), List.of(new ToolUse("toolu_1", "echo", "", "", false)))))
                .withTools(List.of(ECHO)));
        assertThat(trailing).isEqualTo(body("""
                [{"role":"user","content":"Echo hi"},
                 {"role":"assistant","content":[{"type":"text","text":"Sure."},
                   {"type":"tool_use","id":"toolu_1","name":"echo","input":{}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1"}]}]""",
                ECHO_JSON));

        JsonNode withParts = sent(request(List.of(new Turn(Role.USER, "Echo hi"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(new ToolUse("toolu_1", "echo", "[1]", "ok", false))),
                new Turn(Role.USER, "And this file", List.of(new ChatRequest.Text("notes.txt: hello")))))
                .withTools(List.of(ECHO)));
        assertThat(withParts.path("messages").get(2)).isEqualTo(TestHttp.json("""
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"},
                  {"type":"text","text":"notes.txt: hello"},{"type":"text","text":"And this file"}]}"""));
        assertThat(withParts.path("messages").get(1).path("content").get(0).path("input"))
                .as("arguments that are not an object go as {}").isEqualTo(TestHttp.json("{}"));
    }

    @Test
    void idsAnthropicWouldRefuseAreReplacedTheSameForTheCallAndItsResult() throws Exception {
        JsonNode body = sent(request(List.of(new Turn(Role.USER, "Go"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(
                        new ToolUse("functions.echo:0", "echo", "{}", "ok", false),
                        new ToolUse("", "echo", "{}", "ok", false))))).withTools(List.of(ECHO)));

        JsonNode uses = body.path("messages").get(1).path("content");
        JsonNode results = body.path("messages").get(2).path("content");
        for (int i = 0; i < 2; i++) {
            assertThat(uses.get(i).path("id").asText()).matches("[a-zA-Z0-9_-]+");
            assertThat(results.get(i).path("tool_use_id").asText()).isEqualTo(uses.get(i).path("id").asText());
        }
    }

    @Test
    void withToolsOffTheCallsAndResultsGoAsPlainText() throws Exception {
        JsonNode body = sent(request(history()));

        assertThat(body).isEqualTo(body("""
                [{"role":"user","content":"Echo hi and add 2 and 3"},
                 {"role":"assistant","content":"[Called tool echo with {\\"text\\":\\"hi\\"}. Result: hi]\\n\\n[Called tool tests__add with {\\"a\\":2,\\"b\\":3}. Error: add failed: out of numbers]"},
                 {"role":"assistant","content":"Let me try once more.\\n\\n[Called tool tests__add with {\\"a\\":2,\\"b\\":3}. Error: The user denied this tool call, so it was not run.]"},
                 {"role":"user","content":"Never mind, thanks"}]""", null));
    }

    @Test
    void aModelThatCannotUseToolsFailsWithWordsToActOn() {
        // Ollama's Anthropic-compatible /v1/messages answers as its OpenAI one does
        server.enqueue(TestHttp.jsonError(400, "{\"error\":\"registry.ollama.ai/library/gemma3:4b does not support tools\"}"));
        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-test")
                .stream(request(List.of(new Turn(Role.USER, "Hi"))).withTools(List.of(ECHO)), events);

        StreamEvent.Failed failed = (StreamEvent.Failed) events.awaitTerminal();
        assertThat(failed.message()).isEqualTo(ToolRefusals.LEAD + " (Anthropic answered HTTP 400: "
                + "registry.ollama.ai/library/gemma3:4b does not support tools)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void parallelToolUseBlocksStreamAsDeltasPerIndexAndEndWithToolUse() {
        String start = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":%d,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"%s\",\"name\":\"%s\",\"input\":{}}}\n\n";
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":%d,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"%s\"}}\n\n";
        server.enqueue(TestHttp.sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                + "{\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Both.\"}}\n\n"
                + start.formatted(1, "toolu_a", "echo")
                + delta.formatted(1, "{\\\"text\\\": \\\"hi\\\"}")
                + start.formatted(2, "toolu_b", "tests__add")
                + delta.formatted(2, "{\\\"a\\\": 2")
                + delta.formatted(2, ", \\\"b\\\": 3}")
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
                + "\"usage\":{\"output_tokens\":40}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").build());
        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-test")
                .stream(request(List.of(new Turn(Role.USER, "Hi"))).withTools(List.of(ECHO, ADD)), events);

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("tool_use"));
        assertThat(events.events()).filteredOn(e -> e instanceof StreamEvent.ToolCallDelta).containsExactly(
                new StreamEvent.ToolCallDelta(1, "toolu_a", "echo", ""),
                new StreamEvent.ToolCallDelta(1, null, null, "{\"text\": \"hi\"}"),
                new StreamEvent.ToolCallDelta(2, "toolu_b", "tests__add", ""),
                new StreamEvent.ToolCallDelta(2, null, null, "{\"a\": 2"),
                new StreamEvent.ToolCallDelta(2, null, null, ", \"b\": 3}"));
    }
}
