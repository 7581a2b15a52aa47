package dev.tidemark.provider;

import dev.tidemark.model.Role;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A broken or hostile server cannot make Tidemark buffer without end: a line, an event, a JSON
 * answer or a model list over its cap ends the request in words, over real HTTP on loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SizeCapsTest {

    private static final String FIRST = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial \"}}]}\n\n";

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

    private static ChatRequest hello() {
        return new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi")));
    }

    private OpenAiProvider openAi() {
        return new OpenAiProvider(client, server.url("/v1").toString(), "sk-test");
    }

    @Test
    void aLineOverTheCapEndsTheTurnInWordsAndKeepsThePartialReply() {
        // one line that never ends: no event boundary, no line end, just more bytes
        server.enqueue(TestHttp.sse(FIRST + "data: {\"x\":\"" + "x".repeat(SseParser.MAX_LINE_BYTES + 1024)).build());
        openAi().stream(hello(), events);

        String message = events.awaitFailed().message();
        assertThat(message).isEqualTo("The OpenAI-compatible server sent an event larger than 4 MiB; Tidemark stopped"
                + " reading the reply there rather than run out of memory. The reply so far is kept.");
        assertThat(events.text()).isEqualTo("partial ");
    }

    @Test
    void anEventOfManyLinesOverTheCapEndsTheTurnInWords() {
        String line = "data: " + "y".repeat(1 << 20) + "\n";
        String body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
                + "{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"kept \"}}\n\n"
                + "event: content_block_delta\n" + line.repeat(9) + "\n";
        server.enqueue(TestHttp.sse(body).build());
        new AnthropicProvider(client, server.url("/").toString(), "sk-ant-test").stream(hello(), events);

        assertThat(events.awaitFailed().message()).startsWith("Anthropic sent an event larger than 8 MiB;")
                .endsWith("The reply so far is kept.");
        assertThat(events.text()).isEqualTo("kept ");
    }

    @Test
    void eventsUnderTheCapStillPass() {
        String big = "z".repeat(3 << 20);
        server.enqueue(TestHttp.sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + big
                + "\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n").build());
        openAi().stream(hello(), events);

        events.awaitDone();
        assertThat(events.text()).isEqualTo(big);
    }

    @Test
    void aJsonAnswerOverTheCapIsRefusedInWords() {
        String padding = "a".repeat(17 << 20);
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"padding\":\"" + padding + "\"}").build());
        openAi().stream(hello(), events);

        assertThat(events.awaitFailed().message()).isEqualTo("The OpenAI-compatible server sent an answer larger"
                + " than 16 MiB; Tidemark did not read it. Check the base URL.");
    }

    @Test
    void aModelListOverTheCapIsRefusedInWords() {
        StringBuilder list = new StringBuilder("{\"object\":\"list\",\"data\":[");
        String model = "{\"id\":\"model-%07d\",\"description\":\"" + "d".repeat(1000) + "\"},";
        for (int i = 0; list.length() <= ModelListing.MAX_BODY_BYTES; i++) {
            list.append(model.formatted(i));
        }
        list.append("{\"id\":\"last\"}]}");
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body(list.toString()).build());

        CompletableFuture<List<String>> models = openAi().listModels();
        Throwable refused = catchThrowable(() -> models.get(30, TimeUnit.SECONDS));
        assertThat(refused).hasCauseInstanceOf(ProviderException.class);
        assertThat(refused.getCause().getMessage()).isEqualTo("The OpenAI-compatible server sent a model list larger"
                + " than 8 MiB; Tidemark did not read it. Check the base URL.");
    }
}
