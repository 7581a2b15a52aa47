package dev.tidemark.journal.crash;

import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.StreamListener;

/**
 * A provider that sends nothing by itself: {@link #stream} hands the listener back to the caller,
 * who then drives the reply event by event (so the caller knows the stream id of every piece).
 */
final class SyntheticProvider implements ChatProvider {

    private StreamListener last;

    @Override
    public String id() {
        return "synthetic";
    }

    @Override
    public String displayName() {
        return "Synthetic (kill test)";
    }

    @Override
    public String defaultModel() {
        return "kill-model";
    }

    @Override
    public synchronized Cancellable stream(ChatRequest request, StreamListener listener) {
        last = listener;
        return () -> { };
    }

    /** The listener of the stream started last; call right after {@code ChatService.send}. */
    synchronized StreamListener take() {
        StreamListener listener = last;
        last = null;
        if (listener == null) {
            throw new IllegalStateException("no stream was started");
        }
        return listener;
    }
}
