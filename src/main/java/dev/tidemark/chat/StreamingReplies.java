package dev.tidemark.chat;

import dev.tidemark.session.SessionStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replies streaming now, by session, in the order they were asked for (several in a session
 * when one question went to several models), and the tool steps under way (a session's calls
 * waiting, running, or its next reply about to start). A session busy with either refuses a new
 * reply, and stays in the store's memory until it is done: a reply's end and a tool's result are
 * written on threads that never read a file. Safe from any thread.
 */
final class StreamingReplies {

    static final String BUSY = "A reply is still streaming in this session; stop it first.";

    /** Why nothing can be sent while a tool step is under way (a call waits for the person, or runs). */
    static final String STEP_BUSY = "A tool call in this chat is waiting for your answer or still running:"
            + " allow or deny it (or cancel it) first.";

    private final Map<String, List<Reply>> bySession = new ConcurrentHashMap<>();
    private final Map<String, Object> steps = new ConcurrentHashMap<>();
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
     * @throws IllegalStateException when a reply is streaming in that session already, or a tool step is under way
     */
    synchronized void claim(String sessionId, List<Reply> replies) {
        if (steps.containsKey(sessionId)) {
            throw new IllegalStateException(STEP_BUSY);
        }
        if (bySession.putIfAbsent(sessionId, List.copyOf(replies)) != null) {
            throw new IllegalStateException(BUSY);
        }
        for (int i = 0; i < replies.size(); i++) {
            store.keepInMemory(sessionId); // counted: one for each reply
        }
    }

    /** The reply streams no more; false when it was not streaming (released already). */
    synchronized boolean release(Reply reply) {
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

    /**
     * The reply ends and, in the same moment, the session's tool step begins: nothing can start
     * between them. False when the reply was not streaming, or another reply still is, or a step
     * is under way (then nothing changes).
     */
    synchronized boolean handOver(Reply ending, Object step) {
        if (of(ending.sessionId()).size() != 1 || !of(ending.sessionId()).contains(ending)
                || steps.containsKey(ending.sessionId())) {
            return false;
        }
        steps.put(ending.sessionId(), step);
        store.keepInMemory(ending.sessionId());
        release(ending);
        return true;
    }

    /** Starts a tool step in a session where nothing streams. @throws IllegalStateException when busy */
    synchronized void claimStep(String sessionId, Object step) {
        if (bySession.containsKey(sessionId)) {
            throw new IllegalStateException(BUSY);
        }
        if (steps.putIfAbsent(sessionId, step) != null) {
            throw new IllegalStateException(STEP_BUSY);
        }
        store.keepInMemory(sessionId);
    }

    /** True while a reply streams or a tool step is under way in the session (one look: never between the two). */
    synchronized boolean busy(String sessionId) {
        return bySession.containsKey(sessionId) || steps.containsKey(sessionId);
    }

    /** The sessions with a tool step under way. */
    List<String> stepSessions() {
        return new ArrayList<>(steps.keySet());
    }

    /** The session's tool step under way, or null. */
    Object step(String sessionId) {
        return steps.get(sessionId);
    }

    /** The step is over; {@code next} (null: none) streams in its place, with nothing in between. */
    synchronized boolean endStep(String sessionId, Object step, Reply next) {
        if (!steps.remove(sessionId, step)) {
            return false;
        }
        if (next != null) {
            bySession.put(sessionId, List.of(next));
            store.keepInMemory(sessionId);
        }
        store.letGo(sessionId);
        return true;
    }
}
