package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.session.SessionJson;
import dev.tidemark.session.SessionStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ChatGPT's {@code conversations.json}: a list of conversations, each a tree of messages
 * ({@code mapping}: node id → {message, parent, children}) of which the app shows one branch, the
 * one that ends at {@code current_node}. That branch becomes a session: each user message as it
 * is, and everything between two user messages (the assistant's text, its tool calls, the tools'
 * output, its reasoning) folded into one assistant message. System, hidden and empty messages are
 * left out; images cannot come along and are noted in their place. A reply cut at ChatGPT's
 * {@code max_tokens} and continued in the next node ("Continue generating") is one message, its
 * pieces joined as they are. One conversation at a time: {@link Importer} streams the file.
 */
final class ChatGptImport {

    static final String ID_PREFIX = "chatgpt-";
    private static final ObjectMapper JSON = SessionJson.mapper();
    /** The last second of the year 9999: a later create_time is not a time ChatGPT wrote. */
    private static final long LATEST = 253_402_300_799L;

    private final List<String> notes = new ArrayList<>();

    List<String> notes() {
        return notes;
    }

    /** The {@code n}th conversation (from 1) as a session. */
    Session session(JsonNode c, int n) throws Importer.Problem {
        if (!c.isObject()) {
            throw new Importer.Problem("conversation " + n + " is not an object (it is " + kind(c) + ")");
        }
        String label = "conversation " + n + describe(c);
        try {
            return session(c, n, label);
        } catch (RuntimeException e) { // a value of a kind this reading did not foresee
            throw new Importer.Problem(label + " holds a value of an unexpected kind, so it cannot be read");
        }
    }

    private Session session(JsonNode c, int n, String label) throws Importer.Problem {
        JsonNode mapping = c.get("mapping");
        if (mapping == null || !mapping.isObject()) {
            throw new Importer.Problem(label + " has no mapping" + (mapping == null ? "" : " (its \"mapping\" is "
                    + kind(mapping) + ", not an object)"));
        }
        Instant created = time(c.get("create_time"), label + ": its create_time");
        List<JsonNode> branch = branch(c, mapping, label);
        Turns turns = new Turns(label, created);
        for (JsonNode node : branch) {
            JsonNode message = node.get("message");
            if (message != null && message.isObject()) {
                turns.add(message);
            }
        }
        List<Message> messages = turns.finish();
        if (created == null) {
            created = messages.isEmpty() ? null : messages.get(0).createdAt();
        }
        if (created == null) {
            throw new Importer.Problem(label + " has no create_time");
        }
        Instant updated = time(c.get("update_time"), label + ": its update_time");
        if (updated == null) {
            updated = messages.isEmpty() ? created : messages.get(messages.size() - 1).createdAt();
        }
        String title = c.path("title").isTextual() && !c.path("title").asText().isBlank()
                ? c.path("title").asText().strip() : "Untitled chat";
        return new Session(sessionId(c, n, title), title, created, updated, messages);
    }

    /** The nodes from the root down to {@code current_node} (or, without one, down the newest children). */
    private static List<JsonNode> branch(JsonNode c, JsonNode mapping, String label) throws Importer.Problem {
        String current = c.path("current_node").asText(null);
        if (current == null || !mapping.has(current)) {
            current = lastLeaf(mapping);
        }
        List<JsonNode> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String id = current;
        while (id != null) {
            if (!seen.add(id)) {
                throw new Importer.Problem(label + ": its messages' parents form a loop at node " + id);
            }
            JsonNode node = mapping.get(id);
            if (node == null || !node.isObject()) {
                String what = node == null ? "which is not in its mapping" : "which is " + kind(node) + ", not an object";
                throw new Importer.Problem(label + ": " + (path.isEmpty() ? "its current_node is " + id
                        : "node " + path.get(path.size() - 1).path("id").asText("?") + " names the parent " + id)
                        + ", " + what);
            }
            path.add(node);
            JsonNode parent = node.get("parent");
            id = parent == null || parent.isNull() ? null : parent.asText();
        }
        Collections.reverse(path);
        return path;
    }

    /** Without a current_node: from a root, always the last child. */
    private static String lastLeaf(JsonNode mapping) {
        String root = null;
        for (var it = mapping.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode parent = e.getValue().get("parent");
            if (parent == null || parent.isNull()) {
                root = e.getKey();
                break;
            }
        }
        String at = root;
        Set<String> seen = new HashSet<>();
        while (at != null && seen.add(at)) {
            JsonNode children = mapping.path(at).path("children");
            if (!children.isArray() || children.isEmpty()) {
                break;
            }
            String next = children.get(children.size() - 1).asText();
            if (!mapping.has(next)) {
                break;
            }
            at = next;
        }
        return at;
    }

