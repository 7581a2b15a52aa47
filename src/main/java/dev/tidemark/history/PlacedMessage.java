package dev.tidemark.history;

import dev.tidemark.model.Message;
import dev.tidemark.model.Session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A message of a session's tree with where it is, the same whichever version is shown: its place
 * in the conversation (counted from the first message down the path that shows it, so on the
 * active path it is its index there) and which version it is among its siblings.
 *
 * @param depth    messages before it on the path from the first message to it
 * @param version  1-based, among its siblings in the order they were created
 * @param versions how many siblings it has, itself included
 */
record PlacedMessage(Message message, int depth, int version, int versions) {

    /**
     * Every message of the session, every version, in the order of the conversation: each version
     * followed by what came after it, the versions of a message in the order they were created.
     */
    static List<PlacedMessage> of(Session session) {
        List<PlacedMessage> out = new ArrayList<>(session.allMessages().size());
        Deque<PlacedMessage> todo = new ArrayDeque<>();
        push(todo, session.children(null), 0);
        while (!todo.isEmpty()) {
            PlacedMessage next = todo.pop();
            out.add(next);
            push(todo, session.children(next.message().id()), next.depth() + 1);
        }
        return out;
    }

    private static void push(Deque<PlacedMessage> todo, List<Message> siblings, int depth) {
        for (int i = siblings.size() - 1; i >= 0; i--) {
            todo.push(new PlacedMessage(siblings.get(i), depth, i + 1, siblings.size()));
        }
    }
}
