package dev.tidemark.chat;

import dev.tidemark.model.ToolCall;

import java.util.Optional;

/**
 * Who may allow a tool call without asking: the command line's {@code --allow} and
 * {@code --allow-all} flags, the window's "Always allow this tool". When it says nothing, the
 * call waits (in state requested, its card showing) for {@link ChatService#decide}.
 */
public interface ToolPolicy {

    /** How a call was decided. */
    enum Decision {
        /** Allowed this time (the person's Allow once). */
        ALLOW_ONCE,
        /** Allowed, and from now on without asking (the person's Always allow this tool). */
        ALWAYS_ALLOW,
        /** Allowed by a rule: an "always allow" remembered earlier, or the command line's flags. */
        ALLOWED_BY_RULE,
        /** Not allowed: the model is told the call was denied. */
        DENY;

        public boolean allows() {
            return this != DENY;
        }
    }

    /** Asks every call: the window with no "always allow" yet. */
    ToolPolicy ASK = call -> Optional.empty();

    /**
     * A decision made without asking, or empty: ask the person. Called on the tool loop's
     * threads; must return at once.
     *
     * @param call the call, routed ({@link ToolCall#server()} and {@link ToolCall#tool()} set)
     */
    Optional<Decision> decide(ToolCall call);

    /** Remembers the person's "Always allow this tool" for this server's tool (by default: not at all). */
    default void alwaysAllow(String server, String tool) {
    }
}
