package dev.tidemark.provider.openai;

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
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tools on the OpenAI-compatible wire, over real HTTP on loopback: the exact request bodies (parsed
 * and compared as JSON trees) for tools offered, a tool history, parallel calls, errors and denials,
 * tools off; the streamed calls; a model that cannot use tools.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OpenAiToolWireTest {

    static final ToolSpec ECHO = new ToolSpec("echo", "Says the text back",
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}");
    static final ToolSpec ADD = new ToolSpec("tests__add", "", "{\"type\":\"object\"}");

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
        server.enqueue(TestHttp.sse("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n").build());
        new OpenAiProvider(client, server.url("/v1").toString(), "sk-test").stream(request, events);
        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        events.awaitTerminal();
        return TestHttp.json(recorded.getBody().utf8());
    }

    /** The body every request here shares, with these messages (and tools, when given). */
    private static JsonNode body(String model, String messages, String tools) {
        return TestHttp.json("{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":" + messages + (tools == null ? "" : ",\"tools\":" + tools) + "}");
    }

    private static final String TOOLS_JSON = """
            [{"type":"function","function":{"name":"echo","description":"Says the text back",
              "parameters":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}}},
             {"type":"function","function":{"name":"tests__add","description":"","parameters":{"type":"object"}}}]""";

    /** A history: the user asks, the model calls two tools at once (one fails), then answers; the user asks again. */
    private static List<Turn> history() {
        return List.of(
                new Turn(Role.USER, "Echo hi and add 2 and 3"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(
                        new ToolUse("call_A1", "echo", "{\"text\":\"hi\"}", "hi", false),
                        new ToolUse("call_B2", "tests__add", "{\"a\":2,\"b\":3}", "add failed: out of numbers", true))),
                new Turn(Role.ASSISTANT, "Let me try once more.", List.of(), List.of(
                        new ToolUse("call_C3", "tests__add", "{\"a\":2,\"b\":3}",
                                "The user denied this tool call, so it was not run.", true))),
                new Turn(Role.ASSISTANT, "Echo said hi; I could not add."),
                new Turn(Role.USER, "Thanks"));
    }

    @Test
    void toolsOfferedAreSentAsFunctionsWithTheirSchemaAndNoToolChoice() throws Exception {
        JsonNode body = sent(new ChatRequest("gpt-4o-mini", null, List.of(new Turn(Role.USER, "Echo hi")))
                .withTools(List.of(ECHO, ADD)));

        assertThat(body).isEqualTo(body("gpt-4o-mini", "[{\"role\":\"user\",\"content\":\"Echo hi\"}]", TOOLS_JSON));
    }

    @Test
    void noToolsOfferedSendsNoToolsMember() throws Exception {
        JsonNode body = sent(new ChatRequest("gpt-4o-mini", null, List.of(new Turn(Role.USER, "Hi"))));

        assertThat(body).isEqualTo(body("gpt-4o-mini", "[{\"role\":\"user\",\"content\":\"Hi\"}]", null));
    }

    @Test
    void aToolHistoryGoesAsToolCallsEachFollowedByItsToolMessagesInOrder() throws Exception {
        JsonNode body = sent(new ChatRequest("gpt-4o-mini", null, history()).withTools(List.of(ECHO, ADD)));

        assertThat(body).isEqualTo(body("gpt-4o-mini", """
                [{"role":"user","content":"Echo hi and add 2 and 3"},
                 {"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_A1","type":"function","function":{"name":"echo","arguments":"{\\"text\\":\\"hi\\"}"}},
                   {"id":"call_B2","type":"function","function":{"name":"tests__add","arguments":"{\\"a\\":2,\\"b\\":3}"}}]},
                 {"role":"tool","tool_call_id":"call_A1","content":"hi"},
                 {"role":"tool","tool_call_id":"call_B2","content":"add failed: out of numbers"},
                 {"role":"assistant","content":"Let me try once more.","tool_calls":[
                   {"id":"call_C3","type":"function","function":{"name":"tests__add","arguments":"{\\"a\\":2,\\"b\\":3}"}}]},
                 {"role":"tool","tool_call_id":"call_C3","content":"The user denied this tool call, so it was not run."},
                 {"role":"assistant","content":"Echo said hi; I could not add."},
                 {"role":"user","content":"Thanks"}]""", TOOLS_JSON));
    }

    @Test
    void withToolsOffTheCallsAndResultsGoAsPlainTextInTheAssistantTurn() throws Exception {
        JsonNode body = sent(new ChatRequest("gpt-4o-mini", null, history()));

        assertThat(body).isEqualTo(body("gpt-4o-mini", """
                [{"role":"user","content":"Echo hi and add 2 and 3"},
                 {"role":"assistant","content":"[Called tool echo with {\\"text\\":\\"hi\\"}. Result: hi]\\n\\n[Called tool tests__add with {\\"a\\":2,\\"b\\":3}. Error: add failed: out of numbers]"},
                 {"role":"assistant","content":"Let me try once more.\\n\\n[Called tool tests__add with {\\"a\\":2,\\"b\\":3}. Error: The user denied this tool call, so it was not run.]"},
                 {"role":"assistant","content":"Echo said hi; I could not add."},
                 {"role":"user","content":"Thanks"}]""", null));
    }

    @Test
    void argumentsThatAreNotAJsonObjectGoAsAnEmptyObjectAndAnEmptyIdGetsOne() throws Exception {
        JsonNode body = sent(new ChatRequest("llama3.1", null, List.of(new Turn(Role.USER, "Go"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(
                        new ToolUse("", "echo", "", "ok", false),
                        new ToolUse("", "echo", "{\"text\":\"cut", "ok", false)))))
                .withTools(List.of(ECHO)));

        JsonNode calls = body.path("messages").get(1).path("tool_calls");
        assertThat(calls.get(0).path("function").path("arguments").asText()).isEqualTo("{}");
        assertThat(calls.get(1).path("function").path("arguments").asText()).isEqualTo("{}");
        String first = calls.get(0).path("id").asText();
        String second = calls.get(1).path("id").asText();
        assertThat(first).isNotBlank().isNotEqualTo(second);
        assertThat(body.path("messages").get(2).path("tool_call_id").asText()).isEqualTo(first);
        assertThat(body.path("messages").get(3).path("tool_call_id").asText()).isEqualTo(second);
    }

    @Test
    void mistralModelsGetNineCharacterIdsTheSameEachTimeAndTheirOwnIdsAreKept() throws Exception {
        ChatRequest request = new ChatRequest("mistral-small-latest", null, List.of(new Turn(Role.USER, "Go"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(
                        new ToolUse("call_JMW1whyEaYG438VE1OIflxA2", "echo", "{}", "ok", false),
                        new ToolUse("gSIMJiOkT", "echo", "{}", "ok", false)))))
                .withTools(List.of(ECHO));
        JsonNode body = sent(request);
        JsonNode again = OpenAiBody.of(request, HttpUrl.get("https://api.mistral.ai/v1/"));

        String derived = body.path("messages").get(1).path("tool_calls").get(0).path("id").asText();
        assertThat(derived).matches("[a-zA-Z0-9]{9}");
        assertThat(body.path("messages").get(2).path("tool_call_id").asText()).isEqualTo(derived);
        assertThat(body.path("messages").get(1).path("tool_calls").get(1).path("id").asText()).isEqualTo("gSIMJiOkT");
        assertThat(again.path("messages")).isEqualTo(body.path("messages"));
    }

    @Test
    void geminisEndpointGetsTheDocumentedStandInThoughtSignature() {
        ChatRequest request = new ChatRequest("gemini-3-flash", null, List.of(new Turn(Role.USER, "Go"),
                new Turn(Role.ASSISTANT, "", List.of(), List.of(new ToolUse("call_1", "echo", "{}", "ok", false)))))
                .withTools(List.of(ECHO));

        JsonNode gemini = OpenAiBody.of(request, HttpUrl.get("https://generativelanguage.googleapis.com/v1beta/openai/"));
        JsonNode openai = OpenAiBody.of(request, HttpUrl.get("https://api.openai.com/v1/"));

        assertThat(gemini.path("messages").get(1).path("tool_calls").get(0).path("extra_content"))
                .isEqualTo(TestHttp.json("{\"google\":{\"thought_signature\":\"skip_thought_signature_validator\"}}"));
        assertThat(openai.path("messages").get(1).path("tool_calls").get(0).has("extra_content")).isFalse();
    }

    /** Real answers of services asked with tools for a model that has none (see {@link ToolRefusals}). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|{\"error\":\"registry.ollama.ai/library/gemma3:4b does not support tools\"}|gemma3:4b does not support tools",
        "400|{\"error\":{\"message\":\"llama3 does not support tools\",\"type\":\"api_error\",\"param\":null,\"code\":null}}|llama3 does not support tools",
        "500|{\"error\":{\"code\":500,\"message\":\"tools param requires --jinja flag\",\"type\":\"server_error\"}}|tools param requires --jinja flag",
        "400|{\"object\":\"error\",\"message\":\"\\\"auto\\\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}|tool choice requires --enable-auto-tool-choice",
        "404|{\"error\":{\"message\":\"No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing\",\"code\":404}}|No endpoints found that support tool use",
    })
    void aModelThatCannotUseToolsFailsWithWordsToActOnAndTheServicesOwnAndIsNotRetried(int status, String answer,
                                                                                     String said) {
        server.enqueue(TestHttp.jsonError(status, answer));
        server.enqueue(TestHttp.jsonError(status, answer));
        server.enqueue(TestHttp.jsonError(status, answer));
        new OpenAiProvider(client, server.url("/v1").toString(), "sk-test")
                .stream(new ChatRequest("m", null, List.of(new Turn(Role.USER, "Hi"))).withTools(List.of(ECHO)), events);

        StreamEvent terminal = events.awaitTerminal();
        assertThat(terminal).isInstanceOf(StreamEvent.Failed.class);
        String words = ((StreamEvent.Failed) terminal).message();
        assertThat(words).startsWith("This model cannot use tools. Switch tools off for this chat and send again.")
                .contains("HTTP " + status).contains(said);
        assertThat(ToolRefusals.isRefusal(words)).isTrue();
        assertThat(server.getRequestCount()).as("asking again changes nothing").isEqualTo(1);
    }

    @Test
    void theSameWordsWithoutToolsOfferedAreAnOrdinaryError() {
        server.enqueue(TestHttp.jsonError(400, "{\"error\":\"llama3 does not support tools\"}"));
        new OpenAiProvider(client, server.url("/v1").toString(), "sk-test")
                .stream(new ChatRequest("m", null, List.of(new Turn(Role.USER, "Hi"))), events);

        StreamEvent.Failed failed = (StreamEvent.Failed) events.awaitTerminal();
        assertThat(ToolRefusals.isRefusal(failed.message())).isFalse();
    }

    @Test
    void parallelCallsWithInterleavedArgumentsStreamAsDeltasPerIndexAndEndWithToolCalls() {
        String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[%s]},\"finish_reason\":null}]}\n\n";
        server.enqueue(TestHttp.sse(
                chunk.formatted("{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"echo\",\"arguments\":\"\"}},"
                        + "{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"tests__add\",\"arguments\":\"{\\\"a\\\"\"}}")
                + chunk.formatted("{\"index\":0,\"function\":{\"arguments\":\"{\\\"text\\\":\"}}")
                + chunk.formatted("{\"index\":1,\"function\":{\"arguments\":\":2}\"}}")
                + chunk.formatted("{\"index\":0,\"function\":{\"arguments\":\"\\\"hi\\\"}\"}}")
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
                + "data: [DONE]\n\n").build());
        new OpenAiProvider(client, server.url("/v1").toString(), "sk-test")
                .stream(new ChatRequest("m", null, List.of(new Turn(Role.USER, "Hi"))).withTools(List.of(ECHO, ADD)),
                        events);

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("tool_calls"));
        assertThat(events.events()).filteredOn(e -> e instanceof StreamEvent.ToolCallDelta).containsExactly(
                new StreamEvent.ToolCallDelta(0, "call_a", "echo", ""),
                new StreamEvent.ToolCallDelta(1, "call_b", "tests__add", "{\"a\""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"text\":"),
                new StreamEvent.ToolCallDelta(1, null, null, ":2}"),
                new StreamEvent.ToolCallDelta(0, null, null, "\"hi\"}"));
    }
}
