package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's {@code toolCalls} in a session file ({@code docs/session-format.md}): each call's
 * {@code id}, {@code name}, {@code arguments}; from format 6, when the tool loop ran it, also
 * {@code server}, {@code tool}, {@code state} (its wire name) and, once it has one, {@code result}
 * {@code {text, error, images: [{name, mediaType, size, sha256}]}} (each member only when present).
 * A call only shown (tools off, older files) has none of them.
 */
final class ToolCallCodec {

    private ToolCallCodec() {
    }

    static void write(ArrayNode calls, List<ToolCall> toolCalls) {
        for (ToolCall call : toolCalls) {
            ObjectNode node = calls.addObject().put("id", call.id()).put("name", call.name())
                    .put("arguments", call.arguments());
            if (call.server() != null) {
                node.put("server", call.server());
            }
            if (call.tool() != null) {
                node.put("tool", call.tool());
            }
            if (call.state() != null) {
                node.put("state", call.state().wireName());
            }
            ToolResult result = call.result();
            if (result != null) {
                ObjectNode r = node.putObject("result").put("text", result.text());
                if (result.error()) {
                    r.put("error", true);
                }
                if (!result.images().isEmpty()) {
                    ArrayNode images = r.putArray("images");
                    for (Attachment a : result.images()) {
                        AttachmentJson.add(images, a);
                    }
                }
            }
        }
    }

    /**
     * The calls of a message. A state this version does not know: in a file of a newer format, the
     * call is kept without a state (shown only; such a file is never written over); in one of a
     * format this version writes, the file is damaged. An image entry of a result that cannot be
     * read is left out and said in {@code problems} (the file, read whole, is damaged).
     *
     * @param newer the file is of a newer format than this version writes
     */
    static List<ToolCall> read(String messageId, JsonNode list, boolean newer, List<String> problems)
            throws IOException {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : list) {
            String id = text(c, "id");
            ToolCallState state = null;
            if (c.path("state").isTextual()) {
                try {
                    state = ToolCallState.fromWireName(c.get("state").asText());
                } catch (IllegalArgumentException e) {
                    if (!newer) {
                        throw new IOException("tool call " + id + " has a state this version does not know ('"
                                + c.get("state").asText() + "')");
                    }
                }
            }
            calls.add(new ToolCall(id, text(c, "name"), text(c, "arguments"), optional(c, "server"),
                    optional(c, "tool"), state, result(messageId, id, c.get("result"), problems)));
        }
        return calls;
    }

    private static ToolResult result(String messageId, String callId, JsonNode r, List<String> problems)
            throws IOException {
        if (r == null || r.isNull()) {
            return null;
        }
        List<Attachment> images = new ArrayList<>();
        JsonNode list = r.get("images");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add("message " + messageId + ", tool call " + callId + ": the images of its result cannot be"
                        + " read; the call is kept without them");
            } else {
                int index = 0;
                for (JsonNode a : list) {
                    index++;
                    try {
                        images.add(AttachmentJson.read(a));
                    } catch (IOException | RuntimeException e) {
                        problems.add("message " + messageId + ", tool call " + callId + ": image number " + index
                                + " of its result cannot be read; the call is kept without it");
                    }
                }
            }
        }
        return new ToolResult(text(r, "text"), r.path("error").asBoolean(false), images);
    }

    /** Every image hash the calls' results name. */
    static void imagesOf(List<ToolCall> calls, java.util.Collection<String> hashes) {
        for (ToolCall call : calls) {
            if (call.result() != null) {
                call.result().images().forEach(a -> hashes.add(a.sha256()));
            }
        }
    }

    private static String optional(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.get(field).asText() : null;
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("missing field '" + field + "'");
        }
        return value.asText();
    }
}
