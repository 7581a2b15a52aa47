package dev.tidemark.provider;

import dev.tidemark.model.StreamEvent;

/**
 * Wraps a {@link StreamListener} so that a provider can never deliver anything after the
 * terminal event, nor a second terminal event. Owned by the one thread that delivers a stream's
 * events (OkHttp's reader thread or the demo's scheduler), so it needs no locking beyond the
 * volatile flag read by {@link #isFinished()} from other threads.
 */
public final class StreamSink {

    private final StreamListener listener;
    private volatile boolean finished;

    public StreamSink(StreamListener listener) {
        this.listener = listener;
    }

    public void text(String text) {
        if (!finished && !text.isEmpty()) {
            listener.onEvent(new StreamEvent.TextDelta(text));
        }
    }

    public void done(String finishReason) {
        finish(new StreamEvent.Done(finishReason));
    }

    public void fail(String message) {
        finish(new StreamEvent.Failed(message));
    }

    public boolean isFinished() {
        return finished;
    }

    private void finish(StreamEvent event) {
        if (!finished) {
            finished = true;
            listener.onEvent(event);
        }
    }
}
