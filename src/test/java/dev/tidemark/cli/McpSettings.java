package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.testing.mcp.TestMcpServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code "mcpServers"} into a data directory's {@code settings.json} as a person pastes it
 * from another client: the real test MCP server ({@link TestMcpServer}), run as a child process.
 */
final class McpSettings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode servers = JSON.createObjectNode();

    /** The test server under {@code name}, with these options (e.g. {@code --fail-at-start MSG}). */
    McpSettings testServer(String name, String... options) {
        List<String> command = TestMcpServer.command(options);
        ObjectNode entry = servers.putObject(name);
        entry.put("command", command.get(0));
        ArrayNode args = entry.putArray("args");
        command.subList(1, command.size()).forEach(args::add);
        return this;
    }

    /** The last server added, switched off. */
    McpSettings disabled(String name) {
        ((ObjectNode) servers.get(name)).put("disabled", true);
        return this;
    }

    /** Writes settings.json (creating the directory), keeping what else it holds. */
    void writeTo(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("settings.json");
        ObjectNode root = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
        root.set("mcpServers", servers);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
