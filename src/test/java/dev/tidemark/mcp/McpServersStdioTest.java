package dev.tidemark.mcp;

import dev.tidemark.chat.ToolHost.OfferedTool;
import dev.tidemark.chat.ToolHost.ToolRun;
import dev.tidemark.chat.ToolLoop;
import dev.tidemark.model.ToolResult;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.settings.McpServerConfig;
import dev.tidemark.testing.mcp.TestMcpServer;
import dev.tidemark.testing.mcp.TestTools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link McpServers} with the test server as a real child process over stdio, through the real SDK. */
class McpServersStdioTest {

    @TempDir
    Path dir;

    private McpServers servers;

    static McpServerConfig server(String name, Map<String, String> env, String cwd, String... options) {
        List<String> command = TestMcpServer.command(options);
        return McpServerConfig.stdio(name, command.get(0), command.subList(1, command.size()), env, cwd);
    }

    private McpServers start(AttachmentStore store, McpServerConfig... configs) throws Exception {
        servers = new McpServers(List.of(configs), store);
        servers.ready().get(60, TimeUnit.SECONDS);
        return servers;
    }

    @AfterEach
    void closeServers() {
        if (servers != null) {
            servers.close();
        }
    }

    static OfferedTool tool(McpServers servers, String name) {
        return servers.offered().stream().filter(t -> t.tool().equals(name)).findFirst().orElseThrow();
    }

    static ToolResult run(McpServers servers, String tool, String arguments) throws Exception {
        return servers.call(tool(servers, tool), arguments, null).result().get(60, TimeUnit.SECONDS);
    }

    @Test
    void startsInTheBackgroundListsItsToolsAndTellsEachChange() throws Exception {
        servers = new McpServers(List.of(server("test", Map.of(), null)), null);
        List<McpServers.State> seen = new CopyOnWriteArrayList<>();
        servers.addListener(status -> seen.add(status.state()));
        assertThat(servers.statuses()).extracting(McpServers.Status::state).containsExactly(McpServers.State.STOPPED);
        assertThat(servers.offered()).isEmpty();

        servers.ready().get(60, TimeUnit.SECONDS);

        McpServers.Status status = servers.statuses().get(0);
        assertThat(status.state()).isEqualTo(McpServers.State.READY);
        assertThat(status.error()).isNull();
        assertThat(status.tools()).extracting(McpServers.ToolInfo::name)
                .containsExactly("echo", "add", "fail", "slow", "append", "picture");
        assertThat(status.tools().get(0).description()).isEqualTo("Says the text back.");
        assertThat(status.tools().get(0).inputSchema()).contains("\"text\"").contains("\"object\"");
        assertThat(servers.offered()).extracting(OfferedTool::wireName)
                .containsExactly("echo", "add", "fail", "slow", "append", "picture");
        assertThat(seen).containsSubsequence(McpServers.State.STARTING, McpServers.State.READY);
    }

    @Test
    void runsEachToolAndKeepsItsPictures() throws Exception {
        AttachmentStore store = new AttachmentStore(dir.resolve("data"));
        start(store, server("test", Map.of(), null));

        assertThat(run(servers, "echo", "{\"text\":\"hello\"}")).isEqualTo(ToolResult.text("hello"));
        assertThat(run(servers, "add", "{\"a\":2,\"b\":40}")).isEqualTo(ToolResult.text("42"));
        assertThat(run(servers, "fail", "{\"message\":\"It broke.\"}")).isEqualTo(ToolResult.failure("It broke."));

        ToolResult picture = run(servers, "picture", "{}");
        assertThat(picture.error()).isFalse();
        assertThat(picture.text()).isEqualTo("A red pixel.");
        assertThat(picture.images()).hasSize(1);
        assertThat(picture.images().get(0).mediaType()).isEqualTo("image/png");
        assertThat(store.read(picture.images().get(0))).isEqualTo(TestTools.RED_PIXEL_PNG);
    }

    @Test
    void withoutAStoreAPictureIsANote() throws Exception {
        start(null, server("test", Map.of(), null));

        ToolResult picture = run(servers, "picture", "");
        assertThat(picture.images()).isEmpty();
        assertThat(picture.text()).isEqualTo("A red pixel.\n\n(The tool returned an image; it was left out.)");
    }

    @Test
    void argumentsThatAreNoObjectAreAnErrorAndNothingIsSent() throws Exception {
        start(null, server("test", Map.of(), dir.toString()));

        ToolResult array = run(servers, "append", "[\"out.txt\", \"a line\"]");
        ToolResult broken = run(servers, "append", "{\"path\": \"out.txt\", ");

        assertThat(array.error()).isTrue();
        assertThat(array.text()).isEqualTo("The arguments for `append` must be a JSON object; the tool was not called.");
        assertThat(broken.error()).isTrue();
        assertThat(broken.text()).contains("not valid JSON");
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }

