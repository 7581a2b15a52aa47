package dev.tidemark.chat;

import dev.tidemark.session.SessionStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replies streaming now, by session, in the order they were asked for (several in a session
 * when one question went to several models). A session streaming a reply stays in the store's
 * memory until its last reply ends: a reply's end is written on a network thread, which never
 * reads a file. Safe from any thread.
 */
final class StreamingReplies {

    private final Map<String, List<Reply>> bySession = new ConcurrentHashMap<>();
    private final SessionStore store;

    StreamingReplies(SessionStore store) {
        this.store = store;
    }

    /** The session's streaming replies; empty when none is. */
    List<Reply> of(String sessionId) {
        return bySession.getOrDefault(sessionId, List.of());
    }

    /** Every streaming reply, in every session. */
    List<Reply> all() {
        return bySession.values().stream().flatMap(List::stream).toList();
    }

    /** The sessions a reply streams in. */
    List<String> sessions() {
        return new ArrayList<>(bySession.keySet());
    }

    /**
     * Makes these the session's streaming replies.
     *
     * @throws IllegalStateException when a reply is streaming in that session already
     */
    void claim(String sessionId, List<Reply> replies) {
        if (bySession.putIfAbsent(sessionId, List.copyOf(replies)) != null) {
            throw new IllegalStateException("A reply is still streaming in this session; stop it first.");
        }
        for (int i = 0; i < replies.size(); i++) {
            store.keepInMemory(sessionId); // counted: one for each reply
        }
    }

    /** The reply streams no more; false when it was not streaming (released already). */
    boolean release(Reply reply) {
        boolean[] removed = {false};
        bySession.computeIfPresent(reply.sessionId(), (id, replies) -> {
            if (!replies.contains(reply)) {
                return replies;
            }
            removed[0] = true;
            List<Reply> rest = new ArrayList<>(replies);
            rest.remove(reply);
            return rest.isEmpty() ? null : List.copyOf(rest);
        });
        if (removed[0]) {
            store.letGo(reply.sessionId());
        }
        return removed[0];
    }
}
