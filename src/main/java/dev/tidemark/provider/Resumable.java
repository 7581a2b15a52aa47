package dev.tidemark.provider;

import java.util.concurrent.CompletableFuture;

/**
 * A provider whose replies can run on the service without the connection (OpenAI Responses API
 * with {@code background: true}) and be joined again later: after a crash, or when the connection
 * drops while the app runs. See {@code docs/adr/0012-responses-api-and-re-attach.md}.
 */
public interface Resumable {

    /** True when {@link ChatProvider#stream} runs replies in the background (and reports {@code Remote}). */
    boolean background();

    /**
     * Streams the rest of background response {@code responseId}: the service's events after
     * sequence number {@code after} ({@code GET responses/{id}?stream=true&starting_after=after};
     * {@code after < 0}: from its first event). Same contract as {@link ChatProvider#stream}: a
     * {@code Position} before the pieces of each wire event, pieces, then exactly one terminal event
     * unless cancelled. Events numbered {@code <= after} that a server sends anyway are dropped here.
     * A response the service no longer has (404, 400, 501 …) or that it says failed or was
     * cancelled ends with {@code Failed(message, false)}, the message saying so in words; a dropped
     * connection with {@code Failed(message, true)}. Returns at once.
     *
     * @param model the model the reply was started with (for messages; not sent)
     */
    Cancellable resume(String responseId, long after, String model, StreamListener listener);

    /**
     * Asks the service to stop background response {@code responseId}
     * ({@code POST responses/{id}/cancel}). Best effort and asynchronous: never blocks the caller;
     * completes exceptionally with a {@link ProviderException} whose message a user can read (a
     * response that already finished cannot be cancelled).
     */
    CompletableFuture<Void> cancelRemote(String responseId);
}