    @Test
    void reportsTheProgressOfASlowTool() throws Exception {
        start(null, server("test", Map.of(), null));
        List<String> progress = new CopyOnWriteArrayList<>();

        ToolResult result = servers.call(tool(servers, "slow"), "{\"millis\":300}",
                (done, total, message) -> progress.add(done + "/" + total + " " + message))
                .result().get(60, TimeUnit.SECONDS);

        assertThat(result).isEqualTo(ToolResult.text("slept 300 ms"));
        patiently().until(() -> progress.size() == 10);
        assertThat(progress).startsWith("1.0/10.0 step 1").endsWith("10.0/10.0 step 10");
    }

    @Test
    void aCancelledCallEndsAtOnceAndTheServerGoesOn() throws Exception {
        start(null, server("test", Map.of(), null));
        List<String> progress = new CopyOnWriteArrayList<>();
        ToolRun run = servers.call(tool(servers, "slow"), "{\"millis\":20000}",
                (done, total, message) -> progress.add(message));
        patiently().until(() -> !progress.isEmpty());

        run.cancel();

        assertThat(run.result()).isCompletedWithValue(ToolResult.failure(ToolLoop.CANCELLED_RESULT));
        run.cancel();
        assertThat(run.result()).isCompletedWithValue(ToolResult.failure(ToolLoop.CANCELLED_RESULT));
        assertThat(run(servers, "echo", "{\"text\":\"still here\"}")).isEqualTo(ToolResult.text("still here"));
    }

    @Test
    void runsTheServerInItsWorkingDirectory() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        start(null, server("test", Map.of(), work.toString()));

        assertThat(run(servers, "append", "{\"path\":\"out.txt\",\"line\":\"one\"}").error()).isFalse();

        assertThat(work.resolve("out.txt")).hasContent("one");
    }

    @Test
    void givesTheServerItsEnvironmentOverTidemarks() throws Exception {
        // a JVM tells on standard error that it picked up JAVA_TOOL_OPTIONS: proof the variable reached it
        start(null, server("test", Map.of("JAVA_TOOL_OPTIONS", "-Dtidemark.marker=env-reached"), null));

        assertThat(servers.statuses().get(0).state()).isEqualTo(McpServers.State.READY);
        patiently().until(() -> servers.log("test").contains("Picked up JAVA_TOOL_OPTIONS: -Dtidemark.marker=env-reached"));
    }

    @Test
    void aServerThatExitsAtStartFailsWithItsStandardError() throws Exception {
        start(null, server("broken", Map.of(), null, "--fail-at-start", "The API key is missing."));

        McpServers.Status status = servers.statuses().get(0);
        assertThat(status.state()).isEqualTo(McpServers.State.FAILED);
        assertThat(status.error()).contains("exited with code 3").contains("The API key is missing.");
        assertThat(status.tools()).isEmpty();
        assertThat(servers.offered()).isEmpty();
    }

    @Test
    void aProgramThatIsNotThereFailsInWords() throws Exception {
        start(null, McpServerConfig.stdio("ghost", "tidemark-no-such-program", List.of(), Map.of(), null));

        McpServers.Status status = servers.statuses().get(0);
        assertThat(status.state()).isEqualTo(McpServers.State.FAILED);
        assertThat(status.error()).isEqualTo("Could not start `tidemark-no-such-program`: no such program on PATH.");
    }

    @Test
    void findsItsProgramOnThePathItIsGiven() throws Exception {
        // as "npx" is found on PATH: a bare name, on a PATH that only the server's env has
        Path bin = Files.createDirectories(dir.resolve("bin"));
        List<String> command = TestMcpServer.command();
        Files.createSymbolicLink(bin.resolve("tidemark-test-java"), Path.of(command.get(0)));
        String path = bin + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", "");
        start(null, McpServerConfig.stdio("onpath", "tidemark-test-java", command.subList(1, command.size()),
                Map.of("PATH", path), null));

        assertThat(servers.statuses().get(0).state()).isEqualTo(McpServers.State.READY);
        assertThat(run(servers, "echo", "{\"text\":\"found\"}")).isEqualTo(ToolResult.text("found"));
    }

    @Test
    void aDisabledServerIsNeverStarted() throws Exception {
        start(null, server("off", Map.of(), null).withEnabled(false));

        assertThat(servers.statuses().get(0).state()).isEqualTo(McpServers.State.DISABLED);
        assertThat(servers.offered()).isEmpty();
    }
}
