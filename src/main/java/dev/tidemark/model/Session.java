package dev.tidemark.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversation: an ordered list of messages under a title, and what it asks of the model.
 * Immutable; "with" methods return copies.
 *
 * @param pinned    shown at the top of the session list
 * @param deletedAt when it was moved to the trash, or null when it is not in the trash
 */
public record Session(String id, String title, Instant createdAt, Instant updatedAt, List<Message> messages,
                      SessionSettings settings, boolean pinned, Instant deletedAt) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        messages = List.copyOf(messages);
        settings = settings == null ? SessionSettings.DEFAULTS : settings;
    }

    public Session(String id, String title, Instant createdAt, Instant updatedAt, List<Message> messages,
                   SessionSettings settings) {
        this(id, title, createdAt, updatedAt, messages, settings, false, null);
    }

    public Session(String id, String title, Instant createdAt, Instant updatedAt, List<Message> messages) {
        this(id, title, createdAt, updatedAt, messages, SessionSettings.DEFAULTS);
    }

    public static Session empty(String id, String title, Instant at) {
        return new Session(id, title, at, at, List.of());
    }

    public Session withSettings(SessionSettings newSettings, Instant at) {
        return new Session(id, title, createdAt, latest(updatedAt, at), messages, newSettings, pinned, deletedAt);
    }

    public Optional<Message> message(String messageId) {
        return messages.stream().filter(m -> m.id().equals(messageId)).findFirst();
    }

    public boolean hasMessage(String messageId) {
        return message(messageId).isPresent();
    }

    /** Appends a message, or replaces the message with the same id in place. */
    public Session withMessage(Message message, Instant at) {
        List<Message> copy = new ArrayList<>(messages);
        int index = indexOf(message.id());
        if (index >= 0) {
            copy.set(index, message);
        } else {
            copy.add(message);
        }
        return new Session(id, title, createdAt, latest(updatedAt, at), copy, settings, pinned, deletedAt);
    }

    /** Inserts a message right after {@code afterId} (at the start when it is null or absent). */
    public Session withMessageAfter(String afterId, Message message, Instant at) {
        List<Message> copy = new ArrayList<>(messages);
        int index = afterId == null ? -1 : indexOf(afterId);
        copy.add(index + 1, message);
        return new Session(id, title, createdAt, latest(updatedAt, at), copy, settings, pinned, deletedAt);
    }

    /** Without the messages with these ids. */
    public Session without(java.util.Collection<String> messageIds, Instant at) {
        List<Message> kept = messages.stream().filter(m -> !messageIds.contains(m.id())).toList();
        return kept.size() == messages.size() ? this
                : new Session(id, title, createdAt, latest(updatedAt, at), kept, settings, pinned, deletedAt);
    }

    /** The ids of the message with {@code messageId} and of every message after it. */
    public List<String> fromMessageOn(String messageId) {
        int index = indexOf(messageId);
        return index < 0 ? List.of() : messages.subList(index, messages.size()).stream().map(Message::id).toList();
    }

    public Session withTitle(String newTitle, Instant at) {
        return new Session(id, newTitle, createdAt, latest(updatedAt, at), messages, settings, pinned, deletedAt);
    }

    /** Pinned or not; the time it was last updated does not change. */
    public Session withPinned(boolean pin) {
        return new Session(id, title, createdAt, updatedAt, messages, settings, pin, deletedAt);
    }

    /** Moved to the trash at {@code at}, or out of it with null; the time it was last updated does not change. */
    public Session withDeletedAt(Instant at) {
        return new Session(id, title, createdAt, updatedAt, messages, settings, pinned, at);
    }

    public boolean inTrash() {
        return deletedAt != null;
    }

    private int indexOf(String messageId) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id().equals(messageId)) {
                return i;
            }
        }
        return -1;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