    /** Folds the branch's messages into user messages and assistant turns. */
    private final class Turns {
        private final String label;
        private final List<Message> done = new ArrayList<>();
        private Instant last;
        // the assistant turn being gathered
        private String turnId;
        private Instant turnAt;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder reasoning = new StringBuilder();
        private final List<ToolCall> calls = new ArrayList<>();
        private String model;
        private MessageStatus status = MessageStatus.COMPLETE;
        private String detail;
        private int images;
        /** The last message of the turn stopped at max_tokens: the next assistant text continues it. */
        private boolean cut;

        Turns(String label, Instant created) {
            this.label = label;
            this.last = created;
        }

        void add(JsonNode m) throws Importer.Problem {
            String role = m.path("author").path("role").asText(null);
            String id = m.path("id").asText(null);
            if (role == null || id == null) {
                throw new Importer.Problem(label + ": a message has no " + (id == null ? "id" : "author role"));
            }
            JsonNode meta = m.path("metadata");
            if ("system".equals(role) || meta.path("is_visually_hidden_from_conversation").asBoolean(false)) {
                return;
            }
            JsonNode content = m.path("content");
            String type = content.path("content_type").asText("");
            Instant at = time(m.get("create_time"), label + ": message " + id + "'s create_time");
            at = at != null ? at : last;
            if (at == null) {
                at = Instant.EPOCH;
            }
            last = at;
            if ("user".equals(role)) {
                if (type.equals("user_editable_context")) {
                    return; // custom instructions, not a message
                }
                String said = userText(content);
                if (!said.isBlank()) {
                    cut = false;
                    endTurn();
                    done.add(Message.user(id, said, at));
                }
                return;
            }
            int before = size();
            String recipient = m.path("recipient").asText("all");
            String toolName = m.path("author").path("name").asText("tool");
            boolean text = "assistant".equals(role) && "all".equals(recipient) && "text".equals(type);
            boolean continues = cut && text;
            cut = text && "max_tokens".equals(meta.path("finish_details").path("type").asText());
            if (continues) {
                this.text.append(rawText(content)); // as is: the cut fell mid-word or mid-line
            } else if ("assistant".equals(role) && !"all".equals(recipient)) {
                toolCall(id, recipient, content, type);
            } else if ("tool".equals(role)) {
                toolOutput(toolName, content, type);
            } else if (cut) { // its end stays as it was cut, for the continuation
                String raw = rawText(content).stripLeading();
                if (!raw.isBlank()) {
                    this.text.append(this.text.length() > 0 ? "\n\n" : "").append(raw);
                }
            } else {
                assistant(content, type);
            }
            if (size() != before) { // this message added to the turn
                if (turnId == null) {
                    turnId = id;
                    turnAt = at;
                }
                if (meta.hasNonNull("model_slug")) {
                    model = meta.get("model_slug").asText();
                }
                if ("interrupted".equals(meta.path("finish_details").path("type").asText())) {
                    status = MessageStatus.STOPPED;
                }
            }
        }

        /** How much the turn holds: grows with every piece a message adds. */
        private int size() {
            return text.length() + reasoning.length() + calls.size() + (detail == null ? 0 : detail.length() + 1);
        }

        /** The text parts joined with nothing trimmed. */
        private String rawText(JsonNode content) {
            StringBuilder out = new StringBuilder();
            for (JsonNode part : content.path("parts")) {
                if (part.isTextual()) {
                    out.append(part.asText());
                }
            }
            return out.toString();
        }

        private String userText(JsonNode content) {
            StringBuilder out = new StringBuilder();
            for (JsonNode part : content.path("parts")) {
                if (part.isTextual()) {
                    append(out, part.asText());
                } else if (part.isObject()) {
                    append(out, attachment(part));
                }
            }
            if (out.length() == 0 && content.path("text").isTextual()) {
                out.append(content.get("text").asText());
            }
            return out.toString().strip();
        }

        private void assistant(JsonNode content, String type) {
            switch (type) {
                case "thoughts" -> {
                    for (JsonNode thought : content.path("thoughts")) {
                        String summary = thought.path("summary").asText("");
                        String body = thought.path("content").asText("");
                        append(reasoning, summary.isBlank() ? body : "**" + summary + "**\n" + body);
                    }
                }
                case "reasoning_recap", "model_editable_context", "user_editable_context" -> {
                    // "Thought for 8 seconds", memory updates: not part of the conversation
                }
                case "system_error" -> {
                    status = MessageStatus.ERROR;
                    detail = content.path("text").asText("ChatGPT reported an error");
                }
                case "code" -> append(text, fenced(content.path("language").asText(""), content.path("text").asText("")));
                default -> append(text, userText(content));
            }
        }

