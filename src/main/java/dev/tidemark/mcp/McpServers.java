package dev.tidemark.mcp;

import dev.tidemark.chat.ToolHost;
import dev.tidemark.settings.McpServerConfig;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The configured MCP servers, through the official Java SDK: started in the background when first
 * needed ({@link #ready()}), each with its state, restarted on request, and stopped with the app —
 * a stdio server's whole process tree included. It is the tool loop's {@link ToolHost}.
 * Safe from any thread; no method blocks.
 */
public final class McpServers implements ToolHost, AutoCloseable {

    /** Where a server stands. */
    public enum State {
        /** Switched off in Settings: never started. */
        DISABLED,
        /** Not started yet (servers start when first needed). */
        STOPPED,
        STARTING,
        READY,
        FAILED
    }

    /**
     * A tool as its server lists it.
     *
     * @param name        the MCP tool's own name
     * @param description the server's words ("" when none)
     * @param inputSchema JSON Schema of its arguments, as JSON text
     * @param enabled     false when switched off in Settings
     */
    public record ToolInfo(String name, String description, String inputSchema, boolean enabled) {
    }

    /**
     * A server's state as shown in Settings → Tools and by {@code tools}.
     *
     * @param error why it failed, in words, with the tail of its standard error when it wrote any;
     *              null unless {@code state} is FAILED
     */
    public record Status(String server, State state, List<ToolInfo> tools, String error) {
        public Status {
            tools = List.copyOf(tools);
        }
    }

    /**
     * @param images where images a tool returns are kept (stored, forced, before its result is
     *               handed back); null: images are left out, the result's text says so
     */
    public McpServers(List<McpServerConfig> configs, dev.tidemark.session.AttachmentStore images) {
        throw new UnsupportedOperationException("being built");
    }

    /** Every configured server's state, in the configured order. */
    public List<Status> statuses() {
        throw new UnsupportedOperationException("being built");
    }

    /** Told of every change of a server's state, on the servers' threads. */
    public void addListener(Consumer<Status> listener) {
        throw new UnsupportedOperationException("being built");
    }

    public void removeListener(Consumer<Status> listener) {
        throw new UnsupportedOperationException("being built");
    }

    /** Stops the server (its process tree) and starts it again; completes with its new state. */
    public CompletableFuture<Status> restart(String server) {
        throw new UnsupportedOperationException("being built");
    }

    /**
     * Takes a new configuration (Settings saved): servers removed or changed are stopped, changed
     * and new ones start when next needed; tool switches apply at once.
     */
    public void reconfigure(List<McpServerConfig> configs) {
        throw new UnsupportedOperationException("being built");
    }

    @Override
    public CompletableFuture<Void> ready() {
        throw new UnsupportedOperationException("being built");
    }

    @Override
    public List<OfferedTool> offered() {
        throw new UnsupportedOperationException("being built");
    }

    @Override
    public ToolRun call(OfferedTool tool, String arguments, ToolProgress progress) {
        throw new UnsupportedOperationException("being built");
    }

    /** Stops every server and its whole process tree; waits a few seconds at most. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("being built");
    }
}
