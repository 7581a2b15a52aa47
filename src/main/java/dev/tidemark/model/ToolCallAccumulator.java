package dev.tidemark.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds tool calls from their streamed fragments, keyed by index: the id and name come with the
 * first fragment (a repeated id replaces, never concatenates), arguments are concatenated.
 * Not thread-safe; owned by whoever owns the reply being built.
 */
public final class ToolCallAccumulator {

    private static final class Call {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
    }

    private final Map<Integer, Call> calls = new TreeMap<>();

    public void add(int index, String id, String name, String argumentsDelta) {
        Call call = calls.computeIfAbsent(index, i -> new Call());
        if (id != null && !id.isEmpty()) {
            call.id = id;
        }
        if (name != null && !name.isEmpty()) {
            call.name = name;
        }
        if (argumentsDelta != null) {
            call.arguments.append(argumentsDelta);
        }
    }

    public boolean isEmpty() {
        return calls.isEmpty();
    }

    public List<ToolCall> calls() {
        List<ToolCall> out = new ArrayList<>(calls.size());
        for (Call c : calls.values()) {
            out.add(new ToolCall(c.id, c.name, c.arguments.toString()));
        }
        return out;
    }
}
