package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.model.Message;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.ui.fx.UpdateCoalescer;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * The chat's events, brought to the conversation on screen: a reply started, grew, finished,
 * messages deleted. Rare events come in through the FX executor, a reply's text through the
 * coalescer (the newest per stream, at most one {@code runLater} at a time). Everything but
 * {@link #listener} runs on the FX thread.
 */
final class ConversationUpdates {

    /** How many times a re-attach is tried after a dropped connection (the chat's back-off: 1, 2, 4, 8, 16 s). */
    static final int REATTACH_TRIES = 5;

    private final ConversationViewModel model;
    private final ChatService chat;
    /**
     * By stream: what the footer says while a dropped connection is picked up again — set on a retry
     * after part of the reply arrived, cleared by the next piece. Written on the provider's thread, read
     * on the FX thread.
     */
    private final java.util.Map<String, String> streamNotes = new java.util.concurrent.ConcurrentHashMap<>();

    ConversationUpdates(ConversationViewModel model, ChatService chat) {
        this.model = model;
        this.chat = chat;
    }

    /** The listener to add to the chat: it hands every event to the FX thread. */
    ChatService.Listener listener(Executor fx, UpdateCoalescer coalescer) {
        return new ChatService.Listener() {
            @Override
            public void replyStarted(Reply reply) {
                fx.execute(() -> onReplyStarted(reply));
            }

            @Override
            public void replyUpdated(Reply reply, StreamEvent piece) {
                noteRetry(reply, piece);
                coalescer.submit(reply.streamId(), () -> onReplyText(reply));
            }

            @Override
            public void replyFinished(Reply reply) {
                fx.execute(() -> onReplyFinished(reply));
            }

            @Override
            public void toolCallChanged(String session, String messageId, ToolCall call) {
                // the newest state of each call, at most one runLater for many (like a reply's text)
                coalescer.submit(new CallKey("call", messageId, call.id()), () -> onToolCall(session, messageId, call));
            }

            @Override
            public void toolProgress(String session, String messageId, String callId, double done, Double total,
                                     String message) {
                ToolCallProgress progress = new ToolCallProgress(done, total, message);
                coalescer.submit(new CallKey("progress", messageId, callId),
                        () -> onToolProgress(session, messageId, callId, progress));
            }

            @Override
            public void messagesDeleted(String session, List<String> ids) {
                fx.execute(() -> {
                    if (session.equals(shown())) {
                        model.messages().removeIf(item -> ids.contains(item.id()));
                        model.refreshPath();
                    }
                });
            }
        };
    }

    private String shown() {
        return model.sessionIdProperty().get();
    }

    private void onReplyStarted(Reply reply) {
        streamNotes.remove(reply.streamId());
        if (reply.sessionId().equals(shown())) {
            // the user's message went into the store just before the reply started: show the new path
            chat.store().get(reply.sessionId()).ifPresentOrElse(
                    s -> model.showPath(s, chat.activeReplies(reply.sessionId())), () -> upsert(reply.toMessage()));
            model.changed();
            model.markToolsToContinue();
        }
        model.updateState();
    }

    private void onReplyText(Reply reply) {
        if (reply.sessionId().equals(shown())) {
            model.changed();
            model.find(reply.streamId()).ifPresent(item -> {
                item.update(reply.toMessage());
                item.setReattaching(reply.reattaching());
                item.setStreamNote(streamNotes.getOrDefault(reply.streamId(), ""));
                reply.retrying().filter(r -> reply.length() == 0 && reply.reasoning().isEmpty())
                        .ifPresent(r -> item.setDetail("Trying again in " + Math.max(1, Math.round(r.delay().toMillis()
                                / 1000.0)) + " s (attempt " + (r.attempt() + 1) + "): " + r.reason()));
            });
        }
    }

    /**
     * A retry once part of the reply is here — a dropped connection picked up again (a background run,
     * or a re-attach) — is said in the footer until the next piece; one before the first piece is said
     * as before, in the detail.
     */
    private void noteRetry(Reply reply, StreamEvent piece) {
        if (piece instanceof StreamEvent.Retrying r) {
            if (reply.reattaching() || reply.length() > 0 || !reply.reasoning().isEmpty()) {
                streamNotes.put(reply.streamId(), retryNote(r));
            }
        } else if (!(piece instanceof StreamEvent.Usage)) {
            streamNotes.remove(reply.streamId());
        }
    }

    /** "Connection lost — picking the reply up again (try 2 of 5)…" */
    static String retryNote(StreamEvent.Retrying r) {
        return "Connection lost \u2014 picking the reply up again (try " + Math.max(1, r.attempt()) + " of "
                + Math.max(REATTACH_TRIES, r.attempt()) + ")\u2026";
    }

    private void onReplyFinished(Reply reply) {
        streamNotes.remove(reply.streamId());
        if (reply.sessionId().equals(shown())) {
            // the store holds the reply now: its place in the tree and its versions come from there
            chat.store().get(reply.sessionId()).ifPresentOrElse(
                    s -> model.showPath(s, chat.activeReplies(reply.sessionId())), () -> upsert(reply.toMessage()));
        }
        model.updateState();
    }

    private void onToolCall(String session, String messageId, ToolCall call) {
        if (session.equals(shown())) {
            model.find(messageId).ifPresent(item -> item.updateToolCall(call));
            model.toolChanged();
            model.markToolsToContinue();
        }
        model.updateState();
    }

    private void onToolProgress(String session, String messageId, String callId, ToolCallProgress progress) {
        if (session.equals(shown())) {
            model.find(messageId).ifPresent(item -> {
                // a progress report that comes after the call ended is dropped
                if (item.toolCalls().stream().anyMatch(c -> c.id().equals(callId)
                        && c.state() == ToolCallState.RUNNING)) {
                    item.setToolProgress(callId, progress);
                }
            });
        }
    }

    /** The coalescer's key for a call's updates: one kind, one reply, one call. */
    private record CallKey(String kind, String messageId, String callId) {
    }

    private void upsert(Message message) {
        model.find(message.id()).ifPresentOrElse(item -> item.update(message),
                () -> model.messages().add(new MessageItem(message)));
    }
}
