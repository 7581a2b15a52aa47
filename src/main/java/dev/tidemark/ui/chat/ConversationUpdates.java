package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.chat.Reply;
import dev.tidemark.model.Message;
import dev.tidemark.model.StreamEvent;
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

    private final ConversationViewModel model;
    private final ChatService chat;

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
                coalescer.submit(reply.streamId(), () -> onReplyText(reply));
            }

            @Override
            public void replyFinished(Reply reply) {
                fx.execute(() -> onReplyFinished(reply));
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
        if (reply.sessionId().equals(shown())) {
            // the user's message went into the store just before the reply started: show the new path
            chat.store().get(reply.sessionId()).ifPresentOrElse(
                    s -> model.showPath(s, chat.activeReplies(reply.sessionId())), () -> upsert(reply.toMessage()));
            model.changed();
        }
        model.updateState();
    }

    private void onReplyText(Reply reply) {
        if (reply.sessionId().equals(shown())) {
            model.changed();
            model.find(reply.streamId()).ifPresent(item -> {
                item.update(reply.toMessage());
                reply.retrying().filter(r -> reply.length() == 0 && reply.reasoning().isEmpty())
                        .ifPresent(r -> item.setDetail("Trying again in " + Math.max(1, Math.round(r.delay().toMillis()
                                / 1000.0)) + " s (attempt " + (r.attempt() + 1) + "): " + r.reason()));
            });
        }
    }

    private void onReplyFinished(Reply reply) {
        if (reply.sessionId().equals(shown())) {
            // the store holds the reply now: its place in the tree and its versions come from there
            chat.store().get(reply.sessionId()).ifPresentOrElse(
                    s -> model.showPath(s, chat.activeReplies(reply.sessionId())), () -> upsert(reply.toMessage()));
        }
        model.updateState();
    }

    private void upsert(Message message) {
        model.find(message.id()).ifPresentOrElse(item -> item.update(message),
                () -> model.messages().add(new MessageItem(message)));
    }
}
