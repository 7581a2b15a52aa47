package dev.tidemark.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * MCP server configs pasted or imported from another client, taken as they are:
 * {@code {"mcpServers": {...}}} (Claude Desktop's {@code claude_desktop_config.json}, Cursor's and
 * Windsurf's {@code mcp.json}, Cline), VS Code's {@code {"servers": {...}}} (its {@code "type":
 * "stdio" | "http"}), the inner object alone, or one entry {@code {"name": {...}}}. Other members of
 * those files (Claude Desktop's preferences, VS Code's {@code inputs}) are ignored.
 */
public final class McpConfigImport {

    /** The most a config file to import may hold. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * What a paste or a file held.
     *
     * @param servers the servers that can be used, in order
     * @param skipped one sentence per entry that could not be used, naming it
     */
    public record Parsed(List<McpServerConfig> servers, List<String> skipped) {
        public Parsed {
            servers = List.copyOf(servers);
            skipped = List.copyOf(skipped);
        }
    }

    /** A config that cannot be taken; its message is one sentence for the person, with line and column for bad JSON. */
    public static final class ImportException extends Exception {
        public ImportException(String message) {
            super(message);
        }
    }

    private McpConfigImport() {
    }

    /** Reads a config file (I/O: not on the FX thread). */
    public static Parsed readFile(Path file) throws ImportException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ImportException(file.getFileName() + " is too large to be an MCP config (over 4 MB);"
                        + " nothing was imported.");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ImportException(file + " does not exist; nothing was imported.");
        } catch (IOException e) {
            throw new ImportException(file + " could not be read (" + e.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                    + "); nothing was imported.");
        }
        return parse(text, file.getFileName().toString());
    }

    /** Reads pasted text. */
    public static Parsed parse(String text) throws ImportException {
        return parse(text, "The pasted config");
    }

    private static Parsed parse(String text, String source) throws ImportException {
        if (text == null || text.isBlank()) {
            throw new ImportException(source + " is empty: copy a config with \"mcpServers\" first.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.strip());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ImportException(source + " is not valid JSON" + where + " (" + firstSentence(e.getOriginalMessage())
                    + "); nothing was changed.");
        }
        if (root == null || !root.isObject()) {
            throw new ImportException(source + " is not a JSON object; expected {\"mcpServers\": {...}}.");
        }
        JsonNode servers = servers(root, source);
        List<McpServerConfig> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = servers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            try {
                out.add(McpServerJson.read(entry.getKey().strip(), entry.getValue()));
            } catch (IllegalArgumentException e) {
                skipped.add("The server \"" + entry.getKey() + "\" was skipped: " + e.getMessage());
            }
        }
        if (out.isEmpty() && skipped.isEmpty()) {
            throw new ImportException(source + " names no MCP server.");
        }
        return new Parsed(out, skipped);
    }

    private static JsonNode servers(JsonNode root, String source) throws ImportException {
        for (String member : List.of("mcpServers", "servers", "mcp_servers")) {
            JsonNode inner = root.get(member);
            if (inner != null) {
                if (!inner.isObject()) {
                    throw new ImportException(source + ": \"" + member + "\" must be an object of servers by name.");
                }
                return inner;
            }
        }
        if (isEntry(root)) {
            throw new ImportException(source + " is one server without a name: wrap it as {\"name\": {...}}.");
        }
        for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
            if (!isEntry(it.next())) {
                throw new ImportException(source + " has no \"mcpServers\"; expected {\"mcpServers\": {\"name\":"
                        + " {\"command\": ...}}} or {\"name\": {\"url\": ...}}.");
            }
        }
        return root; // the inner object alone, or one entry
    }

    private static boolean isEntry(JsonNode node) {
        return node.isObject() && (node.has("command") || node.has("url") || node.has("serverUrl"));
    }

    /** {@code name}, or {@code name-2}, {@code name-3}, … whichever is not taken. */
    public static String freeName(String name, Collection<String> taken) {
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "unexpected text";
        }
        String line = message.lines().findFirst().orElse("").strip();
        int paren = line.indexOf(" (");
        return paren > 0 ? line.substring(0, paren) : line;
    }
}
