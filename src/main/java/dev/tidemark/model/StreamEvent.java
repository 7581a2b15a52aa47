package dev.tidemark.model;

/**
 * What a provider reports while a reply streams. A stream produces any number of deltas (text,
 * reasoning, tool-call fragments) and then exactly one terminal event: {@link Done} or {@link Failed}.
 */
public sealed interface StreamEvent {

    /** A piece of answer text, in order. */
    record TextDelta(String text) implements StreamEvent {
    }

    /** A piece of the model's reasoning ("thinking"), shown apart from the answer. */
    record ReasoningDelta(String text) implements StreamEvent {
    }

    /**
     * A fragment of a tool call. The first fragment of a call carries its id and name; later ones
     * add to its arguments. Calls are told apart by {@code index}.
     */
    record ToolCallDelta(int index, String id, String name, String argumentsDelta) implements StreamEvent {
    }

    /** The reply is complete. {@code finishReason} is the provider's word for why (e.g. "stop", "length"). */
    record Done(String finishReason) implements StreamEvent {
    }

    /** The reply failed; {@code message} says why in words a user can act on (never a key, never a stack trace). */
    record Failed(String message) implements StreamEvent {
    }

    default boolean isTerminal() {
        return this instanceof Done || this instanceof Failed;
    }
}
