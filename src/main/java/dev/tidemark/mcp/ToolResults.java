package dev.tidemark.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.ToolResult;
import dev.tidemark.model.AttachmentRefusedException;
import dev.tidemark.session.AttachmentStore;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A tool's MCP result as the model is told it: the text contents joined with blank lines, embedded
 * text resources as text, images kept in the attachment store (before the result is handed back),
 * the structured content as JSON text when there is no text, {@code isError} as an error.
 */
final class ToolResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolResults() {
    }

    static ToolResult of(String tool, McpSchema.CallToolResult result, AttachmentStore images) {
        List<String> texts = new ArrayList<>();
        List<Attachment> kept = new ArrayList<>();
        int image = 0;
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                texts.add(text.text());
            } else if (content instanceof McpSchema.ImageContent picture) {
                image++;
                String note = keep(tool, image, picture.data(), picture.mimeType(), images, kept);
                if (note != null) {
                    texts.add(note);
                }
            } else if (content instanceof McpSchema.EmbeddedResource embedded) {
                if (embedded.resource() instanceof McpSchema.TextResourceContents resource) {
                    texts.add(resource.text());
                } else if (embedded.resource() instanceof McpSchema.BlobResourceContents blob) {
                    texts.add("(A resource of type " + blob.mimeType() + " at " + blob.uri() + ", not shown.)");
                }
            } else if (content instanceof McpSchema.ResourceLink link) {
                texts.add("(A resource: " + link.uri() + ")");
            } else if (content instanceof McpSchema.AudioContent audio) {
                texts.add("(An audio clip of type " + audio.mimeType() + ", not kept.)");
            }
        }
        if (texts.isEmpty() && result.structuredContent() != null) {
            try {
                texts.add(JSON.writeValueAsString(result.structuredContent()));
            } catch (JsonProcessingException e) {
                texts.add(String.valueOf(result.structuredContent()));
            }
        }
        return new ToolResult(String.join("\n\n", texts), Boolean.TRUE.equals(result.isError()), kept);
    }

    /** Stores one image; returns a note for the text when it could not be kept. */
    private static String keep(String tool, int index, String data, String mimeType, AttachmentStore images,
                               List<Attachment> kept) {
        if (images == null) {
            return "(The tool returned an image; it was left out.)";
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(data == null ? "" : data);
            kept.add(images.store(bytes, tool + "-" + index + extension(mimeType)));
            return null;
        } catch (IllegalArgumentException e) {
            return "(The tool returned an image that could not be read; it was left out.)";
        } catch (AttachmentRefusedException e) {
            return "(The tool returned an image that could not be kept: " + e.getMessage() + ")";
        }
    }

    private static String extension(String mimeType) {
        String type = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        return switch (type) {
            case "image/png" -> ".png";
            case "image/jpeg", "image/jpg" -> ".jpg";
            case "image/gif" -> ".gif";
            case "image/webp" -> ".webp";
            default -> ".png";
        };
    }
}
