package dev.tidemark.model;

import java.util.List;
import java.util.Objects;

/**
 * What a tool call came back with, as the model is told it.
 *
 * @param text   the result's text (a tool's text content joined, a denial, an error in words)
 * @param error  the tool reported an error, failed or was cancelled (Anthropic's {@code is_error})
 * @param images images the tool returned, kept in the attachment store like a message's files
 */
public record ToolResult(String text, boolean error, List<Attachment> images) {
    public ToolResult {
        Objects.requireNonNull(text, "text");
        images = images == null ? List.of() : List.copyOf(images);
    }

    public static ToolResult text(String text) {
        return new ToolResult(text, false, List.of());
    }

    public static ToolResult failure(String text) {
        return new ToolResult(text, true, List.of());
    }
}
