package dev.tidemark.provider;

import dev.tidemark.model.StreamEvent;

/**
 * Wraps a {@link StreamListener} so that a provider can never deliver anything after the
 * terminal event, nor a second terminal event, and knows whether any content has reached the
 * user (after which a failed request must not be retried). Owned by the thread that delivers a
 * stream's events; other threads only read the volatile flags.
 */
public final class StreamSink {

    private final StreamListener listener;
    private volatile boolean finished;
    private volatile boolean hasContent;
    private volatile long lastContentNanos = System.nanoTime();

    public StreamSink(StreamListener listener) {
        this.listener = listener;
    }

    public void text(String text) {
        content(new StreamEvent.TextDelta(text), text);
    }

    public void refusal(String text) {
        content(new StreamEvent.RefusalDelta(text), text);
    }

    public void reasoning(String text) {
        content(new StreamEvent.ReasoningDelta(text), text);
    }

    public void toolCall(int index, String id, String name, String argumentsDelta) {
        if (!finished) {
            mark();
            listener.onEvent(new StreamEvent.ToolCallDelta(index, id, name, argumentsDelta == null ? "" : argumentsDelta));
        }
    }

    public void usage(long input, long output, long reasoning) {
        if (!finished) {
            listener.onEvent(new StreamEvent.Usage(input, output, reasoning));
        }
    }

    public void retrying(String reason, java.time.Duration delay, int attempt) {
        if (!finished) {
            listener.onEvent(new StreamEvent.Retrying(reason, delay, attempt));
        }
    }

    /** The service runs the reply in the background under this id ({@link StreamEvent.Remote}). */
    public void remote(String responseId) {
        if (!finished) {
            listener.onEvent(new StreamEvent.Remote(responseId));
        }
    }

    /** The pieces that follow come from the wire event with this sequence number ({@link StreamEvent.Position}). */
    public void position(long sequenceNumber) {
        if (!finished) {
            listener.onEvent(new StreamEvent.Position(sequenceNumber));
        }
    }

    /**
     * Ends the stream because the connection dropped, stalled or closed before the service said the
     * reply ended ({@link StreamEvent.Failed#connectionLost()}); made one line like {@link #fail}.
     */
    public void lost(String message) {
        finish(new StreamEvent.Failed(message == null ? "The connection was lost." : message.strip().replaceAll("\\s+", " "),
                true));
    }

    public void done(String finishReason) {
        finish(new StreamEvent.Done(finishReason));
    }

    /** Ends the stream with an error; the message is made one line, as users see it in one line. */
    public void fail(String message) {
        finish(new StreamEvent.Failed(message == null ? "The reply failed." : message.strip().replaceAll("\\s+", " ")));
    }

    public boolean isFinished() {
        return finished;
    }

    /** True once any text, reasoning or tool call has been delivered. */
    public boolean hasContent() {
        return hasContent;
    }

    /** When content last arrived (System.nanoTime), or when the sink was made. */
    public long lastContentNanos() {
        return lastContentNanos;
    }

    private void content(StreamEvent event, String text) {
        if (!finished && !text.isEmpty()) {
            mark();
            listener.onEvent(event);
        }
    }

    private void mark() {
        hasContent = true;
        lastContentNanos = System.nanoTime();
    }

    private void finish(StreamEvent event) {
        if (!finished) {
            finished = true;
            listener.onEvent(event);
        }
    }
}
