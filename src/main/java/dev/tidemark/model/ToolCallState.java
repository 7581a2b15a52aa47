package dev.tidemark.model;

import java.util.Locale;

/**
 * Where a tool call of the tool loop stands (its ledger in the journal says how it got there: see
 * {@code docs/journal-format.md} and {@code docs/recovery.md}). A call the model made in a reply
 * that was not run by the tool loop (tools off, or a build before tools) has no state
 * ({@link ToolCall#state()} is null).
 */
public enum ToolCallState {
    /** The model asked for it; it waits for approval (again, after a restart, when it never started). */
    REQUESTED,
    /** The person (or the command line's flags, or the step limit) said no; the model is told so. */
    DENIED,
    /** It was sent to its server and has not answered yet (in memory, or in another process). */
    RUNNING,
    /** The server answered; {@link ToolCall#result()} holds the answer. */
    DONE,
    /** The server answered with an error, failed, or the call was cancelled; the result says which. */
    ERROR,
    /**
     * It was sent to its server and Tidemark stopped before the answer came: it may have run. Never
     * run again automatically; the person may Retry it or tell the model it failed.
     */
    INTERRUPTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name this version does not know */
    public static ToolCallState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** True when nothing more happens to the call by itself: it has a result (or a denial, or was interrupted). */
    public boolean isSettled() {
        return this == DENIED || this == DONE || this == ERROR || this == INTERRUPTED;
    }
}
