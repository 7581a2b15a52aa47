package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.chat.ToolLoop;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tool ledger's promise, end to end: {@code chat --tools --allow-all} on the packaged jar, the
 * real test MCP server configured in settings.json, a MockWebServer playing the model with OpenAI's
 * wire bytes — killed with SIGKILL while the {@code append} tool runs, or between the tool's answer
 * and the next model request. The next start shows the call interrupted (or done, with its result);
 * continuing the chat sends the model what was recorded, and the side-effect file still holds
 * exactly one line: nothing ran twice.
 */
class ToolKillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-KILL0123456789abcdef";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private String lastShowErr = "";

    private final String marker = "--run-" + UUID.randomUUID(); // names this test's server among the machine's processes

    @Test
    void killedWhileTheAppendToolRunsTheCallIsInterruptedAndContinuingNeverRunsItAgain() throws Exception {
        new McpSettings().testServer("test", marker).writeTo(dataDir);
        Path file = work.resolve("side-effect.txt");
        try (MockWebServer model = new MockWebServer()) {
            // the tool appends its line, then waits ten minutes: it is surely running at the kill
            model.enqueue(ToolStreams.call("call_a", "append", arguments(file, 600_000)).response());
            model.start();

            TidemarkProcess chat = chat(model, "append a line, please");
            within(Duration.ofSeconds(90)).ignoreException(java.nio.file.NoSuchFileException.class)
                    .alias("the append tool wrote its line").until(() -> lines(file).equals(List.of("once")));
            chat.killHard();
            String sessionId = ChatToolsCliIT.sessionIdFrom(chat);

            // its stdin closed with the killed JVM: the server does not outlive it for long
            within(Duration.ofSeconds(30)).alias("the MCP server is gone after the kill").until(this::serverGone);

            JsonNode call = show(sessionId).path("messages").get(1).path("toolCalls").get(0);
            assertThat(call.path("id").asText()).isEqualTo("call_a");
            assertThat(call.path("name").asText()).isEqualTo("append");
            assertThat(call.path("server").asText()).isEqualTo("test");
            assertThat(call.path("state").asText()).isEqualTo("interrupted");
            assertThat(lastShowErr).as("the first start after the kill says so").contains("tidemark: the tool call"
                    + " append in session " + sessionId + " was interrupted");

            model.enqueue(ToolStreams.text("It may have been written once."));
            TidemarkProcess again = chat(model, "--session", sessionId, "what happened?");
            assertThat(again.waitFor()).as(again.err()).isZero();

            model.takeRequest(5, TimeUnit.SECONDS);
            RecordedRequest continued = model.takeRequest(5, TimeUnit.SECONDS);
            assertThat(ToolStreams.toolMessages(continued.getBody().utf8()))
                    .containsExactly(ToolStreams.toolMessage("call_a", ToolLoop.INTERRUPTED_RESULT));
            assertThat(lines(file)).as("the interrupted call was never run again").containsExactly("once");
            assertThat(show(sessionId).path("messages").get(1).path("toolCalls").get(0).path("state").asText())
                    .isEqualTo("interrupted");
        }
    }

    @Test
    void killedBetweenTheToolsAnswerAndTheNextRequestTheResultIsKeptAndSentNeverRunAgain() throws Exception {
        new McpSettings().testServer("test", marker).writeTo(dataDir);
        Path file = work.resolve("side-effect.txt");
        try (MockWebServer model = new MockWebServer()) {
            model.enqueue(ToolStreams.call("call_b", "append", arguments(file, 0)).response());
            SlowSseBody held = SlowSseBody.openAi(List.of("never ", "sent"), Duration.ZERO).holdBefore(0);
            model.enqueue(held.response()); // the follow-up request is answered with nothing until the kill
            model.start();

            TidemarkProcess chat = chat(model, "append a line, please");
            model.takeRequest(60, TimeUnit.SECONDS);
            RecordedRequest followUp = model.takeRequest(90, TimeUnit.SECONDS);
            assertThat(followUp).as("the follow-up request after the tool's answer arrived").isNotNull();
            chat.killHard();
            held.release();
            String sessionId = ChatToolsCliIT.sessionIdFrom(chat);
            assertThat(ToolStreams.toolMessages(followUp.getBody().utf8()))
                    .containsExactly(ToolStreams.toolMessage("call_b", "appended \"once\""));
            within(Duration.ofSeconds(30)).alias("the MCP server is gone after the kill").until(this::serverGone);

            JsonNode call = show(sessionId).path("messages").get(1).path("toolCalls").get(0);
            assertThat(call.path("state").asText()).isEqualTo("done");
            assertThat(call.path("result").asText()).isEqualTo("appended \"once\"");

            model.enqueue(ToolStreams.text("Written once."));
            TidemarkProcess again = chat(model, "--session", sessionId, "go on");
            assertThat(again.waitFor()).as(again.err()).isZero();

            RecordedRequest continued = model.takeRequest(5, TimeUnit.SECONDS);
            assertThat(ToolStreams.toolMessages(continued.getBody().utf8()))
                    .containsExactly(ToolStreams.toolMessage("call_b", "appended \"once\""));
            assertThat(lines(file)).as("the finished call was never run again").containsExactly("once");
        }
    }

    private static String arguments(Path file, long millis) throws Exception {
        return JSON.writeValueAsString(Map.of("path", file.toString(), "line", "once", "millis", millis));
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private boolean serverGone() {
        return ProcessHandle.allProcesses().noneMatch(p -> p.isAlive() && p.info().commandLine().orElse("")
                .contains(marker));
    }

    private TidemarkProcess chat(MockWebServer model, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--data-dir", dataDir.toString(), "chat",
                "--provider", "openai", "--base-url", model.url("/v1").toString(), "--model", "tool-model",
                "--tools", "--allow-all"));
        all.addAll(List.of(args));
        return TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(), all.toArray(String[]::new));
    }

    private JsonNode show(String sessionId) throws Exception {
        TidemarkProcess show = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", sessionId, "--json");
        assertThat(show.waitFor()).as("show; stderr: %s", show.err()).isZero();
        lastShowErr = show.err();
        return JSON.readTree(show.out());
    }
}
