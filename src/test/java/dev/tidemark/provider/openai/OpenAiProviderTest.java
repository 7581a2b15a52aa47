package dev.tidemark.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ChatRequest.Turn;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.TestHttp;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.provider.TestHttp.expected;
import static dev.tidemark.provider.TestHttp.fixture;
import static dev.tidemark.provider.TestHttp.sse;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link OpenAiProvider} against a real HTTP server on loopback, replaying recorded and hand-made streams. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OpenAiProviderTest {

    private static final String KEY = "sk-test-SECRET123456";

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

    private OpenAiProvider provider(String key) {
        return new OpenAiProvider(client, server.url("/v1").toString(), key);
    }

    private static ChatRequest hello() {
        return new ChatRequest("gpt-4o-mini", null, List.of(new Turn(Role.USER, "Hello")));
    }

    private Cancellable stream(String body) {
        server.enqueue(sse(body).build());
        return provider(KEY).stream(hello(), events);
    }

    private static String chunk(String content) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":" + quote(content)
                + "},\"finish_reason\":null}]}\n\n";
    }

    private static String finish(String reason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}\n\n";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    // ---------------------------------------------------------------- recorded streams

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "e2aad469b71d.sse", // plain text, stop, usage chunk
            "4cc50a6135d2.sse", // finish_reason length
            "7e5ea4d12e7c.sse", // JSON in content
            "83b060bae42e.sse", // short text
            "a491adda08c3.sse", // n=3, interleaved choices: only choice 0 is shown
            "d61558011839.sse", // long multi-line text
            "2018feb66ae1.sse", // one tool call: no text
            "f82268f2fefd.sse", // two parallel tool calls: no text
    })
    void recordedStreamGivesTheExpectedTextAndFinishReason(String file) {
        JsonNode want = expected("openai/" + file);

        stream(fixture("openai/" + file));

        StreamEvent.Done done = events.awaitDone();
        assertThat(events.text()).isEqualTo(want.get("text").asText());
        assertThat(done.finishReason()).isEqualTo(want.get("finish").asText());
        assertThat(events.deltas()).doesNotContain("");
        TestHttp.awaitIdle(client);
        assertThat(events.drainRest()).as("nothing after the terminal event").isEmpty();
    }

    @Test
    void plainTextFixtureArrivesAsManyDeltasInOrderThenDoneStop() {
        stream(fixture("openai/e2aad469b71d.sse"));

        StreamEvent.Done done = events.awaitDone();

        assertThat(done).isEqualTo(new StreamEvent.Done("stop"));
        assertThat(events.deltas()).hasSize(30).startsWith("I'm", " unable", " to", " provide").endsWith(".");
        assertThat(events.text()).isEqualTo("I'm unable to provide real-time weather updates. To get the current "
                + "weather in San Francisco, I recommend checking a reliable weather website or a weather app.");
        assertThat(events.events()).last().isEqualTo(done);
    }

    @Test
    void lengthFixtureEndsWithDoneLength() {
        stream(fixture("openai/4cc50a6135d2.sse"));

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("length"));
        assertThat(events.deltas()).containsExactly("{\"");
    }

    @Test
    void multipleChoicesFixtureShowsOnlyChoiceZero() {
        String body = fixture("openai/a491adda08c3.sse");
        // the fixture really carries three different choices; make sure the test means something
        assertThat(body).contains("\"index\":1,").contains("\"index\":2,");

        stream(body);

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("stop"));
        assertThat(events.text())
                .isEqualTo(expected("openai/a491adda08c3.sse").get("text").asText())
                .isEqualTo("{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}");
    }

    // ---------------------------------------------------------------- the request

    @Test
    void postsToChatCompletionsUnderTheV1BaseWithBearerKeyAndTheConversationInOrder() throws Exception {
        server.enqueue(sse(fixture("openai/83b060bae42e.sse")).build());
        ChatRequest request = new ChatRequest("gpt-4o-2024-08-06", "Be brief.", List.of(
                new Turn(Role.USER, "Say foo"),
                new Turn(Role.ASSISTANT, "Foo."),
                new Turn(Role.USER, "Again, with \"quotes\" and ünïcödé")));

        provider(KEY).stream(request, events);
        events.awaitDone();

        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        assertThat(recorded.getMethod()).isEqualTo("POST");
        assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(recorded.getHeaders().get("Accept")).isEqualTo("text/event-stream");

        JsonNode body = TestHttp.json(recorded.getBody().utf8());
        assertThat(body.get("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(body.get("stream").isBoolean()).isTrue();
        assertThat(body.get("stream").booleanValue()).isTrue();
        JsonNode messages = body.get("messages");
        assertThat(messages.size()).isEqualTo(4);
        assertThat(roleAndContent(messages)).containsExactly(
                "system: Be brief.",
                "user: Say foo",
                "assistant: Foo.",
                "user: Again, with \"quotes\" and ünïcödé");
    }

    @Test
    void baseUrlWithTrailingSlashGivesTheSamePath() throws Exception {
        server.enqueue(sse(fixture("openai/83b060bae42e.sse")).build());

        new OpenAiProvider(client, server.url("/v1/").toString(), KEY).stream(hello(), events);
        events.awaitDone();

        assertThat(server.takeRequest(2, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    @NullSource
    void withoutSystemPromptTheUserTurnComesFirst(String systemPrompt) throws Exception {
        server.enqueue(sse(fixture("openai/83b060bae42e.sse")).build());

        provider(KEY).stream(new ChatRequest("m", systemPrompt, List.of(new Turn(Role.USER, "Hi"))), events);
        events.awaitDone();

        JsonNode messages = TestHttp.json(server.takeRequest(2, TimeUnit.SECONDS).getBody().utf8()).get("messages");
        assertThat(roleAndContent(messages)).containsExactly("user: Hi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    @NullSource
    void sendsNoAuthorizationHeaderWithoutAKey(String key) throws Exception {
        server.enqueue(sse(fixture("openai/83b060bae42e.sse")).build());

        provider(key).stream(hello(), events);
        assertThat(events.awaitDone().finishReason()).isEqualTo("stop");

        RecordedRequest recorded = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(recorded.getHeaders().get("Authorization")).isNull();
        assertThat(events.text()).isEqualTo("Foo!");
    }

    private static List<String> roleAndContent(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.get("role").asText() + ": " + m.get("content").asText()));
        return out;
    }

    // ---------------------------------------------------------------- HTTP errors

    @Test
    void http401EchoingTheKeyFailsWithKeyAdviceAndWithoutTheKey() {
        server.enqueue(TestHttp.jsonError(401, """
                {"error":{"message":"Incorrect API key provided: sk-test-SECRET123456. You can find your API key at \
                https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,\
                "code":"invalid_api_key"}}"""));

        provider(KEY).stream(hello(), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message())
                .contains("HTTP 401")
                .contains("Incorrect API key provided")
                .contains("Check the API key.")
                .doesNotContain(KEY)
                .doesNotContain("SECRET123456");
        assertThat(events.deltas()).isEmpty();
    }

    @Test
    void http401EchoingAMaskedKeyDoesNotShowAnyOfIt() {
        server.enqueue(TestHttp.jsonError(401, """
                {"error":{"message":"Incorrect API key provided: sk-test-********************3456.",\
                "type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"""));

        provider(KEY).stream(hello(), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message()).contains("HTTP 401").contains("Check the API key.")
                .doesNotContain("sk-test").doesNotContain("3456");
    }

    @Test
    void http401EchoingAKeyOfNoKnownShapeStillHidesIt() {
        String localToken = "local-token-Zq81";
        server.enqueue(TestHttp.jsonError(401, "{\"error\":\"bad token " + localToken + "\"}"));

        provider(localToken).stream(hello(), events);

        assertThat(events.awaitFailed().message()).contains("HTTP 401").contains("bad token")
                .doesNotContain(localToken);
    }

    @Test
    void http404SaysToCheckTheModelAndBaseUrl() {
        server.enqueue(TestHttp.jsonError(404, """
                {"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.",\
                "type":"invalid_request_error","param":null,"code":"model_not_found"}}"""));

        provider(KEY).stream(hello(), events);

        assertThat(events.awaitFailed().message()).isEqualTo("The OpenAI-compatible server refused the request "
                + "(HTTP 404): The model `gpt-9` does not exist or you do not have access to it. "
                + "Check the model name and the base URL.");
    }

    @Test
    void http500WithAnHtmlBodyIsRetriedThenSaysTheServiceIsHavingTrouble() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(500).setHeader("Content-Type", "text/html")
                    .body("<html>\n<body>Internal   Server Error</body>\n</html>").build());
        }

        provider(KEY).stream(hello(), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message())
                .contains("HTTP 500")
                .contains("Internal Server Error")
                .contains("try again later")
                .doesNotContain("\n");
        assertThat(events.events()).filteredOn(e -> e instanceof StreamEvent.Retrying).hasSize(2);
        assertThat(server.getRequestCount()).as("one try and two retries").isEqualTo(3);
    }

    @Test
    void aRateLimitIsRetriedAfterTheWaitTheServerAsksFor() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0.2")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}").build());
        server.enqueue(sse(chunk("after ") + chunk("waiting") + finish("stop")).build());

        provider(KEY).stream(hello(), events);

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("stop"));
        assertThat(events.text()).isEqualTo("after waiting");
        assertThat(events.events()).filteredOn(e -> e instanceof StreamEvent.Retrying).singleElement()
                .satisfies(e -> {
                    StreamEvent.Retrying r = (StreamEvent.Retrying) e;
                    assertThat(r.delay()).isEqualTo(java.time.Duration.ofMillis(200));
                    assertThat(r.reason()).contains("429").contains("Rate limit reached").doesNotContain(KEY);
                });
    }

    @Test
    void aRateLimitWithALongWaitIsNotSatOutSilently() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "600")
                .setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"Slow down\"}}").build());

        provider(KEY).stream(hello(), events);

        assertThat(events.awaitFailed().message()).contains("429").contains("wait about 600 s");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aKeyErrorIsNeverRetried() {
        server.enqueue(TestHttp.jsonError(401, "{\"error\":{\"message\":\"bad key\"}}"));
        provider(KEY).stream(hello(), events);
        assertThat(events.awaitFailed().message()).contains("401");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(events.events()).noneMatch(e -> e instanceof StreamEvent.Retrying);
    }

    @Test
    void aServerThatIgnoresStreamingAndAnswersOneJsonDocumentIsUnderstood() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"choices\":[{\"index\":0,\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}")
                .build());

        provider(KEY).stream(hello(), events);

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("stop"));
        assertThat(events.deltas()).containsExactly("hi");
    }

    @Test
    void anOkAnswerThatIsNeitherAStreamNorJsonFailsSayingSo() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
                .body("<html><body>Welcome to nginx!</body></html>").build());

        provider(KEY).stream(hello(), events);

        assertThat(events.awaitFailed().message()).contains("'text/html'").contains("instead of an event stream");
        assertThat(events.deltas()).isEmpty();
    }

    // ---------------------------------------------------------------- broken streams

    @Test
    void malformedEventAfterSomeTextFailsAndKeepsTheTextBeforeIt() {
        stream(chunk("Hello") + chunk(", world") + "data: {\"choices\": [ oops\n\n" + chunk("never shown") + finish("stop"));

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.deltas()).containsExactly("Hello", ", world");
        assertThat(failed.message()).contains("could not read").contains("not JSON").contains("reply so far is kept");
        TestHttp.awaitIdle(client);
        assertThat(events.drainRest()).isEmpty();
    }

    @Test
    void errorEventMidStreamFailsWithTheServersMessageAndKeepsThePartialText() {
        // shape of the real recording in protocols.md §2.8 (aibridge fixtures/openai/error.txtar): no [DONE] after it
        stream(chunk("The answer is") + chunk(" \"")
                + "data: {\"error\": {\"message\": \"The server had an error while processing your request. "
                + "Sorry about that!\", \"type\": \"server_error\"}}\n\n");

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.text()).isEqualTo("The answer is \"");
        assertThat(failed.message())
                .contains("The server had an error while processing your request. Sorry about that!")
                .contains("reply so far is kept");
    }

    @Test
    void errorEventMidStreamThatEchoesTheKeyDoesNotShowIt() {
        stream(chunk("Hi") + "data: {\"error\": {\"message\": \"Quota exceeded for key " + KEY
                + "\", \"type\": \"insufficient_quota\"}}\n\n");

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message()).contains("Quota exceeded for key").doesNotContain(KEY).doesNotContain("SECRET");
    }

    @Test
    void endOfStreamAfterAFinishReasonButWithoutDoneMarkerIsDone() {
        stream(chunk("Cut") + chunk(" short") + finish("length"));

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("length"));
        assertThat(events.text()).isEqualTo("Cut short");
    }

    @Test
    void endOfStreamBeforeAnyFinishReasonFails() {
        stream(chunk("Half") + chunk(" a"));

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.text()).isEqualTo("Half a");
        assertThat(failed.message()).isEqualTo("The connection closed before the reply finished. The reply so far is kept.");
    }

    @Test
    void recordedStreamWhoseLastLineLacksItsNewlineIsStillDone() {
        String body = fixture("openai/e2aad469b71d.sse");
        assertThat(body).endsWith("data: [DONE]\n\n");

        stream(body.substring(0, body.length() - 2)); // "...data: [DONE]" and EOF

        assertThat(events.awaitTerminal()).isEqualTo(new StreamEvent.Done("stop"));
        assertThat(events.text()).isEqualTo(expected("openai/e2aad469b71d.sse").get("text").asText());
    }

    @Test
    void endOfStreamInTheMiddleOfALineBeforeAnyFinishReasonFailsPlainly() {
        stream(chunk("Half") + "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" a");

        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.text()).isEqualTo("Half");
        assertThat(failed.message()).isEqualTo("The connection closed before the reply finished. The reply so far is kept.");
    }

    @Test
    void droppedConnectionMidBodyFailsAndKeepsTheDeltasBeforeIt() {
        server.enqueue(sse(TestHttp.splitBody(chunk("Before") + chunk(" the drop"),
                        chunk(" after the drop") + finish("stop") + "data: [DONE]\n\n"))
                .onResponseBody(new SocketEffect.CloseSocket())
                .build());

        provider(KEY).stream(hello(), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(events.deltas()).containsExactly("Before", " the drop");
        assertThat(failed.message()).contains("dropped the connection before the reply finished")
                .contains("reply so far is kept");
    }

    @Test
    void connectionRefusedIsRetriedThenFailsSayingTheServerRefused() {
        int port = TestHttp.closedPort();

        new OpenAiProvider(client, "http://127.0.0.1:" + port + "/v1", KEY).stream(hello(), events);
        StreamEvent.Failed failed = events.awaitFailed();

        assertThat(failed.message()).isEqualTo("The OpenAI-compatible server refused the connection. Check that it is"
                + " running and that the base URL is right.");
        assertThat(events.deltas()).isEmpty();
        assertThat(events.events()).filteredOn(e -> e instanceof StreamEvent.Retrying).hasSize(2);
    }

    @Test
    void aNamedEndpointNamesItselfAndAnHtmlErrorPageIsReadAsText() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                    .body("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>")
                    .build());
        }
        new OpenAiProvider(client, new dev.tidemark.provider.Endpoint(server.url("/v1").toString(), KEY,
                java.util.Map.of(), "Groq")).stream(hello(), events);
        assertThat(events.awaitFailed().message())
                .isEqualTo("Groq refused the request (HTTP 502): 502 Bad Gateway Bad Gateway. The service is having"
                        + " trouble; try again later.");
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void cancelMidStreamEndsTheCallAndDeliversNothingMore() {
        // the server sends two deltas, then stalls with the connection open
        server.enqueue(sse(TestHttp.splitBody(chunk("One") + chunk(" two"), chunk(" three") + finish("stop")))
                .onResponseBody(SocketEffect.Stall.INSTANCE)
                .build());
        Cancellable handle = provider(KEY).stream(hello(), events);
        assertThat(events.awaitDeltas(2)).isEqualTo("One two");

        handle.cancel();
        handle.cancel(); // safe to call twice

        // the call ends promptly; it is the only thread that calls the listener, so after it nothing can arrive
        TestHttp.awaitIdle(client);
        assertThat(events.drainRest()).as("events after cancel").isEmpty();
        assertThat(events.events()).noneMatch(StreamEvent::isTerminal);
    }

    @Test
    void cancelBeforeTheResponseArrivesDeliversNothing() {
        server.enqueue(sse(fixture("openai/83b060bae42e.sse")).headersDelay(500, TimeUnit.MILLISECONDS).build());

        Cancellable handle = provider(KEY).stream(hello(), events);
        handle.cancel();

        TestHttp.awaitIdle(client);
        assertThat(events.drainRest()).isEmpty();
    }
}
