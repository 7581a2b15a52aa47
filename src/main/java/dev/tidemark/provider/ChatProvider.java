package dev.tidemark.provider;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A source of streamed replies: one implementation per wire protocol (OpenAI Chat Completions,
 * Anthropic Messages) plus the offline demo.
 *
 * <p>{@link #stream} returns at once. The listener is called from the provider's own thread, in
 * order, with any number of text deltas and then exactly one terminal event (done or failed) —
 * unless the stream is cancelled: after {@link Cancellable#cancel()} no terminal event comes (the
 * caller that cancelled decides how the reply ends), and events already in flight may still
 * arrive, for the caller to ignore.
 */
public interface ChatProvider {

    /** Short stable id used on the command line and in the journal, e.g. {@code "openai"}. */
    String id();

    /** What the user sees, e.g. "Demo (offline, not a model)". */
    String displayName();

    /** The model used when the user names none. */
    String defaultModel();

    Cancellable stream(ChatRequest request, StreamListener listener);

    /**
     * The model ids the service offers, as the service lists them (by default only the default
     * model, for providers that cannot list). Completes
     * exceptionally with a {@link ProviderException} whose message a user can act on.
     */
    /**
     * How to re-join its background replies, for providers whose replies can run on without the
     * connection (the OpenAI Responses API); empty for the others.
     */
    default java.util.Optional<Resumable> resumable() {
        return java.util.Optional.empty();
    }

    /** Where its requests go and over which API (empty for the offline demo). */
    default java.util.Optional<RequestOrigin> origin() {
        return java.util.Optional.empty();
    }

    default CompletableFuture<List<String>> listModels() {
        return CompletableFuture.completedFuture(List.of(defaultModel()));
    }
}
