package dev.tidemark.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A conversation: a tree of messages under a title, and what it asks of the model. Immutable;
 * "with" methods return copies.
 *
 * <p>Every message has a parent ({@link Message#parentId()}, null for a first message); messages
 * with the same parent are <em>versions</em> of each other (an edited question, a regenerated
 * reply), in the order they were created. At each fork the session remembers the chosen version
 * (by default the newest), and {@link #messages()} is the <em>active path</em>: from the chosen
 * first message down through the chosen child of each message. {@link #allMessages()} is every
 * message, in creation order. Nothing is thrown away by editing or regenerating.
 *
 * <p>A fork can be <em>compared</em> ({@link #compared()}): one question sent to several models at
 * once, their replies shown side by side until one is chosen ("Use this one") or the conversation
 * goes on below one of them. In a compared fork the replies keep the order they were asked in
 * (by {@link Message#createdAt()}), and the first is the chosen one unless another was chosen.
 *
 * <p>{@code pinned}: shown at the top of the session list; {@code deletedAt}: when it was moved to
 * the trash, or null when it is not in the trash.
 */
public final class Session {

    /** The key of the first messages in {@link #choices()}. */
    private static final String ROOT = "";

    private final String id;
    private final String title;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final List<Message> all;
    private final Map<String, String> choices;
    private final SessionSettings settings;
    private final boolean pinned;
    private final Instant deletedAt;
    private final BranchOrigin branchedFrom;
    private final Set<String> compared;
    // derived from all and choices
    private final Map<String, Message> byId;
    private final Map<String, List<Message>> children;
    private final List<Message> path;

    /**
     * A tree: each message's parent is its {@link Message#parentId()} (null, or a parent not
     * among the messages before it, makes it a first message).
     *
     * @param all     every message, in creation order (a parent before its children)
     * @param choices the chosen child at a fork, by parent id (null key not allowed: see {@link #chosenAt})
     */
    public Session(String id, String title, Instant createdAt, Instant updatedAt, List<Message> all,
                   Map<String, String> choices, SessionSettings settings, boolean pinned, Instant deletedAt) {
        this(id, title, createdAt, updatedAt, all, choices, settings, pinned, deletedAt, null);
    }

    /**
     * A tree, as above, made by "Branch from here" when {@code branchedFrom} is not null.
     *
     * @param branchedFrom the chat and message this one was branched from, or null
     */
    public Session(String id, String title, Instant createdAt, Instant updatedAt, List<Message> all,
                   Map<String, String> choices, SessionSettings settings, boolean pinned, Instant deletedAt,
                   BranchOrigin branchedFrom) {
        this(id, title, createdAt, updatedAt, all, choices, settings, pinned, deletedAt, branchedFrom, Set.of());
    }

    /**
     * A tree, as above, with compared forks.
     *
     * @param compared the ids of messages whose replies are compared side by side (see {@link #compared()})
     */
    public Session(String id, String title, Instant createdAt, Instant updatedAt, List<Message> all,
                   Map<String, String> choices, SessionSettings settings, boolean pinned, Instant deletedAt,
                   BranchOrigin branchedFrom, Collection<String> compared) {
        this.branchedFrom = branchedFrom;
        this.id = Objects.requireNonNull(id, "id");
        this.title = Objects.requireNonNull(title, "title");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.settings = settings == null ? SessionSettings.DEFAULTS : settings;
        this.pinned = pinned;
        this.deletedAt = deletedAt;
        Map<String, Message> ids = new HashMap<>();
        Map<String, List<Message>> kids = new HashMap<>();
        List<Message> placed = new ArrayList<>(all.size());
        for (Message m : all) {
            if (ids.containsKey(m.id())) {
                continue; // one message per id: the first wins
            }
            if (m.parentId() != null && !ids.containsKey(m.parentId())) {
                m = m.withParent(null);
            }
            ids.put(m.id(), m);
            kids.computeIfAbsent(key(m.parentId()), k -> new ArrayList<>()).add(m);
            placed.add(m);
        }
        this.all = List.copyOf(placed);
        this.byId = ids;
        this.children = kids;
        Set<String> comparing = new java.util.LinkedHashSet<>();
        for (String parent : compared) {
            if (parent != null && ids.containsKey(parent)) {
                comparing.add(parent);
            }
        }
        this.compared = java.util.Collections.unmodifiableSet(comparing);
        // only choices that differ from the default (the newest child; the first in a compared fork) are kept: one form per tree
        Map<String, String> kept = new LinkedHashMap<>();
        choices.forEach((parent, child) -> {
            List<Message> siblings = kids.getOrDefault(parent, List.of());
            if (siblings.size() > 1 && !defaultAmong(parent, siblings).id().equals(child)
                    && siblings.stream().anyMatch(s -> s.id().equals(child))) {
                kept.put(parent, child);
            }
        });
        this.choices = Map.copyOf(kept);
        List<Message> active = new ArrayList<>();
        String at = ROOT;
        while (true) {
            Message next = chosenAmong(at);
            if (next == null) {
                break;
            }
            active.add(next);
            at = next.id();
        }
        this.path = List.copyOf(active);
    }

    /**
     * A conversation given as one line of messages: each follows the one before it (whatever
     * parent it names), the first is a first message. For a tree, see the constructor with choices.
     */
    public Session(String id, String title, Instant createdAt, Instant updatedAt, List<Message> messages,
                   SessionSettings settings, boolean pinned, Instant deletedAt) {
        this(id, title, createdAt, updatedAt, chained(messages), Map.of(), settings, pinned, deletedAt);
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

    private static List<Message> chained(List<Message> messages) {
        List<Message> chain = new ArrayList<>(messages.size());
        String previous = null;
        for (Message m : messages) {
            chain.add(m.withParent(previous));
            previous = m.id();
        }
        return chain;
    }

    private static String key(String parentId) {
        return parentId == null ? ROOT : parentId;
    }

    private Message chosenAmong(String parentKey) {
        List<Message> kids = children.get(parentKey);
        if (kids == null || kids.isEmpty()) {
            return null;
        }
        String chosen = choices.get(parentKey);
        if (chosen != null) {
            Message m = byId.get(chosen);
            if (m != null) {
                return m;
            }
        }
        return defaultAmong(parentKey, kids);
    }

    /** The version chosen when none was: the newest, or the first asked in a compared fork. */
    private Message defaultAmong(String parentKey, List<Message> kids) {
        return compared.contains(parentKey) ? kids.get(0) : kids.get(kids.size() - 1);
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The active path: what is shown, and what is sent to the model. */
    public List<Message> messages() {
        return path;
    }

    /** Every message, every version, in creation order. */
    public List<Message> allMessages() {
        return all;
    }

    /** The chosen child at each fork where it is not the newest, by parent id ("" for the first messages). */
    public Map<String, String> choices() {
        return choices;
    }

    public SessionSettings settings() {
        return settings;
    }

    public boolean pinned() {
        return pinned;
    }

    public Instant deletedAt() {
        return deletedAt;
    }

    public Optional<Message> message(String messageId) {
        return Optional.ofNullable(messageId == null ? null : byId.get(messageId));
    }

    public boolean hasMessage(String messageId) {
        return messageId != null && byId.containsKey(messageId);
    }

    /** The children of a message (null: the first messages), in creation order. */
    public List<Message> children(String parentId) {
        return List.copyOf(children.getOrDefault(key(parentId), List.of()));
    }

    /** The chosen child of a message (null: the chosen first message), if it has any. */
    public Optional<Message> chosenAt(String parentId) {
        return Optional.ofNullable(chosenAmong(key(parentId)));
    }

    /** Which version a message is among its siblings, 1-based in creation order; 0 when it is not here. */
    public int version(String messageId) {
        Message m = byId.get(messageId);
        return m == null ? 0 : children.get(key(m.parentId())).indexOf(m) + 1;
    }

    /** How many versions a message has (its siblings and itself); 0 when it is not here. */
    public int versions(String messageId) {
        Message m = byId.get(messageId);
        return m == null ? 0 : children.get(key(m.parentId())).size();
    }

    /** The messages from the first down to this one; empty when it is not here. */
    public List<Message> pathTo(String messageId) {
        List<Message> up = new ArrayList<>();
        Message m = byId.get(messageId);
        while (m != null) {
            up.add(0, m);
            m = m.parentId() == null ? null : byId.get(m.parentId());
        }
        return up;
    }

    public Session withSettings(SessionSettings newSettings, Instant at) {
        return new Session(id, title, createdAt, latest(updatedAt, at), all, choices, newSettings, pinned, deletedAt, branchedFrom, compared);
    }

    /**
     * Replaces the message with the same id in place (keeping its parent when the new one names
     * none), or adds it: as a child of its {@link Message#parentId()}, or with none, after the end
     * of the active path. A new message becomes the chosen version at its parent.
     */
    public Session withMessage(Message message, Instant at) {
        Message old = byId.get(message.id());
        if (old != null) {
            Message placed = message.parentId() == null ? message.withParent(old.parentId()) : message;
            List<Message> copy = new ArrayList<>(all);
            copy.set(copy.indexOf(old), placed);
            return new Session(id, title, createdAt, latest(updatedAt, at), copy, choices, settings, pinned,
                    deletedAt, branchedFrom, compared);
        }
        String parent = message.parentId() != null ? message.parentId()
                : path.isEmpty() ? null : path.get(path.size() - 1).id();
        return withChild(parent, message, at);
    }

    /**
     * Adds a message as a new child of {@code parentId} (null: a new first message), a version
     * beside its existing children, and makes the active path run through it (it is chosen at its
     * fork, and so is each message above it).
     */
    public Session withChild(String parentId, Message message, Instant at) {
        if (parentId != null && !byId.containsKey(parentId)) {
            throw new IllegalArgumentException("There is no message " + parentId + " in this chat.");
        }
        List<Message> copy = new ArrayList<>(all);
        if (parentId != null && compared.contains(parentId)) {
            // one more reply beside the others, in the order they were asked; the choice stays as it is
            int position = copy.size();
            for (Message sibling : children.getOrDefault(parentId, List.of())) {
                if (sibling.createdAt().isAfter(message.createdAt())) {
                    position = copy.indexOf(sibling);
                    break;
                }
            }
            copy.add(position, message.withParent(parentId));
            return new Session(id, title, createdAt, latest(updatedAt, at), copy, choices, settings, pinned, deletedAt,
                    branchedFrom, compared);
        }
        copy.add(message.withParent(parentId));
        return new Session(id, title, createdAt, latest(updatedAt, at), copy, choices, settings, pinned, deletedAt, branchedFrom, compared)
                .withActive(message.id());
    }

    /** Adds a message as a child of {@code afterId} (a first message when it is null or absent). */
    public Session withMessageAfter(String afterId, Message message, Instant at) {
        return withChild(afterId != null && byId.containsKey(afterId) ? afterId : null, message, at);
    }

    /**
     * Makes the active path run through this message: it becomes the chosen version at its fork,
     * and so does each message above it. Below it, the choices made before stay. The time it was
     * last updated does not change.
     */
    public Session withActive(String messageId) {
        Map<String, String> chosen = new HashMap<>(choices);
        Set<String> comparing = new HashSet<>(compared);
        for (Message m : pathTo(messageId)) {
            chosen.put(key(m.parentId()), m.id());
            comparing.remove(key(m.parentId())); // a reply chosen, or the conversation going on below one: compared no more
        }
        return new Session(id, title, createdAt, updatedAt, all, chosen, settings, pinned, deletedAt, branchedFrom, comparing);
    }

    /**
     * The message's replies are compared side by side from now on: each reply added below it keeps
     * the order it was asked in, and the first stays chosen, until one is chosen with {@link
     * #withActive} or a message is added below one of them.
     */
    public Session withCompared(String messageId) {
        if (!byId.containsKey(messageId)) {
            throw new IllegalArgumentException("There is no message " + messageId + " in this chat.");
        }
        Set<String> comparing = new java.util.LinkedHashSet<>(compared);
        comparing.add(messageId);
        return new Session(id, title, createdAt, updatedAt, all, choices, settings, pinned, deletedAt, branchedFrom, comparing);
    }

    /**
     * The messages whose replies are compared side by side (one question sent to several models),
     * until one reply is chosen or the conversation goes on below one of them. Empty in most chats.
     */
    public Set<String> compared() {
        return compared;
    }

    /** True when this message's replies are compared side by side (see {@link #compared()}). */
    public boolean isCompared(String messageId) {
        return messageId != null && compared.contains(messageId);
    }

    /** Without the messages with these ids; their children move up to the parent of the removed one. */
    public Session without(Collection<String> messageIds, Instant at) {
        Set<String> gone = new HashSet<>(messageIds);
        gone.retainAll(byId.keySet());
        if (gone.isEmpty()) {
            return this;
        }
        List<Message> kept = new ArrayList<>();
        for (Message m : all) {
            if (gone.contains(m.id())) {
                continue;
            }
            String parent = m.parentId();
            while (parent != null && gone.contains(parent)) {
                parent = byId.get(parent).parentId();
            }
            kept.add(m.withParent(parent));
        }
        Map<String, String> chosen = new HashMap<>(choices);
        chosen.keySet().removeAll(gone);
        chosen.values().removeAll(gone);
        return new Session(id, title, createdAt, latest(updatedAt, at), kept, chosen, settings, pinned, deletedAt, branchedFrom, compared);
    }

    /** The ids of the message with {@code messageId} and of every message after it on the active path. */
    public List<String> fromMessageOn(String messageId) {
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i).id().equals(messageId)) {
                return path.subList(i, path.size()).stream().map(Message::id).toList();
            }
        }
        return List.of();
    }

    public Session withTitle(String newTitle, Instant at) {
        return new Session(id, newTitle, createdAt, latest(updatedAt, at), all, choices, settings, pinned, deletedAt, branchedFrom, compared);
    }

    /** Pinned or not; the time it was last updated does not change. */
    public Session withPinned(boolean pin) {
        return new Session(id, title, createdAt, updatedAt, all, choices, settings, pin, deletedAt, branchedFrom, compared);
    }

    /** Moved to the trash at {@code at}, or out of it with null; the time it was last updated does not change. */
    public Session withDeletedAt(Instant at) {
        return new Session(id, title, createdAt, updatedAt, all, choices, settings, pinned, at, branchedFrom, compared);
    }

    /** The chat and message this chat was branched from ("Branch from here"), if it was. */
    public Optional<BranchOrigin> branchedFrom() {
        return Optional.ofNullable(branchedFrom);
    }

    /** The same chat, linked back to where it was branched from (null: not a branch). */
    public Session withBranchedFrom(BranchOrigin origin) {
        return new Session(id, title, createdAt, updatedAt, all, choices, settings, pinned, deletedAt, origin, compared);
    }

    /** The ids of this message and of every message below it (every version), parents before children. */
    public List<String> subtree(String messageId) {
        List<String> ids = new ArrayList<>();
        if (!byId.containsKey(messageId)) {
            return ids;
        }
        ids.add(messageId);
        for (int i = 0; i < ids.size(); i++) {
            children.getOrDefault(ids.get(i), List.of()).forEach(m -> ids.add(m.id()));
        }
        return ids;
    }

    public boolean inTrash() {
        return deletedAt != null;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Session s && pinned == s.pinned && id.equals(s.id) && title.equals(s.title)
                && createdAt.equals(s.createdAt) && updatedAt.equals(s.updatedAt) && all.equals(s.all)
                && choices.equals(s.choices) && settings.equals(s.settings) && Objects.equals(deletedAt, s.deletedAt)
                && Objects.equals(branchedFrom, s.branchedFrom) && compared.equals(s.compared);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, title, createdAt, updatedAt, all, choices, settings, pinned, deletedAt, branchedFrom, compared);
    }

    @Override
    public String toString() {
        return "Session[id=" + id + ", title=" + title + ", messages=" + all.size() + " (" + path.size()
                + " on the active path), pinned=" + pinned + ", deletedAt=" + deletedAt + "]";
    }
}
