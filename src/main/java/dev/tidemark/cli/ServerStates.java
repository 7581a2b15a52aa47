package dev.tidemark.cli;

import dev.tidemark.mcp.McpServers;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The MCP servers' states as the commands say them: started (bounded), ready or failed, and why. */
final class ServerStates {

    private ServerStates() {
    }

    /**
     * Starts every server that is switched on and waits until each is ready or has failed, at most
     * {@code patience}; then the states of the servers switched on, in the configured order.
     */
    static List<McpServers.Status> started(McpServers servers, Duration patience) throws InterruptedException {
        try {
            servers.ready().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException slow) {
            // those still starting are said to have failed to start in time
        }
        return servers.statuses().stream().filter(s -> s.state() != McpServers.State.DISABLED).toList();
    }

    static boolean isReady(McpServers.Status status) {
        return status.state() == McpServers.State.READY;
    }

    /** Why a server is not ready, on one line. */
    static String reason(McpServers.Status status) {
        if (status.state() == McpServers.State.FAILED && status.error() != null && !status.error().isBlank()) {
            return oneLine(status.error());
        }
        if (status.state() == McpServers.State.FAILED) {
            return "it stopped without saying why.";
        }
        return "it did not start within " + ToolsCommand.START_PATIENCE.toSeconds() + " seconds.";
    }

    /** Text of several lines as one: its lines stripped, blank ones left out, joined by " | ". */
    static String oneLine(String text) {
        return String.join(" | ", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
}
