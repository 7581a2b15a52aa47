package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Role;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallAccumulator;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recorded stream in {@code ../shared/fixtures/real-streams/}, byte for byte over real HTTP through the
 * real adapter, against {@code expected.json} (computed by an independent script): text, refusal,
 * reasoning, tool calls, finish reason and usage.
 */
class RealStreamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    static Stream<String> files() throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(TestHttp.fixture("expected.json")).fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void aRecordedStreamYieldsWhatTheIndependentReaderExpects(String file) {
        JsonNode want = TestHttp.expected(file);
        server.enqueue(TestHttp.sse(TestHttp.fixture(file)).build());
        ChatRequest request = new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi")));
        if (file.startsWith("openai/")) {
            new OpenAiProvider(client, server.url("/v1").toString(), "sk-test").stream(request, events);
        } else {
            new AnthropicProvider(client, server.url("/").toString(), "sk-ant-test").stream(request, events);
        }

        StreamEvent terminal = events.awaitTerminal();
        assertThat(terminal).as(file).isEqualTo(new StreamEvent.Done(want.path("finish").asText()));

        StringBuilder text = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ToolCallAccumulator tools = new ToolCallAccumulator();
        StreamEvent.Usage usage = null;
        for (StreamEvent e : events.events()) {
            if (e instanceof StreamEvent.TextDelta t) {
                text.append(t.text());
            } else if (e instanceof StreamEvent.RefusalDelta r) {
                refusal.append(r.text());
            } else if (e instanceof StreamEvent.ReasoningDelta r) {
                reasoning.append(r.text());
            } else if (e instanceof StreamEvent.ToolCallDelta c) {
                tools.add(c.index(), c.id(), c.name(), c.argumentsDelta());
            } else if (e instanceof StreamEvent.Usage u) {
                usage = u;
            }
        }
        assertThat(text.toString()).as("%s text", file).isEqualTo(want.path("text").asText());
        if (want.has("refusal")) {
            assertThat(refusal.toString()).as("%s refusal", file).isEqualTo(want.path("refusal").asText());
        }
        if (want.has("reasoning")) {
            assertThat(reasoning.toString()).as("%s reasoning", file).isEqualTo(want.path("reasoning").asText());
        }
        List<ToolCall> expectedCalls = new ArrayList<>();
        for (JsonNode call : want.path("toolCalls")) {
            expectedCalls.add(new ToolCall(call.path("id").asText(), call.path("name").asText(),
                    call.path("arguments").asText()));
        }
        assertThat(tools.calls()).as("%s tool calls", file).isEqualTo(expectedCalls);
        JsonNode wantUsage = want.path("usage");
        if (wantUsage.isObject() && wantUsage.has("prompt_tokens")) {
            assertThat(usage).as("%s usage", file).isNotNull();
            assertThat(usage.inputTokens()).isEqualTo(wantUsage.path("prompt_tokens").asLong());
            assertThat(usage.outputTokens()).isEqualTo(wantUsage.path("completion_tokens").asLong());
        }
        Iterator<StreamEvent> after = events.drainRest().iterator();
        assertThat(after.hasNext()).as("nothing after the terminal event").isFalse();
    }
}
