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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every stream in {@code ../shared/fixtures/wild-streams/} (recorded from DeepSeek, Groq, OpenRouter,
 * Mistral, Z.ai, Snowflake, vLLM, Hugging Face, Azure, OpenAI, xAI, Perplexity, Alibaba and
 * Anthropic by other projects), byte for byte over real HTTP through the real adapter, against that
 * folder's {@code expected.json} (computed by an independent parser): text, refusal, reasoning,
 * tool calls, the finish or the error, and usage.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WildStreamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Tidemark shows for a {@code redacted_thinking} block; the reference parser counts nothing. */
    private static final String REDACTED_NOTE = "[Part of the model's reasoning is redacted by Anthropic.]";
    /**
     * Where Tidemark reads more than the reference parser, on purpose: Snowflake sends its reasoning
     * only in {@code reasoning_details}, which the reference never counts (it repeats {@code reasoning}
     * at OpenRouter); Tidemark reads it when a delta has no other reasoning, so the words are not lost.
     */
    private static final Map<String, String> MORE_REASONING = Map.of(
            "openai/snowflake-cortex-claude-no-finish.sse", "15 * 27 = 405");

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
        JSON.readTree(TestHttp.fixture(TestHttp.WILD_STREAMS, "expected.json")).fieldNames()
                .forEachRemaining(names::add);
        assertThat(names).hasSize(30);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void aStreamFromTheWildYieldsWhatTheIndependentReaderExpects(String file) throws Exception {
        JsonNode want = JSON.readTree(TestHttp.fixture(TestHttp.WILD_STREAMS, "expected.json")).get(file);
        server.enqueue(TestHttp.sse(TestHttp.fixture(TestHttp.WILD_STREAMS, file)).build());
        ChatRequest request = new ChatRequest("m", null, List.of(new ChatRequest.Turn(Role.USER, "hi")));
        boolean anthropic = file.startsWith("anthropic/");
        if (anthropic) {
            new AnthropicProvider(client, server.url("/").toString(), "sk-ant-test").stream(request, events);
        } else {
            new OpenAiProvider(client, server.url("/v1").toString(), "sk-test").stream(request, events);
        }

        StreamEvent terminal = events.awaitTerminal();
        if (want.path("error").isTextual()) {
            assertThat(terminal).as(file).isInstanceOf(StreamEvent.Failed.class);
            assertThat(((StreamEvent.Failed) terminal).message()).as(file)
                    .contains(want.path("error").asText()).contains("The reply so far is kept");
        } else if (want.path("finish").isTextual()) {
            assertThat(terminal).as(file).isEqualTo(new StreamEvent.Done(want.path("finish").asText()));
        } else {
            assertThat(terminal).as("%s: no finish reason at all, yet a complete stream", file)
                    .isInstanceOf(StreamEvent.Done.class);
        }

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
        assertThat(refusal.toString()).as("%s refusal", file).isEqualTo(want.path("refusal").asText());
        assertThat(reasoning.toString().replace(REDACTED_NOTE, "")).as("%s reasoning", file)
                .isEqualTo(MORE_REASONING.getOrDefault(file, want.path("reasoning").asText()));
        List<ToolCall> expectedCalls = new ArrayList<>();
        for (JsonNode call : want.path("toolCalls")) {
            expectedCalls.add(new ToolCall(call.path("id").asText(), call.path("name").asText(),
                    call.path("arguments").asText()));
        }
        assertThat(tools.calls()).as("%s tool calls", file).isEqualTo(expectedCalls);
        JsonNode wantUsage = want.path("usage");
        String input = anthropic ? "input_tokens" : "prompt_tokens";
        String output = anthropic ? "output_tokens" : "completion_tokens";
        if (wantUsage.isObject() && wantUsage.has(input)) {
            assertThat(usage).as("%s usage", file).isNotNull();
            assertThat(usage.inputTokens()).as("%s input tokens", file).isEqualTo(wantUsage.path(input).asLong());
            assertThat(usage.outputTokens()).as("%s output tokens", file).isEqualTo(wantUsage.path(output).asLong());
        }
        assertThat(events.drainRest()).as("nothing after the terminal event").isEmpty();
    }
}
