package dev.tidemark.mcp;

import dev.tidemark.model.ToolResult;
import dev.tidemark.settings.McpServerConfig;
import dev.tidemark.testing.mcp.TestHttpMcpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.mcp.McpServersStdioTest.run;
import static dev.tidemark.mcp.McpServersStdioTest.tool;
import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link McpServers} over Streamable HTTP against the test server in Jetty, through the real SDK. */
class McpServersHttpTest {

    private McpServers servers;

    @AfterEach
    void closeServers() {
        if (servers != null) {
            servers.close();
        }
    }

    private McpServers.Status startWith(McpServerConfig config) throws Exception {
        servers = new McpServers(List.of(config), null);
        servers.ready().get(60, TimeUnit.SECONDS);
        return servers.statuses().get(0);
    }

    @Test
    void listsAndCallsWithItsHeaderOnEveryRequest() throws Exception {
        try (TestHttpMcpServer http = TestHttpMcpServer.requiring("X-Api-Key", "sk-test-secret")) {
            McpServers.Status status = startWith(McpServerConfig.http("remote", http.url(),
                    Map.of("X-Api-Key", "sk-test-secret")));

            assertThat(status.state()).isEqualTo(McpServers.State.READY);
            assertThat(status.tools()).extracting(McpServers.ToolInfo::name)
                    .containsExactly("echo", "add", "fail", "slow", "append", "picture");
            assertThat(run(servers, "add", "{\"a\":1,\"b\":2}")).isEqualTo(ToolResult.text("3"));
            assertThat(run(servers, "fail", "{\"message\":\"no\"}")).isEqualTo(ToolResult.failure("no"));
            List<Double> progress = new CopyOnWriteArrayList<>();
            ToolResult slow = servers.call(tool(servers, "slow"), "{\"millis\":200}", (d, t, m) -> progress.add(d))
                    .result().get(60, TimeUnit.SECONDS);
            assertThat(slow).isEqualTo(ToolResult.text("slept 200 ms"));
            patiently().until(() -> progress.size() == 10);
        }
    }

    @Test
    void withoutItsKeyTheServerFailsInWordsThatNameNoSecret() throws Exception {
        try (TestHttpMcpServer http = TestHttpMcpServer.requiring("X-Api-Key", "sk-test-secret")) {
            McpServers.Status status = startWith(McpServerConfig.http("remote", http.url(),
                    Map.of("X-Api-Key", "sk-wrong-value")));

            assertThat(status.state()).isEqualTo(McpServers.State.FAILED);
            assertThat(status.error()).contains("`remote` refused Tidemark (HTTP 401/403: not authorized)")
                    .contains("Check its headers").doesNotContain("sk-wrong-value").doesNotContain("sk-test-secret");
        }
    }

    @Test
    void aWrongPathIsNotFound() throws Exception {
        try (TestHttpMcpServer http = TestHttpMcpServer.start()) {
            String url = http.url().replace(TestHttpMcpServer.PATH, "/nothing-here");
            McpServers.Status status = startWith(McpServerConfig.http("remote", url, Map.of()));

            assertThat(status.state()).isEqualTo(McpServers.State.FAILED);
            assertThat(status.error()).isEqualTo("`remote` has no MCP endpoint at " + url + " (HTTP 404). Check the URL.");
        }
    }

    @Test
    void nothingListeningIsRefusedInWords() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/mcp";
        McpServers.Status status = startWith(McpServerConfig.http("remote", url, Map.of()));

        assertThat(status.state()).isEqualTo(McpServers.State.FAILED);
        assertThat(status.error()).startsWith("Could not connect to `remote` at " + url + ": nothing answered there.");
    }
}
