package dev.tidemark.app;

import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.model.ToolCall;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The window's "Always allow this tool": each server's tool the person always allowed runs from
 * then on without a card asking. Remembered in memory for as long as the window is open (the
 * settings-backed policy of Settings → Tools takes its place once it is wired in). Thread-safe:
 * the tool loop asks on its own threads.
 */
public final class WindowToolPolicy implements ToolPolicy {

    private final Set<String> allowed = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<Decision> decide(ToolCall call) {
        return call.server() != null && call.tool() != null && allowed.contains(key(call.server(), call.tool()))
                ? Optional.of(Decision.ALLOWED_BY_RULE) : Optional.empty();
    }

    @Override
    public void alwaysAllow(String server, String tool) {
        allowed.add(key(server, tool));
    }

    private static String key(String server, String tool) {
        return server + "\u0000" + tool;
    }
}
