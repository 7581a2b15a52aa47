package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Role;
import dev.tidemark.model.ToolCall;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of a session file (see {@code docs/session-format.md}): written by {@link #toJson} in
 * the current format, read by {@link #read} from any format {@link SessionCodec} reads.
 */
final class MessageCodec {

    private static final ObjectMapper JSON = SessionJson.mapper();

    private MessageCodec() {
    }

    /**
     * The message as a JSON object. {@code "recovered": true} (session format 7) is written only when
     * the status does not say it already: a reply the app died while it streamed, since finished by
     * re-attaching to it.
     */
    static ObjectNode toJson(Message m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", m.id());
        if (m.parentId() == null) {
            node.putNull("parentId");
        } else {
            node.put("parentId", m.parentId());
        }
        node.put("role", m.role().wireName());
        node.put("text", m.text());
        node.put("status", m.status().wireName());
        if (m.recovered() && m.status() != MessageStatus.RECOVERED) {
            node.put("recovered", true);
        }
        node.put("createdAt", m.createdAt().toString());
        if (m.model() != null) {
            node.put("model", m.model());
        }
        if (m.detail() != null) {
            node.put("detail", m.detail());
        }
        if (!m.reasoning().isEmpty()) {
            node.put("reasoning", m.reasoning());
        }
        if (!m.toolCalls().isEmpty()) {
            ToolCallCodec.write(node.putArray("toolCalls"), m.toolCalls());
        }
        if (m.gap()) {
            node.put("gap", true);
        }
        if (!m.attachments().isEmpty()) {
            ArrayNode files = node.putArray("attachments");
            for (Attachment a : m.attachments()) {
                AttachmentJson.add(files, a);
            }
        }
        ReplyStats stats = m.stats();
        if (!stats.isEmpty()) {
            ObjectNode s = node.putObject("stats");
            if (stats.inputTokens() != null) {
                s.put("inputTokens", stats.inputTokens());
            }
            if (stats.outputTokens() != null) {
                s.put("outputTokens", stats.outputTokens());
            }
            if (stats.firstPieceMillis() != null) {
                s.put("firstPieceMillis", stats.firstPieceMillis());
            }
            if (stats.totalMillis() != null) {
                s.put("totalMillis", stats.totalMillis());
            }
        }
        return node;
    }

    /**
     * A message of a file of {@code format}; before the tree format, its parent is left to the
     * session (the message before it). An attachment entry that cannot be read is left out and said
     * in {@code problems}: the message itself is kept (and the file, read whole, is damaged:
     * {@link SessionCodec#decodeFile}). A {@code recovered} status makes it recovered, as does
     * {@code "recovered": true} (session format 7).
     */
    static Message read(JsonNode m, int format, List<String> problems) throws IOException {
        String id = SessionCodec.text(m, "id");
        List<ToolCall> calls = ToolCallCodec.read(id, m.path("toolCalls"), format > SessionCodec.FORMAT_VERSION,
                problems);
        return new Message(id, Role.fromWireName(SessionCodec.text(m, "role")), SessionCodec.text(m, "text"),
                MessageStatus.fromWireName(SessionCodec.text(m, "status")),
                Instant.parse(SessionCodec.text(m, "createdAt")),
                m.hasNonNull("model") ? m.get("model").asText() : null,
                m.hasNonNull("detail") ? m.get("detail").asText() : null,
                m.path("reasoning").asText(""), calls, m.path("gap").asBoolean(false), stats(m.path("stats")),
                format >= SessionCodec.TREE_FORMAT && m.path("parentId").isTextual() ? m.get("parentId").asText() : null,
                attachments(id, m.get("attachments"), problems), m.path("recovered").isBoolean() && m.get("recovered").asBoolean());
    }

    /** {@code attachments}: {@code {"name", "mediaType", "size", "sha256"}} each (format 5; absent when none). */
    private static List<Attachment> attachments(String messageId, JsonNode list, List<String> problems) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            problems.add("message " + messageId + ": its list of attachments cannot be read; the message is kept"
                    + " without it");
            return List.of();
        }
        List<Attachment> out = new ArrayList<>();
        int index = 0;
        for (JsonNode a : list) {
            index++;
            try {
                out.add(AttachmentJson.read(a));
            } catch (IOException | RuntimeException e) {
                String name = a.path("name").isTextual() ? "'" + a.get("name").asText() + "'" : "number " + index;
                problems.add("message " + messageId + ": attachment " + name + " cannot be read ("
                        + (a.path("sha256").isTextual() && !Attachment.isHash(a.get("sha256").asText())
                        ? "its sha256 is not 64 lowercase hex digits" : "an entry is incomplete")
                        + "); the message is kept without it");
            }
        }
        return out;
    }

    private static ReplyStats stats(JsonNode s) {
        if (!s.isObject()) {
            return ReplyStats.NONE;
        }
        return new ReplyStats(number(s, "inputTokens"), number(s, "outputTokens"), number(s, "firstPieceMillis"),
                number(s, "totalMillis"));
    }

    private static Long number(JsonNode node, String field) {
        return node.path(field).isIntegralNumber() ? node.path(field).asLong() : null;
    }
}
