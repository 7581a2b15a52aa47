package dev.tidemark.chat;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.provider.Cancellable;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A reply while it streams. Text arrives on the provider's thread; stop may come from any thread;
 * readers (the UI, the CLI) take snapshots. All mutable state is guarded by {@code this}.
 */
public final class Reply {

    private final String streamId;
    private final String sessionId;
    private final String model;
    private final Instant startedAt;
    private final CompletableFuture<Message> finished = new CompletableFuture<>();

    private final StringBuilder text = new StringBuilder();
    private MessageStatus status = MessageStatus.STREAMING;
    private String detail;
    private long seq;
    private Cancellable cancellable = () -> { };

    Reply(String streamId, String sessionId, String model, Instant startedAt) {
        this.streamId = streamId;
        this.sessionId = sessionId;
        this.model = model;
        this.startedAt = startedAt;
    }

    public String streamId() {
        return streamId;
    }

    public String sessionId() {
        return sessionId;
    }

    public String model() {
        return model;
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized int length() {
        return text.length();
    }

    public synchronized MessageStatus status() {
        return status;
    }

    /** The reply as a message, as it stands now. */
    public synchronized Message toMessage() {
        return new Message(streamId, Role.ASSISTANT, text.toString(), status, startedAt, model, detail);
    }

    /**
     * Completes with the final message once its end record is in the journal (written and forced)
     * and the session store holds it.
     */
    public CompletableFuture<Message> finished() {
        return finished;
    }

    synchronized void cancellable(Cancellable c) {
        this.cancellable = c;
    }

    synchronized Cancellable cancellable() {
        return cancellable;
    }

    /** Appends text and returns its sequence number, or -1 when the reply has already ended. */
    synchronized long append(String delta) {
        if (status.isFinal()) {
            return -1;
        }
        text.append(delta);
        return ++seq;
    }

    /** Ends the reply once; returns the end record's sequence number, or -1 when it had already ended. */
    synchronized long end(MessageStatus finalStatus, String why) {
        if (status.isFinal()) {
            return -1;
        }
        status = finalStatus;
        detail = why;
        return ++seq;
    }
}
