package dev.tidemark.chat;

import dev.tidemark.model.ToolResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the tool loop finds tools and runs them: the MCP servers ({@code dev.tidemark.mcp.McpServers}),
 * wired in by the app and the command line. Every method returns at once; nothing here runs on,
 * or may block, the FX thread.
 */
public interface ToolHost {

    /** No tools at all (the default until the app wires its servers in). */
    ToolHost NONE = new ToolHost() {
        @Override
        public CompletableFuture<Void> ready() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<OfferedTool> offered() {
            return List.of();
        }

        @Override
        public ToolRun call(OfferedTool tool, String arguments, ToolProgress progress) {
            CompletableFuture<ToolResult> none = CompletableFuture.completedFuture(
                    ToolResult.failure("There is no tool named " + tool.wireName() + "."));
            return new ToolRun() {
                @Override
                public CompletableFuture<ToolResult> result() {
                    return none;
                }

                @Override
                public void cancel() {
                }
            };
        }
    };

    /**
     * Starts every enabled server that has not started (in the background); completes once each
     * is ready or has failed — at once when none is starting. Never completes exceptionally.
     */
    CompletableFuture<Void> ready();

    /**
     * The tools to offer the model now: those of the servers that are ready and switched on, each
     * switched on itself, under names valid for every service, unique among them. Empty when
     * there is none.
     */
    List<OfferedTool> offered();

    /**
     * Sends a call to its server. The result completes with the tool's answer (an error result
     * when the tool reported one, the server failed or went away, or the call was cancelled) and
     * never exceptionally.
     *
     * @param arguments the arguments as the model wrote them (JSON text; not an object: an error result, nothing sent)
     * @param progress  told of the server's progress notifications, on the host's threads
     */
    ToolRun call(OfferedTool tool, String arguments, ToolProgress progress);

    /**
     * A tool as the model is offered it.
     *
     * @param wireName    the name the model calls it by ({@code ^[a-zA-Z0-9_-]{1,64}$}, e.g. {@code files__read})
     * @param server      the MCP server's name, as configured
     * @param tool        the MCP tool's own name on that server
     * @param description the server's description of it ("" when none)
     * @param inputSchema its arguments' JSON Schema, as JSON text
     */
    record OfferedTool(String wireName, String server, String tool, String description, String inputSchema) {
        public dev.tidemark.provider.ChatRequest.ToolSpec spec() {
            return new dev.tidemark.provider.ChatRequest.ToolSpec(wireName, description, inputSchema);
        }
    }

    /** Told of a running call's progress. */
    @FunctionalInterface
    interface ToolProgress {
        ToolProgress NONE = (done, total, message) -> { };

        /**
         * @param done    how far it is (the server's {@code progress})
         * @param total   out of how much, or null when the server does not say
         * @param message the server's words, or null
         */
        void progress(double done, Double total, String message);
    }

    /** A call sent to its server. */
    interface ToolRun {
        /** Completes with the answer; never exceptionally. */
        CompletableFuture<ToolResult> result();

        /**
         * Asks the server to stop (MCP {@code notifications/cancelled}) and completes the result at
         * once as an error saying it was cancelled and may have partly run. Idempotent.
         */
        void cancel();
    }
}
