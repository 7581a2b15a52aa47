package dev.tidemark.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.health.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the {@code "mcpServers"} object other clients use — in {@code settings.json}, or pasted:
 * {@code {"NAME": {"command": …, "args": […], "env": {…}, "cwd": …} | {"url": …, "headers": {…}}}}
 * — into {@link McpServerConfig}s, in the file's order. An entry that cannot be used is reported
 * and skipped, never fatal.
 */
public final class McpServerJson {

    private McpServerJson() {
    }

    /**
     * The servers of an {@code mcpServers} object (missing or null: none).
     *
     * @param problems told of each entry skipped, in words naming it
     */
    public static List<McpServerConfig> read(JsonNode mcpServers, Consumer<Problem> problems) {
        List<McpServerConfig> out = new ArrayList<>();
        if (mcpServers == null || mcpServers.isMissingNode() || mcpServers.isNull()) {
            return out;
        }
        if (!mcpServers.isObject()) {
            problems.accept(new Problem.SettingIgnored("mcpServers", "must be an object of servers by name",
                    "no MCP server is used"));
            return out;
        }
        mcpServers.fields().forEachRemaining(entry -> {
            try {
                out.add(read(entry.getKey(), entry.getValue()));
            } catch (IllegalArgumentException e) {
                problems.accept(new Problem.SettingIgnored("mcpServers." + entry.getKey(), "is skipped: "
                        + e.getMessage(), "the entry is kept in the file as it is"));
            }
        });
        return out;
    }

    /**
     * One entry.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static McpServerConfig read(String name, JsonNode entry) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a server needs a name");
        }
        if (!entry.isObject()) {
            throw new IllegalArgumentException("it must be an object with a \"command\" or a \"url\"");
        }
        String command = text(entry, "command");
        String url = text(entry, "url");
        if (command == null && url == null) {
            url = text(entry, "serverUrl"); // Windsurf's name for it
        }
        return new McpServerConfig(name, command, strings(entry.path("args"), "args"), map(entry.path("env"), "env"),
                text(entry, "cwd"), command == null ? url : null, map(entry.path("headers"), "headers"),
                !entry.path("disabled").asBoolean(false), set(entry.path("disabledTools"), "disabledTools"),
                set(entry.path("alwaysAllow"), "alwaysAllow"));
    }

    private static String text(JsonNode entry, String member) {
        JsonNode value = entry.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("\"" + member + "\" must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode list, String member) {
        List<String> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("\"" + member + "\" must be a list of strings");
        }
        for (JsonNode item : list) {
            if (!item.isValueNode()) {
                throw new IllegalArgumentException("\"" + member + "\" must be a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Set<String> set(JsonNode list, String member) {
        return new LinkedHashSet<>(strings(list, member));
    }

    /**
     * A map of strings; a value {@code {"savedWithKeys": true}} (a secret moved to the key store)
     * is read as "" here, and filled in from the key store before the server starts.
     */
    private static Map<String, String> map(JsonNode object, String member) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object.isMissingNode() || object.isNull()) {
            return out;
        }
        if (!object.isObject()) {
            throw new IllegalArgumentException("\"" + member + "\" must be an object of names and values");
        }
        object.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (value.isObject() && value.path("savedWithKeys").asBoolean(false)) {
                out.put(e.getKey(), "");
            } else if (value.isValueNode() && !value.isNull()) {
                out.put(e.getKey(), value.asText());
            } else {
                throw new IllegalArgumentException("\"" + member + "." + e.getKey() + "\" must be a string");
            }
        });
        return out;
    }
}
