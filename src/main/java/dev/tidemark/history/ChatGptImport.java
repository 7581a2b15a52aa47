package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;
import dev.tidemark.session.SessionStore;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ChatGPT's {@code conversations.json}: a list of conversations, each a tree of messages
 * ({@code mapping}: node id → {message, parent, children}) of which the app shows one branch, the
 * one that ends at {@code current_node}. The whole tree becomes a session ({@link ChatGptTree}):
 * each user message as it is, and everything between two user messages (the assistant's text, its
 * tool calls, the tools' output, its reasoning) folded into one assistant message
 * ({@link ChatGptTurn}); edited questions and regenerated answers are versions, and the branch
 * ChatGPT showed is the active path. System, hidden and empty messages are left out (what follows
 * them follows the message before them); images cannot come along and are noted in their place. A
 * reply cut at ChatGPT's {@code max_tokens} and continued in the next node ("Continue generating")
 * is one message, its pieces joined as they are. One conversation at a time: {@link Importer}
 * streams the file.
 */
final class ChatGptImport {

    static final String ID_PREFIX = "chatgpt-";
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
        ChatGptTree tree = new ChatGptTree(label, shownBranch(c, mapping, label));
        List<Message> messages = tree.read(mapping, created);
        if (created == null) {
            created = messages.stream().map(Message::createdAt).min(Instant::compareTo).orElse(null);
        }
        if (created == null) {
            throw new Importer.Problem(label + " has no create_time");
        }
        Instant updated = time(c.get("update_time"), label + ": its update_time");
        if (updated == null) {
            updated = messages.stream().map(Message::createdAt).max(Instant::compareTo).orElse(created);
        }
        if (tree.images() > 0) {
            notes.add(label + ": " + tree.images() + (tree.images() == 1 ? " image" : " images")
                    + " could not be imported; the text marks where.");
        }
        String title = c.path("title").isTextual() && !c.path("title").asText().isBlank()
                ? c.path("title").asText().strip() : "Untitled chat";
        Session session = new Session(sessionId(c, n, title), title, created, updated, messages, Map.of(),
                SessionSettings.DEFAULTS, false, null);
        return tree.shownEnd() == null ? session : session.withActive(tree.shownEnd());
    }

    /**
     * The ids of the nodes from the root down to {@code current_node} (or, without one, down the
     * newest children): the branch ChatGPT showed.
     */
    private static Set<String> shownBranch(JsonNode c, JsonNode mapping, String label) throws Importer.Problem {
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
        return seen;
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

    /**
     * Seconds since 1970 with a fraction, to the microsecond; null when absent.
     *
     * @throws Importer.Problem when it is a number but not a time (before 1970, after the year 9999)
     */
    static Instant time(JsonNode seconds, String what) throws Importer.Problem {
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