        private void toolCall(String id, String recipient, JsonNode content, String type) {
            String input = "code".equals(type) ? content.path("text").asText("") : userText(content);
            String arguments;
            try {
                JsonNode parsed = JSON.readTree(input);
                arguments = parsed != null && parsed.isContainerNode() ? input : wrap(type, input);
            } catch (Exception notJson) {
                arguments = wrap(type, input);
            }
            calls.add(new ToolCall(id, recipient, arguments));
        }

        private String wrap(String type, String input) {
            ObjectNode node = JSON.createObjectNode().put("code".equals(type) ? "code" : "input", input);
            return node.toString();
        }

        private void toolOutput(String tool, JsonNode content, String type) {
            String output = switch (type) {
                case "execution_output" -> fenced("", content.path("text").asText(""));
                case "tether_browsing_display" -> {
                    String summary = content.path("summary").asText("");
                    yield summary.isBlank() ? content.path("result").asText("") : summary;
                }
                case "tether_quote" -> {
                    String title = content.path("title").asText("");
                    String url = content.path("url").asText("");
                    String quoted = content.path("text").asText("");
                    yield (url.isEmpty() ? title : "[" + (title.isEmpty() ? url : title) + "](" + url + ")")
                            + (quoted.isBlank() ? "" : ": " + quoted);
                }
                default -> userText(content);
            };
            if (!output.isBlank()) {
                append(text, "> **" + tool + ":** " + output.strip().replace("\n", "\n> "));
            }
        }

        private String attachment(JsonNode part) {
            String type = part.path("content_type").asText("");
            if (type.equals("image_asset_pointer")) {
                images++;
                int w = part.path("width").asInt(0);
                int h = part.path("height").asInt(0);
                return "[image not imported" + (w > 0 && h > 0 ? ", " + w + "×" + h : "") + "]";
            }
            if (type.equals("audio_transcription") && part.path("text").isTextual()) {
                return part.get("text").asText();
            }
            return part.path("text").isTextual() ? part.get("text").asText() : "[" + type + " not imported]";
        }

        private void endTurn() {
            if (turnId != null && (text.length() > 0 || reasoning.length() > 0 || !calls.isEmpty()
                    || status != MessageStatus.COMPLETE)) {
                done.add(new Message(turnId, Role.ASSISTANT, text.toString().strip(), status, turnAt, model, detail,
                        reasoning.toString().strip(), calls, false));
            }
            turnId = null;
            turnAt = null;
            text.setLength(0);
            reasoning.setLength(0);
            calls.clear();
            model = null;
            status = MessageStatus.COMPLETE;
            detail = null;
        }

        List<Message> finish() {
            endTurn();
            if (images > 0) {
                notes.add(label + ": " + images + (images == 1 ? " image" : " images")
                        + " could not be imported; the text marks where.");
            }
            return done;
        }
    }

    private static void append(StringBuilder to, String piece) {
        if (piece == null || piece.isBlank()) {
            return;
        }
        if (to.length() > 0) {
            to.append("\n\n");
        }
        to.append(piece.strip());
    }

    private static String fenced(String language, String code) {
        String lang = language.equals("unknown") ? "" : language;
        return "```" + lang + "\n" + code.strip() + "\n```";
    }

    /**
     * Seconds since 1970 with a fraction, to the microsecond; null when absent.
     *
     * @throws Importer.Problem when it is a number but not a time (before 1970, after the year 9999)
     */
    private static Instant time(JsonNode seconds, String what) throws Importer.Problem {
        if (seconds == null || !seconds.isNumber()) {
            return null;
        }
        double approx = seconds.asDouble();
        if (!Double.isFinite(approx) || approx < 0 || approx > LATEST) {
            String shown = seconds.asText();
            throw new Importer.Problem(what + " is " + (shown.length() > 30 ? shown.substring(0, 30) + "…" : shown)
                    + ", which is not a time (seconds since 1970, up to the year 9999)");
        }
        BigDecimal s = seconds.decimalValue().setScale(6, RoundingMode.HALF_UP);
        long whole = s.longValue();
        long nanos = s.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static String sessionId(JsonNode c, int n, String title) {
        String source = c.path("conversation_id").asText(c.path("id").asText(""));
        if (source.isBlank()) {
            source = Integer.toHexString((title + c.path("create_time").asText()).hashCode()) + "-" + n;
        }
        StringBuilder id = new StringBuilder(ID_PREFIX);
        for (char ch : source.toCharArray()) {
            boolean safe = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '-' || ch == '_';
            id.append(safe ? ch : '-');
        }
        String result = id.length() > 64 ? id.substring(0, 64) : id.toString();
        assert SessionStore.isSafeId(result);
        return result;
    }

    /** What a JSON value is, in words. */
    static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL -> "null";
            default -> "missing";
        };
    }

    private static String describe(JsonNode c) {
        String title = c.path("title").asText("");
        return title.isBlank() ? "" : " (\"" + (title.length() > 40 ? title.substring(0, 40) + "…" : title) + "\")";
    }
}
