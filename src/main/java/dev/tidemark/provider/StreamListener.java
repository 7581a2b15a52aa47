package dev.tidemark.provider;

import dev.tidemark.model.StreamEvent;

/** Receives the events of one stream, on the provider's thread. Must not block. */
@FunctionalInterface
public interface StreamListener {
    void onEvent(StreamEvent event);
}
