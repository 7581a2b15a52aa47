package dev.tidemark.provider.openai;

import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallAccumulator;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.SseStream;
import dev.tidemark.provider.TestHttp;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shapes OpenAI-compatible servers really send (research/protocols.md §3), each over real
 * HTTP through the real adapter.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class OpenAiQuirksTest {

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

    private void stream(String body) {
        stream(body, SseStream.Policy.defaults());
    }

    private void stream(String body, SseStream.Policy policy) {
        server.enqueue(TestHttp.sse(body).build());
        new OpenAiProvider(client, new Endpoint(server.url("/v1").toString(), "sk-test", Map.of("X-Title", "Tidemark")),
                policy).stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
    }

    private static String data(String json) {
        return "data: " + json + "\n\n";
    }

    private static String delta(String deltaJson) {
        return data("{\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":null}]}");
    }

    private static String finish(String reason) {
        return data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}");
    }

    private String reasoning() {
        StringBuilder b = new StringBuilder();
        events.events().stream().filter(e -> e instanceof StreamEvent.ReasoningDelta)
                .forEach(e -> b.append(((StreamEvent.ReasoningDelta) e).text()));
        return b.toString();
    }

    private List<ToolCall> toolCalls() {
        ToolCallAccumulator calls = new ToolCallAccumulator();
        events.events().stream().filter(e -> e instanceof StreamEvent.ToolCallDelta).map(e -> (StreamEvent.ToolCallDelta) e)
                .forEach(c -> calls.add(c.index(), c.id(), c.name(), c.argumentsDelta()));
        return calls.calls();
    }

    @Test
    void deepSeekReasoningContentIsReasoningNotText() {
        stream(delta("{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"Okay\"}")
                + delta("{\"content\":null,\"reasoning_content\":\", think\"}")
                + delta("{\"content\":\"Answer\",\"reasoning_content\":null}") + finish("stop") + "data: [DONE]\n\n");
        assertThat(events.awaitDone().finishReason()).isEqualTo("stop");
        assertThat(reasoning()).isEqualTo("Okay, think");
        assertThat(events.text()).isEqualTo("Answer");
    }

    @Test
    void vllmAndOllamaReasoningFieldAndOpenRouterDetailsAreReasoningShownOnce() {
        stream(delta("{\"reasoning\":\"Let me \",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"Let me \"}]}")
                + delta("{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"think.\"}]}")
                + delta("{\"content\":\"Done.\"}") + finish("stop"));
        events.awaitDone();
        assertThat(reasoning()).isEqualTo("Let me think.");
        assertThat(events.text()).isEqualTo("Done.");
    }

    @Test
    void thinkTagsInsideContentAreReasoning() {
        stream(delta("{\"content\":\"<thi\"}") + delta("{\"content\":\"nk>Okay so\"}") + delta("{\"content\":\" tides</th\"}")
                + delta("{\"content\":\"ink>\\n\\nThe moon.\"}") + finish("stop"));
        events.awaitDone();
        assertThat(reasoning()).isEqualTo("Okay so tides");
        assertThat(events.text()).isEqualTo("The moon.");
    }

    @Test
    void geminiToolCallsWithoutAnIndexAreTwoCallsNotOne() {
        stream(delta("{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"path\\\":\\\"a\\\"}\","
                + "\"name\":\"read\"},\"id\":\"call_1\",\"type\":\"function\"}]}")
                + delta("{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"path\\\":\\\"b\\\"}\","
                + "\"name\":\"read\"},\"id\":\"call_2\",\"type\":\"function\"}]}")
                + finish("stop"));
        events.awaitDone();
        assertThat(toolCalls()).containsExactly(new ToolCall("call_1", "read", "{\"path\":\"a\"}"),
                new ToolCall("call_2", "read", "{\"path\":\"b\"}"));
    }

    @Test
    void anIdRepeatedOnEveryChunkIsNotConcatenatedAndAFirstIndexOfOneIsFine() {
        stream(delta("{\"tool_calls\":[{\"index\":1,\"id\":\"call_x\",\"type\":\"function\",\"function\":{\"name\":\"get\","
                + "\"arguments\":\"\"}}]}")
                + delta("{\"tool_calls\":[{\"index\":1,\"id\":\"call_x\",\"function\":{\"arguments\":\"{\\\"a\\\":\"}}]}")
                + delta("{\"tool_calls\":[{\"index\":1,\"id\":\"call_x\",\"function\":{\"arguments\":\"1}\"}}]}")
                + finish("tool_calls"));
        assertThat(events.awaitDone().finishReason()).isEqualTo("tool_calls");
        assertThat(toolCalls()).containsExactly(new ToolCall("call_x", "get", "{\"a\":1}"));
    }

    @Test
    void mistralContentAsAnArrayOfThinkingAndTextPartsIsReasoningThenText() {
        stream(delta("{\"role\":\"assistant\",\"content\":\"\"}")
                + delta("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Okay, \"}]}]}")
                + delta("{\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"sum it.\"}]},"
                + "{\"type\":\"text\",\"text\":\"The sum \"}]}")
                + delta("{\"content\":\"is 4.\"}")
                + finish("stop") + "data: [DONE]\n\n");
        events.awaitDone();
        assertThat(reasoning()).isEqualTo("Okay, sum it.");
        assertThat(events.text()).isEqualTo("The sum is 4.");
    }

    @Test
    void groqUsageUnderXGroqIsReadLikeUsage() {
        stream(delta("{\"content\":\"hi\"}")
                + data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"queue_time\":0.2,\"prompt_tokens\":5003,"
                + "\"completion_tokens\":359,\"total_tokens\":5362}}}")
                + "data: [DONE]\n\n");
        events.awaitDone();
        assertThat(events.events()).contains(new StreamEvent.Usage(5003, 359, -1));
    }

    @Test
    void usageOnTheFinishChunkAndAnUnknownFinishReasonAreKept() {
        stream(delta("{\"content\":\"x\"}") + data("{\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"insufficient_system_resource\"}],\"usage\":{\"prompt_tokens\":5,"
                + "\"completion_tokens\":7,\"completion_tokens_details\":{\"reasoning_tokens\":2}}}"));
        assertThat(events.awaitDone().finishReason()).isEqualTo("insufficient_system_resource");
        assertThat(events.events()).contains(new StreamEvent.Usage(5, 7, 2));
    }

    @Test
    void keepAliveCommentsAndAnAzureFilterChunkWithoutChoicesAreHarmless() {
        stream(": keep-alive\n\n" + data("{\"id\":\"\",\"choices\":[],\"created\":0,\"model\":\"\","
                + "\"prompt_filter_results\":[{\"prompt_index\":0}]}") + ": OPENROUTER PROCESSING\n\n"
                + delta("{\"content\":\"ok\"}") + finish("stop"));
        events.awaitDone();
        assertThat(events.text()).isEqualTo("ok");
    }

    @Test
    void openRouterErrorWithFinishReasonErrorEndsTheTurnKeepingTheText() {
        stream(delta("{\"content\":\"partial\"}") + data("{\"id\":\"cmpl-abc\",\"provider\":\"openai\",\"error\":"
                + "{\"code\":\"server_error\",\"message\":\"Provider disconnected unexpectedly\"},\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}"));
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.message()).contains("Provider disconnected unexpectedly").contains("reply so far is kept");
        assertThat(events.text()).isEqualTo("partial");
    }

    @Test
    void olderLlamaCppErrorFieldThenDoneIsAnErrorNotACleanEnd() {
        stream(delta("{\"content\":\"x\"}") + "error: {\"code\":400,\"message\":\"the request exceeds the available context"
                + " size, try increasing it\",\"type\":\"exceed_context_size_error\"}\n\ndata: [DONE]\n\n");
        assertThat(events.awaitFailed().message()).contains("exceeds the available context size");
    }

    @Test
    void aStreamThatOnlyKeepsAliveIsStoppedByTheWatchdogAndSaysSo() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body(new dev.tidemark.testing.SlowSseBody(List.of(delta("{\"content\":\"Hel\"}"), ": keep-alive\n\n",
                        ": keep-alive\n\n", ": keep-alive\n\n", ": keep-alive\n\n", ": keep-alive\n\n", ": keep-alive\n\n"),
                        List.of("Hel", "", "", "", "", "", ""), Duration.ofMillis(150), false)).build());
        new OpenAiProvider(client, new Endpoint(server.url("/v1").toString(), "k"),
                new SseStream.Policy(0, Duration.ofSeconds(30), Duration.ofMillis(400), Duration.ofSeconds(1)))
                .stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.message()).contains("stopped sending the reply").contains("400 ms").contains("kept");
        assertThat(events.text()).isEqualTo("Hel");
    }

    @Test
    void aServerThatNeverStartsReplyingIsStoppedByTheFirstPieceTimeout() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body(new dev.tidemark.testing.SlowSseBody(List.of(": keep-alive\n\n", ": keep-alive\n\n", ": keep-alive\n\n",
                        ": keep-alive\n\n", ": keep-alive\n\n"), List.of("", "", "", "", ""), Duration.ofMillis(150), false))
                .build());
        new OpenAiProvider(client, new Endpoint(server.url("/v1").toString(), "k"),
                new SseStream.Policy(0, Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
        assertThat(events.awaitFailed().message()).contains("did not start replying within 300 ms");
    }

    @Test
    void afterTextHasArrivedADroppedConnectionIsNeverRetried() throws Exception {
        server.enqueue(TestHttp.sse(TestHttp.splitBody(delta("{\"content\":\"some\"}"), finish("stop")))
                .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket()).build());
        server.enqueue(TestHttp.sse(delta("{\"content\":\"SHOULD NOT APPEAR\"}") + finish("stop")).build());
        new OpenAiProvider(client, new Endpoint(server.url("/v1").toString(), "sk-test"))
                .stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
        assertThat(events.awaitFailed().message()).contains("dropped the connection").contains("kept");
        assertThat(events.text()).isEqualTo("some");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void beforeAnyTextADroppedConnectionIsRetried() throws Exception {
        server.enqueue(TestHttp.sse(TestHttp.splitBody(": hello\n\n", finish("stop")))
                .onResponseBody(new mockwebserver3.SocketEffect.CloseSocket()).build());
        server.enqueue(TestHttp.sse(delta("{\"content\":\"second\"}") + finish("stop")).build());
        new OpenAiProvider(client, new Endpoint(server.url("/v1").toString(), "sk-test"))
                .stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
        assertThat(events.awaitDone().finishReason()).isEqualTo("stop");
        assertThat(events.text()).isEqualTo("second");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aTlsFailureSaysTheSecureConnectionFailed() throws Exception {
        // a server that answers a TLS hello with plain text: the handshake fails as with a broken proxy
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (java.net.Socket socket = plain.accept()) {
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            answerer.setDaemon(true);
            answerer.start();
            new OpenAiProvider(client, new Endpoint("https://127.0.0.1:" + plain.getLocalPort() + "/v1", "sk-test"))
                    .stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
            assertThat(events.awaitFailed().message()).contains("could not set up a secure connection")
                    .contains("Check the base URL");
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsRetriedThenReported() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS)
                    .setHeader("Content-Type", "text/event-stream").body(finish("stop")).build());
        }
        OkHttpClient impatient = client.newBuilder().readTimeout(Duration.ofMillis(300)).build();
        new OpenAiProvider(impatient, new Endpoint(server.url("/v1").toString(), "sk-test"))
                .stream(new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi"))), events);
        assertThat(events.awaitFailed().message()).contains("did not answer in time");
        assertThat(events.events()).filteredOn(e -> e instanceof StreamEvent.Retrying).hasSize(2);
    }

    @Test
    void customHeadersAreSent() throws Exception {
        stream(delta("{\"content\":\"x\"}") + finish("stop"));
        events.awaitDone();
        assertThat(server.takeRequest(2, TimeUnit.SECONDS).getHeaders().get("X-Title")).isEqualTo("Tidemark");
    }
}
