package dev.tidemark.provider.anthropic;

import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallAccumulator;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.TestHttp;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Anthropic Messages streams as the service really sends them, over real HTTP through the adapter. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class AnthropicQuirksTest {

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

    private void start() {
        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-test-key")
                .stream(new ChatRequest("claude", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    private static final String START = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"m\","
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}       ");

    private String reasoning() {
        StringBuilder b = new StringBuilder();
        events.events().stream().filter(e -> e instanceof StreamEvent.ReasoningDelta)
                .forEach(e -> b.append(((StreamEvent.ReasoningDelta) e).text()));
        return b.toString();
    }

    @Test
    void thinkingThenSignatureThenTextWithPaddedJsonAndPings() {
        server.enqueue(TestHttp.sse(START
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}   ")
                + event("ping", "{\"type\": \"ping\"}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"thinking_delta\",\"thinking\":\"1071 = 2 × 462 + 147\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                + "{\"type\":\"redacted_thinking\",\"data\":\"enc_payload\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"GCD is 21\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
                + "{\"type\":\"citations_delta\",\"citation\":{}}}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":15}}")
                + event("message_stop", "{\"type\":\"message_stop\"}")).build());
        start();
        assertThat(events.awaitDone().finishReason()).isEqualTo("end_turn");
        assertThat(reasoning()).startsWith("1071 = 2 × 462 + 147").contains("redacted");
        assertThat(events.text()).isEqualTo("GCD is 21");
        assertThat(events.events()).contains(new StreamEvent.Usage(25, 15, -1));
    }

    private static String blockStart(int index, String blockJson) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":" + blockJson + "}");
    }

    private static String blockDelta(int index, String deltaJson) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":" + deltaJson + "}");
    }

    @Test
    void blocksOfUnknownTypesBecomeNoToolCallAndLeaveTheKnownBlocksAroundThemAlone() {
        server.enqueue(TestHttp.sse(START
                + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
                + blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"Before. \"}")
                + blockStart(1, "{\"type\":\"mcp_tool_result\",\"tool_use_id\":\"mcptoolu_1\",\"is_error\":false,"
                + "\"content\":[{\"type\":\"text\",\"text\":\"result\"}]}")
                + blockStart(2, "{\"type\":\"hologram_2027\",\"id\":\"\"}")
                + blockDelta(2, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"x\\\": 1}\"}")
                + blockDelta(2, "{\"type\":\"text_delta\",\"text\":\"not answer text\"}")
                + blockStart(3, "{\"type\":\"compaction\"}")
                + blockDelta(3, "{\"type\":\"compaction_delta\",\"content\":\"summary\"}")
                + blockStart(4, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\",\"input\":{}}")
                + blockDelta(4, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Oslo\\\"}\"}")
                + blockStart(5, "{\"type\":\"text\",\"text\":\"After.\"}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}")
                + event("message_stop", "{\"type\":\"message_stop\"}")).build());
        start();
        assertThat(events.awaitDone().finishReason()).isEqualTo("tool_use");
        assertThat(events.text()).isEqualTo("Before. After.");
        assertThat(toolCalls()).containsExactly(new ToolCall("toolu_1", "weather", "{\"city\": \"Oslo\"}"));
    }

    @Test
    void anMcpToolUseIsAToolCallWithItsIdAndName() {
        server.enqueue(TestHttp.sse(START
                + blockStart(0, "{\"type\":\"mcp_tool_use\",\"id\":\"mcptoolu_1\",\"name\":\"ask_question\","
                + "\"server_name\":\"deepwiki\",\"input\":{}}")
                + blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\": \\\"why\\\"}\"}")
                + blockStart(1, "{\"type\":\"mcp_tool_result\",\"tool_use_id\":\"mcptoolu_1\"}")
                + blockStart(2, "{\"type\":\"text\",\"text\":\"Because.\"}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}")
                + event("message_stop", "{\"type\":\"message_stop\"}")).build());
        start();
        events.awaitDone();
        assertThat(toolCalls()).containsExactly(new ToolCall("mcptoolu_1", "ask_question", "{\"q\": \"why\"}"));
        assertThat(events.text()).isEqualTo("Because.");
    }

    private List<ToolCall> toolCalls() {
        ToolCallAccumulator tools = new ToolCallAccumulator();
        events.events().stream().filter(e -> e instanceof StreamEvent.ToolCallDelta).map(StreamEvent.ToolCallDelta.class::cast)
                .forEach(c -> tools.add(c.index(), c.id(), c.name(), c.argumentsDelta()));
        return tools.calls();
    }

    @Test
    void anErrorEventAfterTextEndsTheTurnWithoutARetryAndKeepsTheText() {
        server.enqueue(TestHttp.sse(START + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Half an ans\"}}")
                + event("error", "{\"type\":\"error\",\"error\":{\"details\":null,\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"},\"request_id\":\"req_011\"}")).build());
        start();
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.message()).isEqualTo("Anthropic reported overloaded error: Overloaded. The reply so far is kept.");
        assertThat(events.text()).isEqualTo("Half an ans");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void everyByteInItsOwnNetworkWriteStillGivesWholeCharacters() {
        String stream = START + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"× é 😀 日本語\"}}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}");
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return bytes.length; // a known length, so the end of the body is the end of the stream
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        // the multi-byte text one byte per network write (the rest at once: tiny
                        // writes are slow on loopback with Nagle and delayed acknowledgements)
                        int from = stream.indexOf("×");
                        int start = stream.substring(0, from).getBytes(StandardCharsets.UTF_8).length;
                        int end = start + "× é 😀 日本語".getBytes(StandardCharsets.UTF_8).length;
                        sink.write(bytes, 0, start);
                        sink.flush();
                        for (int i = start; i < end; i++) {
                            sink.writeByte(bytes[i]);
                            sink.flush();
                        }
                        sink.write(bytes, end, bytes.length - end);
                        sink.flush();
                    }
                }).build());
        start();
        assertThat(events.awaitDone().finishReason()).isEqualTo("end_turn");
        assertThat(events.text()).isEqualTo("× é 😀 日本語");
    }
}
