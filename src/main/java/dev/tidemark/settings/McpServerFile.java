package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the {@code "mcpServers"} object of {@code settings.json} from {@link McpServerConfig}s, in
 * the shape other clients read: secrets (see {@link McpSecrets}) are written as
 * {@code {"savedWithKeys": true}}, their values go to the key store ({@link McpServerSettings}).
 * Fields of an entry this version does not know ({@code "type"}, {@code "timeout"}, …) are kept, and
 * so are entries that could not be read (they were reported, and stay as the person wrote them).
 */
final class McpServerFile {

    static final String SAVED_WITH_KEYS = "savedWithKeys";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KNOWN = List.of("command", "args", "env", "cwd", "url", "serverUrl", "headers",
            "disabled", "disabledTools", "alwaysAllow");

    private McpServerFile() {
    }

    /**
     * @param previous the object as the file has it now (missing: none)
     * @param configs  the servers to write, in order
     */
    static ObjectNode write(JsonNode previous, List<McpServerConfig> configs) {
        ObjectNode out = JSON.createObjectNode();
        Set<String> names = new HashSet<>();
        configs.forEach(c -> names.add(c.name()));
        for (McpServerConfig config : configs) {
            JsonNode before = previous == null ? null : previous.get(config.name());
            out.set(config.name(), entry(before, config));
        }
        if (previous != null && previous.isObject()) {
            previous.fields().forEachRemaining(e -> {
                if (!names.contains(e.getKey()) && !readable(e.getKey(), e.getValue())) {
                    out.set(e.getKey(), e.getValue().deepCopy()); // unreadable: kept as written
                }
            });
        }
        return out;
    }

    private static boolean readable(String name, JsonNode entry) {
        try {
            McpServerJson.read(name, entry);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ObjectNode entry(JsonNode before, McpServerConfig config) {
        ObjectNode node = before != null && before.isObject() ? (ObjectNode) before.deepCopy()
                : JSON.createObjectNode();
        node.remove(KNOWN);
        if (config.isStdio()) {
            if (node.has("type") && !"stdio".equals(node.path("type").asText())) {
                node.remove("type"); // VS Code's "http" would contradict a command
            }
            node.put("command", config.command());
            ArrayNode args = node.putArray("args");
            config.args().forEach(args::add);
            if (!config.env().isEmpty()) {
                ObjectNode env = node.putObject("env");
                config.env().forEach((name, value) -> {
                    if (McpSecrets.isSecretEnvName(name) && !value.isBlank()) {
                        env.set(name, savedWithKeys());
                    } else {
                        env.put(name, value);
                    }
                });
            }
            if (config.cwd() != null) {
                node.put("cwd", config.cwd());
            }
        } else {
            if (node.has("type") && !"http".equals(node.path("type").asText())) {
                node.remove("type"); // "stdio" or "sse" would contradict a Streamable HTTP url
            }
            node.put("url", config.url());
            if (!config.headers().isEmpty()) {
                ObjectNode headers = node.putObject("headers");
                config.headers().forEach((name, value) -> {
                    if (value.isBlank()) {
                        headers.put(name, value);
                    } else {
                        headers.set(name, savedWithKeys());
                    }
                });
            }
        }
        if (!config.enabled()) {
            node.put("disabled", true);
        }
        putSet(node, "disabledTools", config.disabledTools());
        putSet(node, "alwaysAllow", config.alwaysAllow());
        return node;
    }

    private static ObjectNode savedWithKeys() {
        ObjectNode marker = JSON.createObjectNode();
        marker.put(SAVED_WITH_KEYS, true);
        return marker;
    }

    private static void putSet(ObjectNode node, String member, Set<String> values) {
        if (!values.isEmpty()) {
            ArrayNode list = node.putArray(member);
            values.forEach(list::add);
        }
    }

    /** The names of the values an entry says are saved with the keys: {@code env} and {@code headers} members. */
    static Map<String, List<String>> savedWithKeys(JsonNode entry) {
        return Map.of("env", marked(entry.path("env")), "headers", marked(entry.path("headers")));
    }

    private static List<String> marked(JsonNode object) {
        List<String> out = new java.util.ArrayList<>();
        if (object.isObject()) {
            object.fields().forEachRemaining(e -> {
                if (e.getValue().isObject() && e.getValue().path(SAVED_WITH_KEYS).asBoolean(false)) {
                    out.add(e.getKey());
                }
            });
        }
        return out;
    }
}
