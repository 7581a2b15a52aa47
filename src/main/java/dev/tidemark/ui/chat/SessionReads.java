package dev.tidemark.ui.chat;

import dev.tidemark.chat.ChatService;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionSummary;

import java.util.Optional;

/** How the conversation reads a session to show it, and why a session shown cannot be changed. */
final class SessionReads {

    private SessionReads() {
    }

    /** What the background read of a session found. */
    record Loaded(Optional<Session> session, RuntimeException error) {
    }

    /** On the background executor: the session as the store holds it, reading its file if need be. */
    static Loaded read(ChatService chat, String id) {
        try {
            return new Loaded(chat.store().get(id), null);
        } catch (RuntimeException e) {
            return new Loaded(Optional.empty(), e);
        }
    }

    /** Why this session is shown read-only (a damaged file, one from a newer Tidemark), or null. */
    static String readOnlyReason(ChatService chat, String id) {
        return chat.store().summary(id).filter(SessionSummary::readOnly)
                .map(s -> s.damaged()
                        ? "This chat's file is damaged: what could be read of it is shown, read-only. Tidemark"
                        + " leaves the file as it is (" + s.problem() + ")."
                        : "This chat was saved by a newer Tidemark; it is shown read-only and never changed.")
                .orElse(null);
    }
}
