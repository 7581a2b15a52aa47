package dev.tidemark.model;

import java.util.Objects;

/**
 * A tool call the model asked for.
 *
 * @param id        the provider's id for the call (may be empty when the provider gives none)
 * @param name      the tool's name
 * @param arguments the arguments as the model wrote them (JSON text, possibly incomplete if the reply was cut)
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
