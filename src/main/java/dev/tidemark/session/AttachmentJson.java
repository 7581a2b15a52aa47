package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tidemark.model.Attachment;

import java.io.IOException;

/**
 * One attachment as session files write it — {@code {"name", "mediaType", "size", "sha256"}} — for a
 * message's files (format 5) and a tool result's images (format 6) alike.
 */
final class AttachmentJson {

    private AttachmentJson() {
    }

    /** Adds the entry for {@code a} to {@code list}. */
    static void add(ArrayNode list, Attachment a) {
        list.addObject().put("name", a.name()).put("mediaType", a.mediaType()).put("size", a.size())
                .put("sha256", a.sha256());
    }

    /**
     * The attachment an entry names.
     *
     * @throws IOException when a member is missing or of the wrong kind
     * @throws IllegalArgumentException when a value is not one an attachment can have (e.g. not a SHA-256)
     */
    static Attachment read(JsonNode entry) throws IOException {
        if (!entry.path("size").isIntegralNumber()) {
            throw new IOException("missing field 'size'");
        }
        return new Attachment(text(entry, "name"), text(entry, "mediaType"), entry.get("size").asLong(),
                text(entry, "sha256"));
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("missing field '" + field + "'");
        }
        return value.asText();
    }
}
