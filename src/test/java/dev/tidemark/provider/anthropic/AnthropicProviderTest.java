package dev.tidemark.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ChatRequest.Turn;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.TestHttp;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tidemark.provider.TestHttp.expected;
import static dev.tidemark.provider.TestHttp.fixture;
import static dev.tidemark.provider.TestHttp.sse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link AnthropicProvider} against a real HTTP server on loopback, replaying recorded and hand-made streams. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AnthropicProviderTest {

    private static final String KEY = "sk-ant-api03-SECRET123456";

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

    private AnthropicProvider provider() {
        return new AnthropicProvider(client, server.url("/").toString(), KEY);
    }

    private static ChatRequest hello() {
        return new ChatRequest("claude-sonnet-4-5", null, List.of(new Turn(Role.USER, "Hello")));
    }

    private void stream(String body) {
        server.enqueue(sse(body).build());
        provider().stream(hello(), events);
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    private static String textDelta(String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    private static final String MESSAGE_START = event("message_start", "{\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude\","
            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}")
            + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");

    private static String messageEnd(String stopReason) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    // ---------------------------------------------------------------- recorded streams

    static Stream<Arguments> recordedStreams() {
        return Stream.of(
                        "basic_response.sse",
                        "tool_use_response.sse",
                        "incomplete_partial_json_response.sse",
                        "java-stream-a-refusal.sse",
                        "java-stream-a-toolrefusal.sse",
                        "java-stream-b-fallback.sse")
                .flatMap(file -> Stream.of(Arguments.of(file, false), Arguments.of(file, true)));
    }

    @ParameterizedTest(name = "{0}, blank line appended: {1}")
    @MethodSource("recordedStreams")
    void recordedStreamGivesTheExpectedTextAndStopReason(String file, boolean appendBlankLine) {
        JsonNode want = expected("anthropic/" + file);
        String body = fixture("anthropic/" + file);

        stream(appendBlankLine && !body.endsWith("\n\n") ? body + "\n\n" : body);

        StreamEvent.Done done = events.awaitDone();
        assertThat(events.text()).isEqualTo(want.get("text").asText());
        assertThat(done.finishReason()).isEqualTo(want.get("finish").asText());
        TestHttp.awaitIdle(client);
        assertThat(events.drainRest()).as("nothing after the terminal event").isEmpty();
    }

    @ParameterizedTest(name = "blank line appended: {0}")
    @ValueSource(booleans = {false, true})
    void basicResponseFixtureStreamsHelloThereThenEndTurn(boolean appendBlankLine) {
        String body = fixture("anthropic/basic_response.sse");
        assertThat(body).as("the fixture is stored without its final blank line").endsWith("\"message_stop\"}");

        stream(appendBlankLine ? body + "\n\n" : body);

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("end_turn"));
        assertThat(events.deltas()).containsExactly("Hello", " there", "!");
    }

    // ---------------------------------------------------------------- the request

    @Test
    void postsToV1MessagesWithKeyVersionAndBody() throws Exception {
        server.enqueue(sse(fixture("anthropic/basic_response.sse")).build());
        ChatRequest request = new ChatRequest("claude-sonnet-4-20250514", "Answer in French.", List.of(
                new Turn(Role.USER, "Hi"),
                new Turn(Role.ASSISTANT, "Bonjour !"),
                new Turn(Role.USER, "How are you?")));

        provider().stream(request, events);
        events.awaitDone();

        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(recorded.getHeaders().get("Authorization")).isNull();
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");

        JsonNode body = TestHttp.json(recorded.getBody().utf8());
        assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(body.get("max_tokens").isInt()).isTrue();
        assertThat(body.get("max_tokens").intValue()).isEqualTo(4096);
        assertThat(body.get("stream").booleanValue()).isTrue();
        assertThat(body.get("system").asText()).isEqualTo("Answer in French.");
        JsonNode messages = body.get("messages");
        assertThat(messages.size()).isEqualTo(3);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("Hi");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Bonjour !");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("How are you?");
    }

    @Test
    void rootBaseUrlWithoutTrailingSlashAndNoSystemPrompt() throws Exception {
        server.enqueue(sse(fixture("anthropic/basic_response.sse")).build());
        String root = server.url("/").toString();

        new AnthropicProvider(client, root.substring(0, root.length() - 1), KEY).stream(hello(), events);
        events.awaitDone();

        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/messages");
        JsonNode body = TestHttp.json(recorded.getBody().utf8());
        assertThat(body.has("system")).isFalse();
        assertThat(body.get("messages").size()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- errors inside the stream

    @Test
    void overloadedErrorEventAfterSomeTextFailsAndKeepsThePartialText() {
        stream(MESSAGE_START + textDelta("Partial") + textDelta(" answer")
                + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
                + event("error", "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", "
                + "\"message\": \"Overloaded\"}}"));

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.deltas()).containsExactly("Partial", " answer");
        assertThat(failed.message()).contains("overloaded").contains("Overloaded").contains("reply so far is kept");
        TestHttp.awaitIdle(client);
        assertThat(events.drainRest()).isEmpty();
    }

    @Test
    void errorEventThatEchoesTheKeyDoesNotShowIt() {
        stream(MESSAGE_START + textDelta("Hi") + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"internal trouble with " + KEY + "\"}}"));

        assertThat(events.awaitFailed().message()).contains("internal trouble").doesNotContain(KEY)
                .doesNotContain("SECRET");
    }

    @Test
    void pingAndUnknownEventsAreIgnored() {
        stream(MESSAGE_START
                + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
                + textDelta("Still")
                + event("content_block_future_thing", "{\"type\":\"content_block_future_thing\",\"index\":0,"
                + "\"payload\":{\"text\":\"NOT SHOWN\"}}")
                + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"cited_text\":\"NOT SHOWN\"}}}")
                + textDelta(" here")
                + messageEnd("end_turn"));

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("end_turn"));
        assertThat(events.deltas()).containsExactly("Still", " here");
    }

    @Test
    void anUnknownEventWhoseDataIsNotJsonIsIgnoredToo() {
        stream(MESSAGE_START + textDelta("A") + "event: some_future_event\ndata: plain words, not JSON\n\n"
                + textDelta("B") + messageEnd("end_turn"));

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("end_turn"));
        assertThat(events.deltas()).containsExactly("A", "B");
    }

    @Test
    void malformedJsonEventFailsAndKeepsTheTextBeforeIt() {
        stream(MESSAGE_START + textDelta("Kept") + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"cut\n\n" + textDelta("not shown") + messageEnd("end_turn"));

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.deltas()).containsExactly("Kept");
        assertThat(failed.message()).startsWith("Anthropic").contains("could not read").contains("reply so far is kept");
    }

    // ---------------------------------------------------------------- HTTP errors

    @Test
    void http401FailsWithKeyAdviceAndWithoutTheKey() {
        server.enqueue(TestHttp.jsonError(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key " + KEY + "\"},\"request_id\":\"req_011CV5J4YZo4J3KLTDZgDN7S\"}"));

        provider().stream(hello(), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message())
                .startsWith("Anthropic refused the request (HTTP 401)")
                .contains("invalid x-api-key")
                .contains("Check the API key.")
                .doesNotContain(KEY)
                .doesNotContain("SECRET");
        assertThat(events.deltas()).isEmpty();
    }

    @Test
    void http529OverloadedIsRetriedThenFailsSayingToTryAgainLater() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(TestHttp.jsonError(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"},\"request_id\":\"req_1\"}"));
        }

        provider().stream(hello(), events);

        assertThat(events.awaitFailed().message()).isEqualTo(
                "Anthropic refused the request (HTTP 529): Overloaded. The service is overloaded; try again in a moment.");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void anOverloadedErrorEventBeforeAnyTextIsRetriedAndTheSecondTryStreams() {
        stream(MESSAGE_START + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"));
        server.enqueue(sse(MESSAGE_START + textDelta("second try") + messageEnd("end_turn")).build());

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("end_turn"));
        assertThat(events.text()).isEqualTo("second try");
        assertThat(events.events()).anySatisfy(e -> assertThat(e).isInstanceOf(StreamEvent.Retrying.class));
    }

    // ---------------------------------------------------------------- broken connections

    @Test
    void droppedConnectionBeforeTheStopReasonFails() {
        server.enqueue(sse(TestHttp.splitBody(MESSAGE_START + textDelta("Before"), textDelta(" after") + messageEnd("end_turn")))
                .onResponseBody(new SocketEffect.CloseSocket())
                .build());

        provider().stream(hello(), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.deltas()).containsExactly("Before");
        assertThat(failed.message()).contains("dropped the connection before the reply finished")
                .contains("reply so far is kept");
    }

    @Test
    void endOfStreamInTheMiddleOfAnEventBeforeTheStopReasonFails() {
        stream(MESSAGE_START + textDelta("Cut") + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\"");

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.text()).isEqualTo("Cut");
        assertThat(failed.message()).isEqualTo("The connection closed before the reply finished. The reply so far is kept.");
    }

    @Test
    void cleanEndOfStreamBeforeTheStopReasonFails() {
        stream(MESSAGE_START + textDelta("Only") + textDelta(" this"));

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.text()).isEqualTo("Only this");
        assertThat(failed.message()).isEqualTo("The connection closed before the reply finished. The reply so far is kept.");
    }
}
