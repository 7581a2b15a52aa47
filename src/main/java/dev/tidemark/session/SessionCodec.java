package dev.tidemark.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.BranchOrigin;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.model.SessionSettings;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The session file format: one JSON document per session (see {@code docs/session-format.md}).
 * Writes version 7 (the conversation tree, its compared forks, the messages' attachments, the
 * tool loop's calls with their state and result, and replies recovered and since finished); reads
 * versions 1 to 7 (a file of 1 or 2 is one line of messages, each following the one before it; a
 * file of 3 has no compared fork; a file of 4 has no attachments; a file of 5 has tool calls that
 * were only shown; a file of 6 has no recovered reply that was finished). Messages are
 * {@link MessageCodec}'s.
 * A newer version is refused by {@link #decode} and read as far as it goes by {@link
 * #decodeLeniently}, for showing it read-only.
 */
public final class SessionCodec {

    /** The version this app writes. */
    public static final int FORMAT_VERSION = 7;
    /** The first version that stores the tree (parent ids, the chosen version at each fork). */
    public static final int TREE_FORMAT = 3;
    /** The first version that stores compared forks ({@code compared}: replies from several models side by side). */
    public static final int COMPARED_FORMAT = 4;
    /** The first version whose messages may carry {@code attachments} (references into {@code attachments/}). */
    public static final int ATTACHMENTS_FORMAT = 5;
    /**
     * The first version whose tool calls may carry {@code server}, {@code tool}, {@code state} and
     * {@code result} (the tool loop's calls, {@link ToolCallCodec}) and whose settings may say {@code tools}.
     */
    public static final int TOOLS_FORMAT = 6;
    /**
     * The first version whose messages may say {@code "recovered": true} beside a status other than
     * {@code recovered}: a reply the app died while it streamed, finished since by re-attaching to it.
     */
    public static final int RECOVERED_FORMAT = 7;
    /** The oldest version this app reads (and migrates). */
    public static final int OLDEST_FORMAT = 1;

    /** A session file this version cannot read whole. */
    public static class UnreadableSession extends IOException {
        public UnreadableSession(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A file that reads whole but for attachment entries that cannot be read: damaged, with those words. */
    public static final class DamagedAttachments extends UnreadableSession {
        public DamagedAttachments(String problems) {
            super(problems, null);
        }
    }

    /** A session file written by a newer Tidemark: never rewritten by this one. */
    public static final class NewerFormat extends UnreadableSession {
        private final int format;

        public NewerFormat(int format) {
            super("it was written by a newer Tidemark (session format " + format + "; this one knows "
                    + FORMAT_VERSION + ")", null);
            this.format = format;
        }

        public int format() {
            return format;
        }
    }

    /**
     * What could be read of a file that does not decode whole.
     *
     * @param session  what was readable: every complete message; null when not even the start was
     * @param format   the format the file names, or -1 when unreadable
     * @param problem  what is wrong, in words
     */
    public record Partial(Session session, int format, String problem) {
    }

    private static final ObjectMapper JSON = SessionJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] encode(Session session) {
        try {
            return JSON.writeValueAsBytes(toJson(session));
        } catch (IOException e) {
            throw new IllegalStateException("could not encode session " + session.id(), e);
        }
    }

    /** The session as a JSON document: the file format, also written by the Tidemark export. */
    public static ObjectNode toJson(Session session) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT_VERSION);
        root.put("id", session.id());
        root.put("title", session.title());
        root.put("createdAt", session.createdAt().toString());
        root.put("updatedAt", session.updatedAt().toString());
        root.put("pinned", session.pinned());
        if (session.deletedAt() != null) {
            root.put("deletedAt", session.deletedAt().toString());
        }
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
            if (!settings.toolsOn()) {
                node.put("tools", false);
            }
        }
        session.branchedFrom().ifPresent(origin -> {
            ObjectNode from = root.putObject("branchedFrom");
            from.put("sessionId", origin.sessionId());
            from.put("messageId", origin.messageId());
        });
        ArrayNode messages = root.putArray("messages");
        for (Message m : session.allMessages()) {
            messages.add(toJson(m));
        }
        if (!session.choices().isEmpty()) {
            ArrayNode chosen = root.putArray("chosen");
            session.choices().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
                ObjectNode fork = chosen.addObject();
                if (e.getKey().isEmpty()) {
                    fork.putNull("parentId");
                } else {
                    fork.put("parentId", e.getKey());
                }
                fork.put("childId", e.getValue());
            });
        }
        if (!session.compared().isEmpty()) {
            ArrayNode compared = root.putArray("compared");
            session.allMessages().stream().map(Message::id).filter(session::isCompared).forEach(compared::add);
        }
        return root;
    }

    /** A message as the session file holds it (also in exports and {@code show --json}). */
    public static ObjectNode toJson(Message m) {
        return MessageCodec.toJson(m);
    }

    /** The format a decoded file names (for migration), without decoding its messages. */
    public static int formatOf(JsonNode root) {
        return root.path("format").asInt(-1);
    }

    /** A file read whole, and the format it was written in. */
    public record Decoded(Session session, int format) {
    }

    /** @throws IOException when the file is not a session this version can read ({@link NewerFormat} when newer) */
    public Session decode(byte[] bytes) throws IOException {
        return decodeFile(bytes).session();
    }

    /** Like {@link #decode}, also saying which format the file was in. */
    public Decoded decodeFile(byte[] bytes) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UnreadableSession("not valid JSON (" + firstLine(e) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableSession("not a JSON object", null);
        }
        int format = formatOf(root);
        if (format > FORMAT_VERSION) {
            throw new NewerFormat(format);
        }
        if (format < OLDEST_FORMAT) {
            throw new UnreadableSession("unknown session format " + root.path("format"), null);
        }
        try {
            List<Message> messages = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (JsonNode m : root.path("messages")) {
                messages.add(MessageCodec.read(m, format, problems));
            }
            if (!problems.isEmpty()) {
                // damaged, like any file that does not read whole: shown read-only (every message kept, the
                // entry left out) and never written over, so no save can lose the entry
                throw new DamagedAttachments(String.join("; ", problems));
            }
            return new Decoded(header(root, messages, choices(root.path("chosen")), format), format);
        } catch (UnreadableSession e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableSession("damaged session: " + e.getMessage(), e);
        }
    }

    /**
     * Reads as much of a damaged (or newer) file as can be read: its header and every message that
     * is complete, stopping at the first that is not (a file cut short keeps all before the cut).
     *
     * @param fallbackId the id to use when the file does not say (its file name)
     */
    public Partial decodeLeniently(byte[] bytes, String fallbackId) {
        int format = -1;
        String id = null;
        String title = null;
        Instant created = null;
        Instant updated = null;
        boolean pinned = false;
        Instant deletedAt = null;
        JsonNode settings = null;
        JsonNode chosen = null;
        JsonNode branchedFrom = null;
        JsonNode compared = null;
        List<Message> messages = new ArrayList<>();
        String problem = null;
        try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "format" -> format = parser.getValueAsInt(-1);
                    case "id" -> id = parser.getValueAsString();
                    case "title" -> title = parser.getValueAsString();
                    case "createdAt" -> created = instantOrNull(parser.getValueAsString());
                    case "updatedAt" -> updated = instantOrNull(parser.getValueAsString());
                    case "pinned" -> pinned = parser.getValueAsBoolean(false);
                    case "deletedAt" -> deletedAt = instantOrNull(parser.getValueAsString());
                    case "settings" -> settings = parser.readValueAsTree();
                    case "chosen" -> chosen = parser.readValueAsTree();
                    case "branchedFrom" -> branchedFrom = parser.readValueAsTree();
                    case "compared" -> compared = parser.readValueAsTree();
                    case "messages" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IOException("'messages' is not a list");
                        }
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode node = parser.readValueAsTree();
                            try {
                                messages.add(MessageCodec.read(node, format < 0 ? TREE_FORMAT : format, new ArrayList<>()));
                            } catch (IOException | RuntimeException e) {
                                throw new IOException("message " + (messages.size() + 1) + " is damaged: "
                                        + e.getMessage(), e);
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            problem = firstLine(e);
        }
        if (problem == null) {
            problem = format > FORMAT_VERSION ? new NewerFormat(format).getMessage() : "its header is incomplete";
        }
        String sessionId = id != null && SessionStore.isSafeId(id) ? id : fallbackId;
        Instant createdAt = created != null ? created : !messages.isEmpty() ? messages.get(0).createdAt() : null;
        if (createdAt == null) {
            return new Partial(null, format, problem);
        }
        Instant updatedAt = updated != null ? updated
                : messages.isEmpty() ? createdAt : messages.get(messages.size() - 1).createdAt();
        String shownTitle = title != null ? title : "Damaged: " + fallbackId + ".json";
        SessionSettings shownSettings = settings == null ? null : settings(settings);
        Session session = format >= TREE_FORMAT || (format < 0 && messages.stream().anyMatch(m -> m.parentId() != null))
                ? new Session(sessionId, shownTitle, createdAt, updatedAt, messages,
                        choicesOrNone(chosen), shownSettings, pinned, deletedAt, null, comparedIds(compared))
                : new Session(sessionId, shownTitle, createdAt, updatedAt, messages, shownSettings, pinned, deletedAt);
        return new Partial(session.withBranchedFrom(origin(branchedFrom)), format, problem);
    }

    private static Session header(JsonNode root, List<Message> messages, java.util.Map<String, String> chosen,
                                  int format) throws IOException {
        JsonNode st = root.path("settings");
        Instant deletedAt = root.hasNonNull("deletedAt") ? Instant.parse(root.get("deletedAt").asText()) : null;
        String id = text(root, "id");
        String title = text(root, "title");
        Instant created = Instant.parse(text(root, "createdAt"));
        Instant updated = Instant.parse(text(root, "updatedAt"));
        boolean pinned = root.path("pinned").asBoolean(false);
        return format >= TREE_FORMAT
                ? new Session(id, title, created, updated, messages, chosen, settings(st), pinned, deletedAt,
                        origin(root.get("branchedFrom")), comparedIds(root.get("compared")))
                : new Session(id, title, created, updated, messages, settings(st), pinned, deletedAt);
    }

    /** {@code branchedFrom}: {@code {"sessionId": id, "messageId": id}}, or null when absent or incomplete. */
    private static BranchOrigin origin(JsonNode node) {
        if (node == null || !node.path("sessionId").isTextual() || !node.path("messageId").isTextual()) {
            return null;
        }
        return new BranchOrigin(node.get("sessionId").asText(), node.get("messageId").asText());
    }

    /**
     * {@code compared}: the ids of the messages whose replies are compared side by side (format 4;
     * absent when none). An entry that is not a string, or names no message, is left out.
     */
    private static List<String> comparedIds(JsonNode compared) {
        List<String> ids = new ArrayList<>();
        if (compared != null && compared.isArray()) {
            for (JsonNode id : compared) {
                if (id.isTextual()) {
                    ids.add(id.asText());
                }
            }
        }
        return ids;
    }

    private static java.util.Map<String, String> choicesOrNone(JsonNode chosen) {
        try {
            return chosen == null ? java.util.Map.of() : choices(chosen);
        } catch (IOException e) {
            return java.util.Map.of(); // the newest version at each fork
        }
    }

    /** The {@code chosen} list: {@code {"parentId": id or null, "childId": id}} per fork where the chosen child is not the newest. */
    private static java.util.Map<String, String> choices(JsonNode chosen) throws IOException {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (JsonNode fork : chosen) {
            JsonNode parent = fork.path("parentId");
            out.put(parent.isTextual() ? parent.asText() : "", text(fork, "childId"));
        }
        return out;
    }

    private static SessionSettings settings(JsonNode st) {
        return st.isObject() ? new SessionSettings(
                st.path("provider").asText(null), st.path("model").asText(null),
                st.path("systemPrompt").asText(null),
                st.path("temperature").isNumber() ? st.path("temperature").asDouble() : null,
                st.path("maxTokens").isInt() ? st.path("maxTokens").asInt() : null,
                st.path("tools").isBoolean() && !st.get("tools").asBoolean() ? Boolean.FALSE : null)
                : SessionSettings.DEFAULTS;
    }

    private static Instant instantOrNull(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("missing field '" + field + "'");
        }
        return value.asText();
    }
}
