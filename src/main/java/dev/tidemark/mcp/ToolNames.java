package dev.tidemark.mcp;

import dev.tidemark.provider.ChatRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names tools are offered to the model by: each tool under its own MCP name when that is valid
 * for every service ({@link ChatRequest.ToolSpec#VALID_NAME}) and no other offered tool has it;
 * otherwise {@code server__tool}, with every character outside {@code [a-zA-Z0-9_-]} made
 * {@code _}, cut to 64 characters with a short hash of the server and tool when longer. A name
 * that would still clash gets that hash too. The same tools in the same order always get the
 * same names.
 */
public final class ToolNames {

    static final int MAX = 64;
    static final int HASH = 8;

    /** A tool of a server, in the order offered. */
    public record Key(String server, String tool) {
    }

    private ToolNames() {
    }

    /** The wire name of each key, in the keys' order; all distinct and valid. */
    public static List<String> assign(List<Key> keys) {
        Map<String, Integer> counts = new HashMap<>();
        for (Key key : keys) {
            counts.merge(key.tool(), 1, Integer::sum);
        }
        String[] names = new String[keys.size()];
        Set<String> used = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) { // own names first: they win over prefixed ones
            String tool = keys.get(i).tool();
            if (ChatRequest.ToolSpec.VALID_NAME.matcher(tool).matches() && counts.get(tool) == 1) {
                names[i] = tool;
                used.add(tool);
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            if (names[i] != null) {
                continue;
            }
            Key key = keys.get(i);
            String prefixed = sanitize(key.server() + "__" + key.tool());
            String name = prefixed.length() <= MAX ? prefixed : withHash(prefixed, key, 0);
            for (int attempt = 1; !used.add(name); attempt++) {
                name = withHash(prefixed, key, attempt);
            }
            names[i] = name;
        }
        return new ArrayList<>(List.of(names));
    }

    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            out.append(ok ? c : '_');
        }
        return out.isEmpty() ? "_" : out.toString();
    }

    private static String withHash(String prefixed, Key key, int attempt) {
        String suffix = "_" + hash(key.server() + "\u0000" + key.tool() + (attempt == 0 ? "" : "\u0000" + attempt));
        return prefixed.substring(0, Math.min(prefixed.length(), MAX - suffix.length())) + suffix;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
