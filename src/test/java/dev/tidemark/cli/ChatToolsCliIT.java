package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.chat.ToolLoop;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chat --tools} on the packaged jar: the real test MCP server configured in settings.json, a
 * MockWebServer playing the model with OpenAI's wire bytes for tool calls. A call the flags allow
 * runs and its result goes to the model; one they do not is denied, stderr names it, and the model
 * is told.
 */
class ChatToolsCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-TOOLS0123456789abcdef";

    @TempDir
    Path dataDir;

    @Test
    void anAllowedToolRunsAndItsResultGoesToTheModelInTheNextRequest() throws Exception {
        new McpSettings().testServer("test").writeTo(dataDir);
        try (MockWebServer model = new MockWebServer()) {
            model.enqueue(ToolStreams.call("call_1", "echo", "{\"text\":\"hi there\"}").response());
            model.enqueue(ToolStreams.text("It said ", "hi there."));
            model.start();

            TidemarkProcess chat = chat(model, "--tools", "--allow", "test/echo", "say hi");

            assertThat(chat.waitFor()).as(chat.err()).isZero();
            assertThat(chat.out()).contains("It said hi there.");
            assertThat(chat.err().lines()).contains("tool test/echo {\"text\":\"hi there\"} done");
            RecordedRequest first = model.takeRequest(5, TimeUnit.SECONDS);
            RecordedRequest second = model.takeRequest(5, TimeUnit.SECONDS);
            assertThat(ToolStreams.offered(first.getBody().utf8()))
                    .containsExactly("echo", "add", "fail", "slow", "append", "picture");
            assertThat(ToolStreams.toolMessages(second.getBody().utf8()))
                    .containsExactly(ToolStreams.toolMessage("call_1", "hi there"));

            JsonNode messages = show(sessionIdFrom(chat)).path("messages");
            assertThat(messages).hasSize(3);
            assertThat(JSON.readTree(JSON.writeValueAsString(messages.get(1).path("toolCalls")))).isEqualTo(JSON.readTree("""
                    [{"id": "call_1", "name": "echo", "server": "test", "arguments": "{\\"text\\":\\"hi there\\"}",
                      "state": "done", "result": "hi there"}]"""));
            assertThat(messages.get(2).path("text").asText()).isEqualTo("It said hi there.");
            assertThat(messages.get(2).path("parentId").asText()).isEqualTo(messages.get(1).path("id").asText());
        }
    }

    @Test
    void aToolTheFlagsDoNotAllowIsDeniedStderrNamesItAndTheModelIsTold() throws Exception {
        new McpSettings().testServer("test").writeTo(dataDir);
        try (MockWebServer model = new MockWebServer()) {
            model.enqueue(ToolStreams.call("call_9", "echo", "{\"text\":\"secret plan\"}").response());
            model.enqueue(ToolStreams.text("I was not allowed."));
            model.start();

            TidemarkProcess chat = chat(model, "--tools", "--allow", "add", "say it");

            assertThat(chat.waitFor()).as(chat.err()).isZero();
            assertThat(chat.err().lines().filter(l -> l.startsWith("tool "))).singleElement().asString()
                    .startsWith("tool test/echo {\"text\":\"secret plan\"} denied: echo is not allowed");
            model.takeRequest(5, TimeUnit.SECONDS);
            RecordedRequest second = model.takeRequest(5, TimeUnit.SECONDS);
            assertThat(ToolStreams.toolMessages(second.getBody().utf8()))
                    .containsExactly(ToolStreams.toolMessage("call_9", ToolLoop.DENIED_RESULT));
            JsonNode call = show(sessionIdFrom(chat)).path("messages").get(1).path("toolCalls").get(0);
            assertThat(call.path("state").asText()).isEqualTo("denied");
            assertThat(call.path("name").asText()).isEqualTo("echo");
        }
    }

    @Test
    void withoutToolsNoToolIsOffered() throws Exception {
        new McpSettings().testServer("test").writeTo(dataDir);
        try (MockWebServer model = new MockWebServer()) {
            model.enqueue(ToolStreams.text("Plain."));
            model.start();

            TidemarkProcess chat = chat(model, "hello");

            assertThat(chat.waitFor()).as(chat.err()).isZero();
            assertThat(JSON.readTree(model.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).has("tools")).isFalse();
        }
    }

    private TidemarkProcess chat(MockWebServer model, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--data-dir", dataDir.toString(), "chat",
                "--provider", "openai", "--base-url", model.url("/v1").toString(), "--model", "tool-model"));
        all.addAll(List.of(args));
        return TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(), all.toArray(String[]::new));
    }

    private JsonNode show(String sessionId) throws Exception {
        TidemarkProcess show = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", sessionId, "--json");
        assertThat(show.waitFor()).as("show; stderr: %s", show.err()).isZero();
        return JSON.readTree(show.out());
    }

    static String sessionIdFrom(TidemarkProcess chat) {
        String first = chat.err().lines().findFirst().orElse("");
        assertThat(first).matches("session [0-9a-z]{12}");
        return first.substring("session ".length());
    }
}
