package dev.tidemark.provider;

import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.provider.openai.ResponsesProvider;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that drops, stalls or ends early once the reply has begun ends the stream as
 * {@code lost} ({@link StreamEvent.Failed#connectionLost()}), for every protocol; what the service
 * said (an HTTP error, an error event) never is. A background run whose id arrived is never asked
 * again by the transport (that would start a second run): its loss is {@code lost} even before text.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class LostConnectionTest {

    private MockWebServer server;
    private OkHttpClient client;
    private final EventCollector events = new EventCollector();
    private static final ChatRequest HI = new ChatRequest("gpt-4.1", null, List.of(new ChatRequest.Turn(Role.USER, "hi")));

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

    private Endpoint endpoint(String path) {
        return new Endpoint(server.url(path).toString(), "sk-test");
    }

    private static String chunk(String content) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
    }

    @Test
    void chatCompletionsDroppedAfterTextIsLost() {
        server.enqueue(TestHttp.sse(TestHttp.splitBody(chunk("some"), chunk("more")))
                .onResponseBody(new SocketEffect.CloseSocket()).build());
        new OpenAiProvider(client, endpoint("/v1")).stream(HI, events);
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.connectionLost()).as(failed.message()).isTrue();
        assertThat(failed.message()).contains("kept");
    }

    @Test
    void chatCompletionsEndingEarlyAfterTextIsLostAndBeforeTextIsNot() {
        server.enqueue(TestHttp.sse(chunk("some")).build());
        new OpenAiProvider(client, endpoint("/v1")).stream(HI, events);
        assertThat(events.awaitFailed().connectionLost()).isTrue();

        EventCollector empty = new EventCollector();
        server.enqueue(TestHttp.sse(": nothing\n\n").build());
        new OpenAiProvider(client, endpoint("/v1")).stream(HI, empty);
        assertThat(empty.awaitFailed().connectionLost()).isFalse();
    }

    @Test
    void anthropicEndingEarlyAfterTextIsLost() {
        server.enqueue(TestHttp.sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n").build());
        new AnthropicProvider(client, endpoint("/")).stream(HI, events);
        assertThat(events.awaitFailed().connectionLost()).isTrue();
        assertThat(events.text()).isEqualTo("Hi");
    }

    @Test
    void aStallAfterTextIsLost() {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body(new SlowSseBody(List.of(chunk("Hel"), ": keep-alive\n\n", ": keep-alive\n\n", ": keep-alive\n\n",
                        ": keep-alive\n\n", ": keep-alive\n\n"), List.of("Hel", "", "", "", "", ""),
                        Duration.ofMillis(150), false)).build());
        new OpenAiProvider(client, endpoint("/v1"),
                new SseStream.Policy(0, Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofSeconds(1)))
                .stream(HI, events);
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.connectionLost()).isTrue();
        assertThat(failed.message()).contains("stopped sending the reply");
    }

    @Test
    void anHttpErrorIsNotLost() {
        server.enqueue(TestHttp.jsonError(400, "{\"error\":{\"message\":\"bad\"}}"));
        new OpenAiProvider(client, endpoint("/v1")).stream(HI, events);
        assertThat(events.awaitFailed().connectionLost()).isFalse();
    }

    @Test
    void aBackgroundRunDroppedAfterItsIdButBeforeTextIsLostAndNotSentAgain() {
        String created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                + "\"response\":{\"id\":\"resp_bg\",\"status\":\"in_progress\"}}\n\n";
        server.enqueue(TestHttp.sse(TestHttp.splitBody(created, ": thinking\n\n"))
                .onResponseBody(new SocketEffect.CloseSocket()).build());
        server.enqueue(TestHttp.sse(created).build()); // a second run, if the transport asked again
        new ResponsesProvider(client, endpoint("/v1"), true).stream(HI, events);
        StreamEvent.Failed failed = events.awaitFailed();
        assertThat(failed.connectionLost()).as(failed.message()).isTrue();
        assertThat(events.events()).contains(new StreamEvent.Remote("resp_bg"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
