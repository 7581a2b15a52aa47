package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.ReplyStats;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.model.ToolCall;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The session file format (version 1): one JSON document per session. */
public final class SessionCodec {

    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] encode(Session session) {
        try {
            return JSON.writeValueAsBytes(toJson(session));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode session " + session.id(), e);
        }
    }

    /** The session as a JSON tree: the file format, also printed by {@code show --json}. */
    public static ObjectNode toJson(Session session) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT_VERSION);
        root.put("id", session.id());
        root.put("title", session.title());
        root.put("createdAt", session.createdAt().toString());
        root.put("updatedAt", session.updatedAt().toString());
        SessionSettings settings = session.settings();
        if (!settings.isDefault()) {
            ObjectNode node = root.putObject("settings");
            if (settings.provider() != null) {
                node.put("provider", settings.provider());
            }
            if (settings.model() != null) {
                node.put("model", settings.model());
            }
            if (settings.systemPrompt() != null) {
                node.put("systemPrompt", settings.systemPrompt());
            }
            if (settings.temperature() != null) {
                node.put("temperature", settings.temperature());
            }
            if (settings.maxTokens() != null) {
                node.put("maxTokens", settings.maxTokens());
            }
        }
        ArrayNode messages = root.putArray("messages");
        for (Message m : session.messages()) {
            messages.add(toJson(m));
        }
        return root;
    }

    public static ObjectNode toJson(Message m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", m.id());
        node.put("role", m.role().wireName());
        node.put("text", m.text());
        node.put("status", m.status().wireName());
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
            ArrayNode calls = node.putArray("toolCalls");
            for (ToolCall call : m.toolCalls()) {
                calls.addObject().put("id", call.id()).put("name", call.name()).put("arguments", call.arguments());
            }
        }
        if (m.gap()) {
            node.put("gap", true);
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

    /** @throws IOException when the file is not a session this version can read */
    public Session decode(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown session format " + root.path("format"));
        }
        try {
            List<Message> messages = new ArrayList<>();
            for (JsonNode m : root.path("messages")) {
                List<ToolCall> calls = new ArrayList<>();
                for (JsonNode c : m.path("toolCalls")) {
                    calls.add(new ToolCall(text(c, "id"), text(c, "name"), text(c, "arguments")));
                }
                messages.add(new Message(text(m, "id"), Role.fromWireName(text(m, "role")), text(m, "text"),
                        MessageStatus.fromWireName(text(m, "status")), Instant.parse(text(m, "createdAt")),
                        m.hasNonNull("model") ? m.get("model").asText() : null,
                        m.hasNonNull("detail") ? m.get("detail").asText() : null,
                        m.path("reasoning").asText(""), calls, m.path("gap").asBoolean(false), stats(m.path("stats"))));
            }
            JsonNode st = root.path("settings");
            SessionSettings settings = st.isObject() ? new SessionSettings(
                    st.path("provider").asText(null), st.path("model").asText(null),
                    st.path("systemPrompt").asText(null),
                    st.path("temperature").isNumber() ? st.path("temperature").asDouble() : null,
                    st.path("maxTokens").isInt() ? st.path("maxTokens").asInt() : null) : SessionSettings.DEFAULTS;
            return new Session(text(root, "id"), text(root, "title"), Instant.parse(text(root, "createdAt")),
                    Instant.parse(text(root, "updatedAt")), messages, settings);
        } catch (RuntimeException e) {
            throw new IOException("damaged session: " + e.getMessage(), e);
        }
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

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("missing field '" + field + "'");
        }
        return value.asText();
    }
}
