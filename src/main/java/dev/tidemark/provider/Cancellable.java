package dev.tidemark.provider;

/** Handle to a running stream. */
@FunctionalInterface
public interface Cancellable {
    /** Stops the stream as soon as possible; safe to call more than once and from any thread. */
    void cancel();
}
