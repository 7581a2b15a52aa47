package dev.tidemark.provider;

import dev.tidemark.model.Role;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A provider answering with a redirect: the key, the custom headers and the message go only to
 * the origin the user configured. Two real servers on loopback, the first redirecting to the
 * second ({@code localhost} vs {@code 127.0.0.1}, another port): the second must see nothing.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RedirectsTest {

    private static final String KEY = "sk-SECRETredirect0123456789";
    private static final Map<String, String> HEADERS = Map.of("X-Gateway-Token", "gw-SECRET-777");

    private final MockWebServer first = new MockWebServer();
    private final MockWebServer second = new MockWebServer();
    private OkHttpClient client;
    private final EventCollector events = new EventCollector();

    @BeforeEach
    void setUp() throws Exception {
        first.start();
        second.start();
        client = TestHttp.newClient(); // OkHttp's default: follows redirects, to any host
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        first.close();
        second.close();
    }

    private static ChatRequest hello() {
        return new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "my private message")));
    }

    /** The second server, named by another host than the first ({@code 127.0.0.1}). */
    private HttpUrl elsewhere(String path) {
        return second.url(path).newBuilder().host("127.0.0.1").build();
    }

    private static MockResponse redirect(int code, HttpUrl to) {
        return new MockResponse.Builder().code(code).setHeader("Location", to.toString()).build();
    }

    private void assertSecondServerSawNothing() throws Exception {
        assertThat(first.getRequestCount()).as("the first server was asked").isEqualTo(1);
        assertThat(second.getRequestCount()).as("requests that reached the other host").isZero();
    }

    @Test
    void anOpenAiCompatibleStreamRefusesA307ToAnotherHostAndSendsItNothing() throws Exception {
        first.enqueue(redirect(307, elsewhere("/v1/chat/completions")));
        new OpenAiProvider(client, new Endpoint(first.url("/v1").toString(), KEY, HEADERS)).stream(hello(), events);

        String message = events.awaitFailed().message();
        assertThat(message).contains("redirected the request to another address").contains("127.0.0.1")
                .contains("Check the base URL").doesNotContain(KEY).doesNotContain("Exception");
        assertSecondServerSawNothing();
    }

    @Test
    void anAnthropicStreamRefusesA308ToAnotherHostAndSendsItNeitherKeyNorBody() throws Exception {
        first.enqueue(redirect(308, elsewhere("/v1/messages")));
        new AnthropicProvider(client, new Endpoint(first.url("/").toString(), KEY, HEADERS)).stream(hello(), events);

        assertThat(events.awaitFailed().message()).startsWith("Anthropic redirected the request to another address")
                .doesNotContain(KEY);
        assertSecondServerSawNothing();
    }

    @Test
    void aRedirectToAnotherPortOfTheSameHostIsAnotherOriginToo() throws Exception {
        first.enqueue(redirect(302, second.url("/v1/chat/completions").newBuilder().host(first.getHostName()).build()));
        new OpenAiProvider(client, new Endpoint(first.url("/v1").toString(), KEY, HEADERS)).stream(hello(), events);

        assertThat(events.awaitFailed().message()).contains("redirected the request to another address");
        assertSecondServerSawNothing();
    }

    @Test
    void theModelListRefusesARedirectToAnotherHost() throws Exception {
        first.enqueue(redirect(301, elsewhere("/v1/models")));
        first.enqueue(redirect(307, elsewhere("/v1/models")));
        CompletableFuture<List<String>> openAi =
                new OpenAiProvider(client, new Endpoint(first.url("/v1").toString(), KEY, HEADERS)).listModels();
        Throwable refused = catchThrowable(() -> openAi.get(10, TimeUnit.SECONDS));
        assertThat(refused).hasCauseInstanceOf(ProviderException.class);
        assertThat(refused.getCause().getMessage()).contains("redirected the request to another address")
                .doesNotContain(KEY);

        CompletableFuture<List<String>> anthropic =
                new AnthropicProvider(client, new Endpoint(first.url("/").toString(), KEY, HEADERS)).listModels();
        Throwable alsoRefused = catchThrowable(() -> anthropic.get(10, TimeUnit.SECONDS));
        assertThat(alsoRefused.getCause().getMessage()).startsWith("Anthropic redirected the request to another");
        assertThat(first.getRequestCount()).isEqualTo(2);
        assertThat(second.getRequestCount()).as("requests that reached the other host").isZero();
    }

    @Test
    void aRedirectWithinTheSameOriginIsFollowedWithTheKeyAndTheBody() throws Exception {
        first.enqueue(redirect(307, first.url("/v2/chat/completions")));
        first.enqueue(TestHttp.sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"moved\"},"
                + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").build());
        new OpenAiProvider(client, new Endpoint(first.url("/v1").toString(), KEY, HEADERS)).stream(hello(), events);

        events.awaitDone();
        assertThat(events.text()).isEqualTo("moved");
        first.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest moved = first.takeRequest(5, TimeUnit.SECONDS);
        assertThat(moved.getTarget()).isEqualTo("/v2/chat/completions");
        assertThat(moved.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(moved.getBody().utf8()).contains("my private message");
    }

    @Test
    void aSameOriginRedirectLoopEndsInWords() throws Exception {
        for (int i = 0; i <= Redirects.MAX_HOPS; i++) {
            first.enqueue(redirect(307, first.url("/v1/loop" + i)));
        }
        new OpenAiProvider(client, new Endpoint(first.url("/v1").toString(), KEY)).stream(hello(), events);

        assertThat(events.awaitFailed().message()).contains("redirected the request more than " + Redirects.MAX_HOPS
                + " times");
    }

    @Test
    void httpsToHttpIsNeverFollowedEvenOnTheSameHostAndPort() {
        HttpUrl from = HttpUrl.get("https://api.example.com:8443/v1/chat/completions");
        HttpUrl to = HttpUrl.get("http://api.example.com:8443/v1/chat/completions");
        assertThat(Redirects.refusal(from, to, 0)).startsWith("redirected the request from https to plain http");
        assertThat(Redirects.refusal(from, HttpUrl.get("https://api.example.com:8443/v2/x"), 0)).isNull();
    }
}
