package dev.tidemark.cli;

import dev.tidemark.chat.ToolPolicy;
import dev.tidemark.model.ToolCall;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line's tool policy: {@code --allow TOOL} (the MCP tool's own name, or
 * {@code SERVER/TOOL}) and {@code --allow-all}. It always decides — a call the flags do not cover
 * is denied — so nothing ever waits for a person.
 */
final class FlagToolPolicy implements ToolPolicy {

    private final Set<String> allowed;
    private final boolean all;

    FlagToolPolicy(List<String> allowed, boolean all) {
        this.allowed = Set.copyOf(allowed);
        this.all = all;
    }

    @Override
    public Optional<Decision> decide(ToolCall call) {
        return Optional.of(allows(call) ? Decision.ALLOWED_BY_RULE : Decision.DENY);
    }

    boolean allows(ToolCall call) {
        if (all) {
            return true;
        }
        String tool = call.ownName();
        return allowed.contains(tool) || call.server() != null && allowed.contains(call.server() + "/" + tool);
    }
}
