package dev.tidemark.model;

import java.util.Objects;

/**
 * A tool call the model asked for, and — when the tool loop ran it — where it stands and what it
 * returned.
 *
 * @param id        the provider's id for the call (may be empty when the provider gives none)
 * @param name      the tool's name as the model wrote it (the name it was offered, e.g. {@code files__read})
 * @param arguments the arguments as the model wrote them (JSON text, possibly incomplete if the reply was cut)
 * @param server    the MCP server the call went to; null when the call was not run by the tool loop
 * @param tool      the MCP tool's own name on that server; null when not run by the tool loop
 * @param state     where the call stands; null for a call that was only shown (tools off, older builds)
 * @param result    what it returned (or why there is no answer); null while it has none
 */
public record ToolCall(String id, String name, String arguments, String server, String tool, ToolCallState state,
                       ToolResult result) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }

    /** A call as it streamed: not (yet) run by the tool loop. */
    public ToolCall(String id, String name, String arguments) {
        this(id, name, arguments, null, null, null, null);
    }

    /** The name the person knows the tool by: the MCP tool's own name when known, else the name the model wrote. */
    public String ownName() {
        return tool != null ? tool : name;
    }

    /** The same call, routed to this server's tool and waiting for approval. */
    public ToolCall requested(String newServer, String newTool) {
        return new ToolCall(id, name, arguments, newServer, newTool, ToolCallState.REQUESTED, null);
    }

    /** The same call in a new state, with this result (null: none). */
    public ToolCall with(ToolCallState newState, ToolResult newResult) {
        return new ToolCall(id, name, arguments, server, tool, newState, newResult);
    }
}
