package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.Message;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ChatGPT conversation's whole tree ({@code mapping}: node id → {message, parent, children}),
 * read from its root down every branch ({@link ChatGptTurn}), into the messages of a session with
 * their parents: an edited question or a regenerated answer becomes a version beside the others,
 * in the order of its parent's {@code children}. Each node is read once; a branch's reading is
 * copied where it forks. The messages of the branch ChatGPT showed (the nodes from the root to
 * {@code current_node}) give the session's active path.
 */
final class ChatGptTree {

    private static final String ROOT = "";

    private final String label;
    private final Set<String> shown;
    private final Map<String, Message> placed = new LinkedHashMap<>();
    private String shownEnd;
    private int images;

    /**
     * @param label names the conversation in a problem
     * @param shown the ids of the nodes of the branch ChatGPT showed
     */
    ChatGptTree(String label, Set<String> shown) {
        this.label = label;
        this.shown = shown;
    }

    /**
     * Every message of the conversation, a parent before its children, siblings in the order
     * ChatGPT made them.
     *
     * @throws Importer.Problem naming a node that is not an object, a parent that is not in the
     *                          mapping, or parents that form a loop
     */
    List<Message> read(JsonNode mapping, Instant created) throws Importer.Problem {
        Map<String, List<String>> children = children(mapping);
        Deque<Step> todo = new ArrayDeque<>();
        push(todo, children.getOrDefault(ROOT, List.of()), new ChatGptTurn(this, label, created));
        Set<String> read = new HashSet<>();
        while (!todo.isEmpty()) {
            Step step = todo.pop();
            read.add(step.node);
            JsonNode message = mapping.get(step.node).get("message");
            if (message != null && message.isObject()) {
                step.turn.add(step.node, message);
            }
            List<String> below = children.getOrDefault(step.node, List.of());
            if (below.isEmpty()) {
                step.turn.finish();
            } else {
                push(todo, below, step.turn);
            }
        }
        if (read.size() < mapping.size()) {
            for (var it = mapping.fieldNames(); it.hasNext(); ) {
                String node = it.next();
                if (!read.contains(node)) {
                    throw new Importer.Problem(label + ": its messages' parents form a loop at node " + node);
                }
            }
        }
        return new ArrayList<>(placed.values());
    }

    /** The last message of the branch ChatGPT showed; null when it shows none. */
    String shownEnd() {
        return shownEnd;
    }

    /** How many images the conversation held (each left out, its place marked in the text). */
    int images() {
        return images;
    }

    void imageLeftOut() {
        images++;
    }

    /**
     * Places a message read on a branch and returns its id. The same message reached again on
     * another branch (a turn that ended where the branches parted) is placed once.
     *
     * @param last the node that completed it: when it is on the branch ChatGPT showed, so is the message
     */
    String place(Message message, String last) {
        Message same = placed.get(message.id());
        if (message.equals(same)) {
            return same.id(); // placed, and marked as shown or not, when it was first reached
        }
        Message kept = message;
        if (same != null) { // never expected: the versions of a turn take their own ids
            int n = 2;
            while (placed.containsKey(message.id() + "-" + n)) {
                n++;
            }
            kept = new Message(message.id() + "-" + n, message.role(), message.text(), message.status(),
                    message.createdAt(), message.model(), message.detail(), message.reasoning(), message.toolCalls(),
                    message.gap(), message.stats(), message.parentId(), message.attachments());
        }
        placed.put(kept.id(), kept);
        if (shown.contains(last)) {
            // a parent is placed before its children: of the shown branch's messages, the last placed is the deepest
            shownEnd = kept.id();
        }
        return kept.id();
    }

    /** Each node's children (ROOT: the nodes without a parent) in the order of the parent's {@code children}. */
    private Map<String, List<String>> children(JsonNode mapping) throws Importer.Problem {
        Map<String, List<String>> children = new HashMap<>();
        for (var it = mapping.fields(); it.hasNext(); ) {
            var entry = it.next();
            JsonNode node = entry.getValue();
            if (!node.isObject()) {
                throw new Importer.Problem(label + ": node " + entry.getKey() + " is " + ChatGptImport.kind(node)
                        + ", not an object");
            }
            JsonNode parent = node.get("parent");
            String parentId = parent == null || parent.isNull() ? ROOT : parent.asText();
            if (!parentId.equals(ROOT) && !mapping.has(parentId)) {
                throw new Importer.Problem(label + ": node " + entry.getKey() + " names the parent " + parentId
                        + ", which is not in its mapping");
            }
            children.computeIfAbsent(parentId, k -> new ArrayList<>()).add(entry.getKey());
        }
        for (Map.Entry<String, List<String>> e : children.entrySet()) {
            if (e.getValue().size() > 1 && !e.getKey().equals(ROOT)) {
                Map<String, Integer> order = new HashMap<>();
                JsonNode listed = mapping.get(e.getKey()).path("children");
                for (int i = 0; i < listed.size(); i++) {
                    order.putIfAbsent(listed.get(i).asText(), i);
                }
                // stable: those the parent does not list come last, in the mapping's order
                e.getValue().sort(Comparator.comparingInt(child -> order.getOrDefault(child, Integer.MAX_VALUE)));
            }
        }
        return children;
    }

    /** The children to read next, the first on top; each branch after the first reads a copy. */
    private static void push(Deque<Step> todo, List<String> children, ChatGptTurn turn) {
        if (children.size() > 1) {
            turn.fork();
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            todo.push(new Step(children.get(i), i == 0 ? turn : turn.copy()));
        }
    }

    private record Step(String node, ChatGptTurn turn) {
    }
}
