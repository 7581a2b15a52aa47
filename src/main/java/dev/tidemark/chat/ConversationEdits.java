package dev.tidemark.chat;

import dev.tidemark.model.BranchOrigin;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.session.SessionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Changes to a conversation's tree that make or use another chat: "Branch from here" (a new chat
 * with the path up to a message) and Delete with Undo (a message and every version below it, with
 * a copy in the trash first). Both wait for the store to write to disk: call them off the FX thread.
 */
public final class ConversationEdits {

    /**
     * What a delete removed, for its Undo: the messages (in creation order), every message id of the
     * session before, in creation order (so the versions keep their numbers), and whether the
     * deleted message was on the active path, and the versions chosen at the forks below it.
     *
     * @param trashId the chat in the trash holding a copy of the deleted messages
     */
    public record Deleted(String sessionId, String messageId, List<Message> messages, List<String> orderBefore,
                          boolean wasActive, Map<String, String> choicesBelow, String trashId) {
    }

    private final ChatService chat;
    private final SessionStore store;
    private final Clock clock;
    private final Supplier<String> ids;

    ConversationEdits(ChatService chat, SessionStore store, Clock clock, Supplier<String> ids) {
        this.chat = chat;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    /** The title of a chat branched from one with this title. */
    public static String branchTitle(String title) {
        return title + " (branch)";
    }

    /**
     * A new chat whose messages are a copy of the path from the first message down to this one
     * (with new ids), titled after the original and linked back to it. Written to disk before it
     * returns.
     *
     * @throws IllegalArgumentException when there is no such session or message
     * @throws IllegalStateException    when the new chat could not be saved, in words
     */
    public Session branchFrom(String sessionId, String messageId) {
        Session original = existing(sessionId);
        List<Message> path = original.pathTo(messageId);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("That message is no longer in this chat.");
        }
        Instant now = clock.instant();
        Session branch = new Session(ids.get(), branchTitle(original.title()), now, now, copied(path, Map.of()),
                Map.of(), original.settings(), false, null, new BranchOrigin(sessionId, messageId));
        store.put(branch);
        flush("Could not save the new chat");
        return branch;
    }

    /**
     * Deletes a message and every message below it (all their versions). A copy of them goes to the
     * trash first, as a chat of its own, and is on disk before anything is deleted, so a crash at any
     * moment loses nothing. Where the message was on the active path, the path falls back to
     * another version, else ends at its parent. Stops the reply streaming there, if any.
     *
     * @throws IllegalArgumentException when there is no such session or message
     * @throws IllegalStateException    when the copy could not be saved (then nothing is deleted)
     */
    public Deleted deleteWithVersions(String sessionId, String messageId) {
        Session session = existing(sessionId);
        List<String> gone = session.subtree(messageId);
        if (gone.isEmpty()) {
            throw new IllegalArgumentException("That message is no longer in this chat.");
        }
        Set<String> goneSet = new HashSet<>(gone);
        List<Message> removed = session.allMessages().stream().filter(m -> goneSet.contains(m.id())).toList();
        Instant now = clock.instant();
        Map<String, String> newIds = new HashMap<>();
        Session copy = new Session(ids.get(), "Deleted from \u201c" + session.title() + "\u201d", now, now,
                copied(removed, newIds), Map.of(), session.settings(), false, now, null);
        store.put(copy);
        flush("Could not delete: the copy for the trash could not be saved");
        boolean wasActive = session.messages().stream().anyMatch(m -> m.id().equals(messageId));
        chat.deleteMessages(sessionId, gone);
        Map<String, String> choicesBelow = new HashMap<>(session.choices());
        choicesBelow.keySet().retainAll(goneSet);
        return new Deleted(sessionId, messageId, removed,
                session.allMessages().stream().map(Message::id).toList(), wasActive, Map.copyOf(choicesBelow),
                copy.id());
    }

    /**
     * Puts deleted messages back where they were (the same versions, in the same order, the
     * versions chosen below them; the active path through them again if it ran through them), and
     * waits until that is on disk. They come back under new ids: the journal's record of their
     * deletion names the old ones, so a recovery before its next checkpoint cannot delete them
     * again. Their copy stays in the trash.
     *
     * @throws IllegalStateException when the session could not be saved (the copy in the trash still holds them)
     */
    public Session undo(Deleted deleted) {
        Map<String, String> newIds = new HashMap<>();
        deleted.messages().forEach(m -> newIds.put(m.id(), ids.get()));
        Session restored = store.update(deleted.sessionId(), s -> restored(s, deleted, newIds));
        flush("Could not save the messages put back; they are also in the trash");
        return restored;
    }

    static Session restored(Session s, Deleted deleted, Map<String, String> newIds) {
        Map<String, Message> back = new LinkedHashMap<>();
        deleted.messages().forEach(m -> back.put(m.id(), renamed(m, newIds)));
        List<Message> all = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String id : deleted.orderBefore()) {
            Message m = s.message(id).orElse(back.get(id));
            if (m != null && placed.add(m.id())) {
                all.add(m);
            }
        }
        s.allMessages().stream().filter(m -> placed.add(m.id())).forEach(all::add);
        Map<String, String> choices = new HashMap<>(s.choices());
        deleted.choicesBelow().forEach((parent, child) ->
                choices.put(newIds.getOrDefault(parent, parent), newIds.getOrDefault(child, child)));
        Session restored = new Session(s.id(), s.title(), s.createdAt(), s.updatedAt(), all, choices,
                s.settings(), s.pinned(), s.deletedAt(), s.branchedFrom().orElse(null));
        return deleted.wasActive() ? restored.withActive(newIds.get(deleted.messageId())) : restored;
    }

    private static Message renamed(Message m, Map<String, String> newIds) {
        return new Message(newIds.get(m.id()), m.role(), m.text(), m.status(), m.createdAt(), m.model(), m.detail(),
                m.reasoning(), m.toolCalls(), m.gap(), m.stats(), newIds.getOrDefault(m.parentId(), m.parentId()),
                m.attachments());
    }

    /** The messages with new ids, each still following the copy of its parent (the first: none). */
    private List<Message> copied(List<Message> messages, Map<String, String> newIds) {
        Map<String, String> renamed = new HashMap<>(newIds);
        List<Message> copies = new ArrayList<>();
        for (Message m : messages) {
            String id = ids.get();
            renamed.put(m.id(), id);
            copies.add(new Message(id, m.role(), m.text(), m.status(), m.createdAt(), m.model(), m.detail(),
                    m.reasoning(), m.toolCalls(), m.gap(), m.stats(), renamed.get(m.parentId()), m.attachments()));
        }
        return copies;
    }

    private void flush(String what) {
        try {
            store.flush().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " (" + cause.getMessage() + ").", e);
        }
    }

    private Session existing(String sessionId) {
        return store.get(sessionId)
                .orElseThrow(() -> new IllegalArgumentException("There is no session " + sessionId + "."));
    }
}
