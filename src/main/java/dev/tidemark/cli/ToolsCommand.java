package dev.tidemark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.mcp.McpServers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tools [--json]}: starts the MCP servers configured in the data directory's
 * {@code settings.json} ({@code "mcpServers"}) and lists each one that is switched on, with its
 * state and its tools — as JSON {@code [{"server", "state", "tools": [{"name", "description"}]}]}
 * ({@code state} {@code ready} or {@code failed}; a failed server has no tools), or one line per
 * server and per tool. Exit 1 when a server failed, with one line on stderr per failed server
 * giving the reason (the tail of its standard error); 0 otherwise, also when none is configured.
 * Every server, and its process tree, is stopped before the command ends.
 */
@Command(name = "tools", description = "Start the configured MCP servers and list their tools.")
final class ToolsCommand implements Callable<Integer> {

    /** How long the servers may take to start before those still starting count as failed. */
    static final Duration START_PATIENCE = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliEnvironment environment;

    @ParentCommand
    TidemarkCommand parent;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    ToolsCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = environment.dataDir(parent.dataDir());
        List<McpServers.Status> statuses;
        try (McpServers servers = environment.mcpServers(dataDir, null)) {
            environment.reportProblems();
            statuses = ServerStates.started(servers, START_PATIENCE);
        }
        PrintWriter out = json ? environment.exactOut() : environment.out();
        if (json) {
            ArrayNode list = JSON.createArrayNode();
            for (McpServers.Status status : statuses) {
                ObjectNode server = list.addObject();
                server.put("server", status.server());
                server.put("state", ServerStates.isReady(status) ? "ready" : "failed");
                ArrayNode tools = server.putArray("tools");
                if (ServerStates.isReady(status)) {
                    for (McpServers.ToolInfo tool : status.tools()) {
                        if (tool.enabled()) {
                            tools.addObject().put("name", tool.name()).put("description", tool.description());
                        }
                    }
                }
            }
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
        } else if (statuses.isEmpty()) {
            out.println("No MCP server is configured: add \"mcpServers\" to settings.json in " + dataDir
                    + ", or add one in Settings → Tools.");
        } else {
            for (McpServers.Status status : statuses) {
                printPlain(out, status);
            }
        }
        out.flush();
        boolean failed = false;
        for (McpServers.Status status : statuses) {
            if (!ServerStates.isReady(status)) {
                failed = true;
                environment.err().println("tidemark: the MCP server \"" + status.server() + "\" failed: "
                        + ServerStates.reason(status));
            }
        }
        environment.err().flush();
        return failed ? 1 : 0;
    }

    private static void printPlain(PrintWriter out, McpServers.Status status) {
        if (!ServerStates.isReady(status)) {
            out.println(status.server() + ": failed");
            return;
        }
        List<McpServers.ToolInfo> on = status.tools().stream().filter(McpServers.ToolInfo::enabled).toList();
        int off = status.tools().size() - on.size();
        out.println(status.server() + ": ready, " + on.size() + (on.size() == 1 ? " tool" : " tools")
                + (off > 0 ? " (" + off + " switched off)" : ""));
        for (McpServers.ToolInfo tool : on) {
            out.println("  " + tool.name() + (tool.description().isBlank() ? "" : " — "
                    + ServerStates.oneLine(tool.description())));
        }
    }
}
