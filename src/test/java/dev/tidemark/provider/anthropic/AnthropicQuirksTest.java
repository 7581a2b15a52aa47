package dev.tidemark.provider.anthropic;

import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
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
