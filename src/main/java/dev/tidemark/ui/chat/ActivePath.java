package dev.tidemark.ui.chat;

import dev.tidemark.chat.Reply;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rows of a conversation's active path, made from a session and the rows already on screen. */
final class ActivePath {

    private ActivePath() {
    }

    /**
     * The session's active path as items, reusing those already on screen (a streaming reply keeps
     * its rows), each told which version it is of how many. {@code streaming} is the reply
     * streaming in the session, if any: the store holds it only once it ends, so until then it is
     * added after the path, as the newest version of its question. FX thread.
     */
    static List<MessageItem> items(Session session, Reply streaming, List<MessageItem> shown) {
        Map<String, MessageItem> onScreen = new HashMap<>();
        shown.forEach(item -> onScreen.put(item.id(), item));
        List<MessageItem> items = new ArrayList<>();
        for (Message m : session.messages()) {
            MessageItem item = onScreen.get(m.id());
            if (item == null) {
                item = new MessageItem(m);
            } else if (streaming == null || !m.id().equals(streaming.streamId())) {
                item.update(m);
            }
            item.setVersion(session.version(m.id()), session.versions(m.id()));
            items.add(item);
        }
        if (streaming != null && !session.hasMessage(streaming.streamId())) {
            MessageItem item = onScreen.get(streaming.streamId());
            if (item == null) {
                item = new MessageItem(streaming.toMessage());
            }
            int count = session.children(streaming.parentId()).size() + 1;
            item.setVersion(count, count);
            items.add(item);
        }
        return items;
    }
}
