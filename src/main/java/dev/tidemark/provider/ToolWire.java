package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What both protocols do alike with tool calls on the wire: the arguments as JSON, ids a service
 * accepts, and a tool history said in plain words when no tools are offered (both services refuse
 * {@code tool_calls} / {@code tool_use} in a request without {@code tools}). See
 * {@code docs/providers.md}, "Tools on the wire".
 */
public final class ToolWire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private ToolWire() {
    }

    /**
     * Tool calls are sent as calls (with their results) only when tools are offered; otherwise
     * they go as plain text in the assistant's turn ({@link #asText}).
     */
    public static boolean sendsCalls(ChatRequest request) {
        return !request.tools().isEmpty();
    }

    /**
     * An assistant turn's text with its calls and their results said in words, for a request that
     * offers no tools: "[Called tool NAME with ARGS. Result: …]" (or "Error: …"), one paragraph each.
     */
    public static String asText(ChatRequest.Turn turn) {
        StringBuilder out = new StringBuilder(turn.text().strip());
        for (ChatRequest.ToolUse call : turn.toolCalls()) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            String arguments = call.arguments().isBlank() ? "{}" : call.arguments().strip();
            out.append("[Called tool ").append(call.name()).append(" with ").append(arguments).append(". ")
                    .append(call.error() ? "Error: " : "Result: ").append(call.result().strip()).append(']');
        }
        return out.toString();
    }

    /** The arguments as a JSON object: as the model wrote them when they are one, else {@code {}}. */
    public static ObjectNode argumentsObject(String arguments) {
        JsonNode parsed = parse(arguments);
        return parsed instanceof ObjectNode object ? object : JSON.createObjectNode();
    }

    /**
     * The arguments as OpenAI's {@code arguments} string: as the model wrote them when they are a
     * JSON object, else {@code "{}"} (Ollama, and vLLM's templates, refuse a history whose arguments
     * are not JSON; a call with no arguments streams as "").
     */
    public static String argumentsText(String arguments) {
        return parse(arguments) instanceof ObjectNode ? arguments : "{}";
    }

    /** A tool's JSON Schema as an object ({@code {"type":"object"}} when it is not one). */
    public static ObjectNode schema(String inputSchema) {
        JsonNode parsed = parse(inputSchema);
        return parsed instanceof ObjectNode object ? object : JSON.createObjectNode().put("type", "object");
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The ids of one request's calls as a service takes them: an id that fits is kept; one that does
     * not (or is empty, or was used by an earlier call of the request) is replaced by one derived
     * from it, the same every time the history is sent. The call and its result use the same id.
     */
    public static final class Ids {
        private final Pattern valid;
        private final int length;
        private final Set<String> used = new HashSet<>();

        /**
         * @param valid  the ids the service takes as they are
         * @param length the length of a derived id (alphanumeric)
         */
        public Ids(Pattern valid, int length) {
            this.valid = valid;
            this.length = length;
        }

        /** Ids for OpenAI-compatible services: any non-empty id. */
        public static Ids openAi() {
            return new Ids(Pattern.compile(".+"), 24);
        }

        /** Mistral's: exactly nine letters or digits ("Tool call id was … but must be a-z, A-Z, 0-9, with a length of 9"). */
        public static Ids mistral() {
            return new Ids(Pattern.compile("[a-zA-Z0-9]{9}"), 9);
        }

        /** Anthropic's: {@code ^[a-zA-Z0-9_-]+$}. */
        public static Ids anthropic() {
            return new Ids(Pattern.compile("[a-zA-Z0-9_-]+"), 24);
        }

        /** The id to send for the call at {@code call} of the turn at {@code turn}. */
        public String of(String original, int turn, int call) {
            String id = valid.matcher(original).matches() ? original
                    : derive(original.isEmpty() ? "turn " + turn + " call " + call : original);
            while (!used.add(id)) {
                id = derive(id + " at turn " + turn + " call " + call);
            }
            return id;
        }

        private String derive(String seed) {
            byte[] hash;
            try {
                hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append(ALPHANUMERIC[(hash[i % hash.length] & 0xff) % ALPHANUMERIC.length]);
            }
            return out.toString();
        }
    }
}
