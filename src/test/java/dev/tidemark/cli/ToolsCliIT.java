package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.TidemarkProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tools [--json]} on the packaged jar, with the real test MCP server configured in settings.json. */
class ToolsCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEST_TOOLS = """
            [{"name": "echo", "description": "Says the text back."},
             {"name": "add", "description": "Adds two numbers."},
             {"name": "fail", "description": "Always fails, with the message given."},
             {"name": "slow", "description": "Takes its time (millis), reporting progress every tenth of it."},
             {"name": "append", "description": "Appends a line to a file, then waits (millis) before answering."},
             {"name": "picture", "description": "Returns a small red picture."}]
            """;

    @TempDir
    Path dataDir;

    @Test
    void toolsJsonListsTheStdioServerReadyWithItsToolsExactly() throws Exception {
        new McpSettings().testServer("test").writeTo(dataDir);

        TidemarkProcess tools = TidemarkProcess.start("--data-dir", dataDir.toString(), "tools", "--json");

        assertThat(tools.waitFor()).as(tools.err()).isZero();
        assertThat(JSON.readTree(tools.out())).isEqualTo(JSON.readTree(
                "[{\"server\": \"test\", \"state\": \"ready\", \"tools\": " + TEST_TOOLS + "}]"));
        assertThat(tools.err()).isEmpty();
    }

    @Test
    void aServerThatFailsIsListedFailedWithNoToolsAndItsStderrTailGivesExitOne() throws Exception {
        new McpSettings().testServer("test").testServer("broken", "--fail-at-start", "no database at /nowhere/tides.db")
                .testServer("off").disabled("off").writeTo(dataDir);

        TidemarkProcess tools = TidemarkProcess.start("--data-dir", dataDir.toString(), "tools", "--json");

        assertThat(tools.waitFor()).as(tools.err()).isEqualTo(1);
        assertThat(JSON.readTree(tools.out())).isEqualTo(JSON.readTree(
                "[{\"server\": \"test\", \"state\": \"ready\", \"tools\": " + TEST_TOOLS + "},"
                        + " {\"server\": \"broken\", \"state\": \"failed\", \"tools\": []}]"));
        List<String> errLines = tools.err().lines().toList();
        assertThat(errLines).hasSize(1);
        assertThat(errLines.get(0)).startsWith("tidemark: the MCP server \"broken\" failed: ")
                .contains("no database at /nowhere/tides.db");
        assertThat(tools.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void plainToolsSaysEachServerAndItsTools() throws Exception {
        new McpSettings().testServer("test").testServer("broken", "--fail-at-start", "boom").writeTo(dataDir);

        TidemarkProcess tools = TidemarkProcess.start("--data-dir", dataDir.toString(), "tools");

        assertThat(tools.waitFor()).as(tools.err()).isEqualTo(1);
        assertThat(tools.out().lines()).startsWith("test: ready, 6 tools", "  echo — Says the text back.",
                "  add — Adds two numbers.").contains("broken: failed");
        assertThat(tools.err()).contains("\"broken\" failed").contains("boom");
    }

    @Test
    void withNoServerConfiguredToolsPrintsAnEmptyListOrSaysSoAndSucceeds() throws Exception {
        TidemarkProcess json = TidemarkProcess.start("--data-dir", dataDir.toString(), "tools", "--json");
        assertThat(json.waitFor()).as(json.err()).isZero();
        assertThat(JSON.readTree(json.out())).isEqualTo(JSON.createArrayNode());

        TidemarkProcess plain = TidemarkProcess.start("--data-dir", dataDir.toString(), "tools");
        assertThat(plain.waitFor()).as(plain.err()).isZero();
        assertThat(plain.out()).startsWith("No MCP server is configured");
    }

    @Test
    void theServerIsGoneWhenToolsEnds() throws Exception {
        String marker = "--run-" + java.util.UUID.randomUUID(); // the test server ignores options it does not know
        new McpSettings().testServer("test", marker).writeTo(dataDir);

        TidemarkProcess tools = TidemarkProcess.start("--data-dir", dataDir.toString(), "tools", "--json");
        assertThat(tools.waitFor()).as(tools.err()).isZero();

        assertThat(JSON.readTree(tools.out()).get(0).path("state").asText()).isEqualTo("ready");
        dev.tidemark.testing.Waits.within(java.time.Duration.ofSeconds(10)).alias("the test server is gone")
                .until(() -> ProcessHandle.allProcesses().noneMatch(p -> p.isAlive()
                        && p.info().commandLine().orElse("").contains(marker)));
    }

    @Test
    void allowWithoutToolsIsAUsageError() throws Exception {
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), List.of(), "--data-dir", dataDir.toString(), "chat",
                "--allow", "echo", "hello");
        assertThat(chat.waitFor()).isEqualTo(2);
        assertThat(chat.err()).contains("--allow and --allow-all need --tools");

        TidemarkProcess all = TidemarkProcess.start(Map.of(), List.of(), "--data-dir", dataDir.toString(), "chat",
                "--allow-all", "hello");
        assertThat(all.waitFor()).isEqualTo(2);
        assertThat(all.err()).contains("need --tools");
    }
}
