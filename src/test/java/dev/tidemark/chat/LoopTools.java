package dev.tidemark.chat;

import dev.tidemark.mcp.McpServers;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.settings.McpServerConfig;
import dev.tidemark.testing.mcp.TestMcpServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The test MCP server (a real child process over stdio), through {@link McpServers}, as the tool loop's host. */
public final class LoopTools implements AutoCloseable {

    /** The server's name as configured. */
    public static final String SERVER = "test";

    private final McpServers host;

    private LoopTools(McpServers host) {
        this.host = host;
    }

    /** Starts the server and waits until it is ready; tool result images go to an attachment store in {@code dataDir}. */
    public static LoopTools start(Path dataDir) {
        List<String> command = TestMcpServer.command();
        McpServers servers = new McpServers(List.of(McpServerConfig.stdio(SERVER, command.get(0),
                command.subList(1, command.size()), Map.of(), null)), new AttachmentStore(dataDir));
        servers.ready().join();
        if (servers.offered().isEmpty()) {
            servers.close();
            throw new IllegalStateException("the test MCP server did not start: " + servers.statuses());
        }
        return new LoopTools(servers);
    }

    public McpServers host() {
        return host;
    }

    public String server() {
        return SERVER;
    }

    /** The name the model is offered this tool of the test server by. */
    public String wireName(String tool) {
        return host.offered().stream().filter(t -> t.tool().equals(tool)).findFirst().orElseThrow().wireName();
    }

    @Override
    public void close() {
        host.close();
    }
}
