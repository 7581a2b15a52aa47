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

    /**
     * The model declined (OpenAI's {@code delta.refusal}). Shown as the reply's text, never lost.
     */
    record RefusalDelta(String text) implements StreamEvent {
    }

    /**
     * Token counts as the service reports them; -1 where unknown. Later reports replace earlier
     * ones (Anthropic's counts are cumulative).
     */
    record Usage(long inputTokens, long outputTokens, long reasoningTokens) implements StreamEvent {
    }

    /**
     * The request failed before any of the reply arrived and is tried again after {@code delay};
     * {@code reason} says why, in words.
     */
    record Retrying(String reason, java.time.Duration delay, int attempt) implements StreamEvent {
    }

    /** The reply is complete. {@code finishReason} is the provider's word for why (e.g. "stop", "length"). */
    record Done(String finishReason) implements StreamEvent {
    }

    /**
     * The reply failed; {@code message} says why in words a user can act on (never a key, never a stack trace).
     *
     * @param connectionLost the connection dropped, stalled or closed before the service said the reply
     *                       ended (the service may still be generating it: a background run can be
     *                       re-attached); false when the service said it failed
     */
    record Failed(String message, boolean connectionLost) implements StreamEvent {
        public Failed(String message) {
            this(message, false);
        }
    }

    /**
     * The service runs this reply in the background under {@code responseId} (OpenAI Responses API,
     * {@code background: true}): it goes on without the connection and can be re-attached. Comes
     * once, before any piece of the reply. Neither content nor terminal.
     */
    record Remote(String responseId) implements StreamEvent {
    }

    /**
     * The service's {@code sequence_number} of the wire event whose pieces follow (Responses API).
     * Every piece after it, up to the next position, came from that event. Neither content nor terminal.
     */
    record Position(long sequenceNumber) implements StreamEvent {
    }

    default boolean isTerminal() {
        return this instanceof Done || this instanceof Failed;
    }

    /** A piece of the reply's content (text, refusal, reasoning, a tool-call fragment). */
    default boolean isContent() {
        return this instanceof TextDelta || this instanceof RefusalDelta || this instanceof ReasoningDelta
                || this instanceof ToolCallDelta;
    }
}
