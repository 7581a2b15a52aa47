package dev.tidemark.session;

import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions held in memory: those changed and not saved yet (kept until their save is done),
 * and a small cache of those read or saved lately, the least recently used dropped first unless a
 * reply streams into it or someone keeps it (the chat on screen, a chat with a reply under way).
 * Not thread-safe: the store calls it under its lock.
 */
final class SessionCache {

    static final int SIZE = 32;

    private final Map<String, Session> unsaved = new HashMap<>();
    private final LinkedHashMap<String, Session> recent = new LinkedHashMap<>(64, 0.75f, true);
    /** How many keep each session in memory; changed without the store's lock (the FX thread must not wait on it). */
    private final Map<String, Integer> kept = new ConcurrentHashMap<>();

    /** The session if it is in memory, saved or not. */
    Session get(String id) {
        Session session = unsaved.get(id);
        return session != null ? session : recent.get(id);
    }

    /** Drops a session that is no longer in the store (a damaged file set aside). */
    void forget(String id) {
        recent.remove(id);
    }

    boolean contains(String id) {
        return unsaved.containsKey(id) || recent.containsKey(id);
    }

    /** The session in memory holding a message with this id, if any. */
    Optional<Session> holding(String messageId) {
        for (Map<String, Session> sessions : List.of(unsaved, recent)) {
            for (Session s : sessions.values()) {
                if (s.hasMessage(messageId)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /** Holds a changed session until {@link #saved} says its file has it. */
    void holdUnsaved(Session session) {
        unsaved.put(session.id(), session);
        recent.remove(session.id());
    }

    /** Every changed session waiting for its save. */
    java.util.Collection<Session> unsavedSessions() {
        return List.copyOf(unsaved.values());
    }

    /** The changed session waiting for its save, or null. */
    Session unsaved(String id) {
        return unsaved.get(id);
    }

    /** Its file now holds {@code session}; unless it changed again since, it becomes a cached one. */
    void saved(Session session) {
        if (unsaved.get(session.id()) == session) { // else changed again since: its own save follows
            unsaved.remove(session.id());
            remember(session);
        }
    }

    /** One more keeps {@code id} in memory once it is read: it is never dropped until let go. */
    void keep(String id) {
        kept.merge(id, 1, Integer::sum);
    }

    /** One keeper of {@code id} lets it go; with none left, it can be dropped again. */
    void letGo(String id) {
        kept.computeIfPresent(id, (key, count) -> count == 1 ? null : count - 1);
    }

    /** Keeps a session just read, dropping the least recently used beyond {@link #SIZE}. */
    void remember(Session session) {
        recent.put(session.id(), session);
        Iterator<Session> eldest = recent.values().iterator();
        int excess = recent.size() - SIZE;
        while (excess > 0 && eldest.hasNext()) {
            Session candidate = eldest.next();
            if (!streaming(candidate) && !kept.containsKey(candidate.id())) { // else in use: keep it at hand
                eldest.remove();
                excess--;
            }
        }
    }

    private static boolean streaming(Session session) {
        for (Message m : session.allMessages()) {
            if (m.status() == MessageStatus.STREAMING) {
                return true;
            }
        }
        return false;
    }
}
