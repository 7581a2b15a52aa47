package dev.tidemark.ui.chat;

import dev.tidemark.chat.Reply;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rows of a conversation's active path, made from a session and the rows already on screen. */
final class ActivePath {

    private ActivePath() {
    }

    /**
     * The session's active path as items, reusing those already on screen (a streaming reply keeps
     * its rows), each told which version it is of how many. {@code streaming} are the replies
     * streaming in the session (several for a compared turn): the store holds a reply only once it
     * ends, so until then it is added after the path, as the newest version of its question. A
     * compared question (several models asked at once) is followed by one row holding all its
     * replies, side by side ({@link MessageItem#comparedTurn}), until one is chosen. FX thread.
     */
    static List<MessageItem> items(Session session, List<Reply> streaming, List<MessageItem> shown) {
        Map<String, MessageItem> onScreen = new HashMap<>();
        shown.forEach(item -> {
            onScreen.put(item.id(), item);
            item.comparedReplies().forEach(reply -> onScreen.put(reply.id(), reply));
        });
        List<MessageItem> items = new ArrayList<>();
        for (Message m : session.messages()) {
            if (session.isCompared(m.parentId())) {
                continue; // the chosen reply of a compared turn: in its columns
            }
            MessageItem item = item(m, streaming, onScreen);
            item.setVersion(session.version(m.id()), session.versions(m.id()));
            items.add(item);
            if (session.isCompared(m.id())) {
                items.add(comparedTurn(session, m.id(), streaming, onScreen));
            }
        }
        for (Reply reply : streaming) {
            if (!session.hasMessage(reply.streamId()) && !session.isCompared(reply.parentId())) {
                MessageItem item = onScreen.get(reply.streamId());
                if (item == null) {
                    item = new MessageItem(reply.toMessage());
                }
                int count = session.children(reply.parentId()).size() + 1;
                item.setVersion(count, count);
                items.add(item);
            }
        }
        return items;
    }

    /** The row of a compared question: every reply it has, stored or streaming, in the order asked. */
    private static MessageItem comparedTurn(Session session, String userId, List<Reply> streaming,
                                            Map<String, MessageItem> onScreen) {
        List<Message> replies = new ArrayList<>(session.children(userId));
        for (Reply reply : streaming) {
            if (userId.equals(reply.parentId()) && !session.hasMessage(reply.streamId())) {
                replies.add(reply.toMessage());
            }
        }
        replies.sort(Comparator.comparing(Message::createdAt)); // the order asked (each a moment after the one before)
        List<MessageItem> columns = new ArrayList<>();
        for (Message m : replies) {
            MessageItem column = item(m, streaming, onScreen);
            column.setVersion(1, 1); // side by side, not one of several versions
            columns.add(column);
        }
        MessageItem turn = onScreen.get("compared:" + userId);
        if (turn == null) {
            turn = MessageItem.comparedTurn(userId);
        }
        if (!turn.comparedReplies().equals(columns)) {
            turn.comparedReplies().setAll(columns);
        }
        return turn;
    }

    /** The item on screen for this message, told its newest state (unless it streams), or a new one. */
    private static MessageItem item(Message m, List<Reply> streaming, Map<String, MessageItem> onScreen) {
        MessageItem item = onScreen.get(m.id());
        Optional<Reply> live = streaming.stream().filter(r -> m.id().equals(r.streamId())).findFirst();
        if (item == null) {
            // a stored reply that streams again: a recovered one whose rest is picked up (a re-attach)
            item = new MessageItem(live.map(Reply::toMessage).orElse(m));
            item.setReattaching(live.map(Reply::reattaching).orElse(false));
            return item;
        }
        if (live.isEmpty()) {
            item.update(m);
        }
        return item;
    }

    /** The row with this id, or a reply in a compared turn's columns; the newest first. */
    static Optional<MessageItem> find(List<MessageItem> messages, String id) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            MessageItem item = messages.get(i);
            if (item.id().equals(id)) {
                return Optional.of(item);
            }
            for (MessageItem reply : item.comparedReplies()) {
                if (reply.id().equals(id)) {
                    return Optional.of(reply);
                }
            }
        }
        return Optional.empty();
    }

    /** The last reply's text, or ""; of a compared turn, the chosen (first) reply's. */
    static String lastReplyText(List<MessageItem> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            MessageItem item = messages.get(i);
            if (!item.comparedReplies().isEmpty()) {
                return item.comparedReplies().get(0).text();
            }
            if (item.role() == dev.tidemark.model.Role.ASSISTANT) {
                return item.text();
            }
        }
        return "";
    }
}
