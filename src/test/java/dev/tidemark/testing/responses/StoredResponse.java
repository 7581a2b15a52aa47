package dev.tidemark.testing.responses;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One response on the {@link ResponsesTestServer}: every event it will send, planned at creation
 * with the time (from creation) it falls due, on the server's own clock — whoever listens or not.
 * A cancel cuts the plan at that moment and ends it with {@code response.cancelled}.
 */
final class StoredResponse {

    /** One wire event: its sequence number, when it falls due (ms after creation), its type and JSON. */
    record Event(long seq, long dueMillis, String type, String json) {
        String wire() {
            return "event: " + type + "\ndata: " + json + "\n\n";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    final boolean background;
    final String model;
    final String text;
    private final long createdNanos = System.nanoTime();
    private final long createdAt = System.currentTimeMillis() / 1000;
    private final List<Event> planned = new ArrayList<>();
    private final ArrayNode output = JSON.createArrayNode();
    private int keep = -1; // cancelled: how many planned events were kept
    private Event cancelled;
    private boolean closed;

    StoredResponse(String id, boolean background, String model, Script script) {
        this.id = id;
        this.background = background;
        this.model = model;
        this.text = script.text();
        plan(script);
    }

    private void plan(Script script) {
        long interval = script.interval().toMillis();
        long[] clock = {0};
        int[] index = {0};
        add(0, "response.created", withResponse("in_progress"));
        add(0, "response.in_progress", withResponse("in_progress"));
        if (!script.reasoningPieces().isEmpty()) {
            String item = "rs_" + id.substring(5) + "0";
            int at = index[0]++;
            add(clock[0], "response.output_item.added", event().put("output_index", at)
                    .set("item", JSON.createObjectNode().put("id", item).put("type", "reasoning").putArray("summary")));
            StringBuilder all = new StringBuilder();
            for (String piece : script.reasoningPieces()) {
                clock[0] += interval;
                all.append(piece);
                add(clock[0], "response.reasoning_summary_text.delta", event().put("item_id", item)
                        .put("output_index", at).put("summary_index", 0).put("delta", piece));
            }
            add(clock[0], "response.reasoning_summary_text.done", event().put("item_id", item).put("output_index", at)
                    .put("summary_index", 0).put("text", all.toString()));
            ObjectNode done = JSON.createObjectNode().put("id", item).put("type", "reasoning");
            done.putArray("summary").addObject().put("type", "summary_text").put("text", all.toString());
            output.add(done);
            add(clock[0], "response.output_item.done", (ObjectNode) event().put("output_index", at).set("item", done));
        }
        if (!script.pieces().isEmpty()) {
            String item = "msg_" + id.substring(5) + "1";
            int at = index[0]++;
            ObjectNode added = JSON.createObjectNode().put("id", item).put("type", "message").put("status", "in_progress")
                    .put("role", "assistant");
            added.putArray("content");
            add(clock[0], "response.output_item.added", (ObjectNode) event().put("output_index", at).set("item", added));
            add(clock[0], "response.content_part.added", (ObjectNode) event().put("item_id", item).put("output_index", at)
                    .put("content_index", 0).set("part", part("")));
            for (String piece : script.pieces()) {
                clock[0] += interval;
                ObjectNode delta = event().put("item_id", item).put("output_index", at).put("content_index", 0)
                        .put("delta", piece);
                delta.putArray("logprobs");
                add(clock[0], "response.output_text.delta", delta);
            }
            String text = script.text();
            add(clock[0], "response.output_text.done", event().put("item_id", item).put("output_index", at)
                    .put("content_index", 0).put("text", text));
            add(clock[0], "response.content_part.done", (ObjectNode) event().put("item_id", item).put("output_index", at)
                    .put("content_index", 0).set("part", part(text)));
            ObjectNode done = JSON.createObjectNode().put("id", item).put("type", "message").put("status", "completed")
                    .put("role", "assistant");
            done.putArray("content").add(part(text));
            output.add(done);
            add(clock[0], "response.output_item.done", (ObjectNode) event().put("output_index", at).set("item", done));
        }
        if (script.callName() != null) {
            String item = "fc_" + id.substring(5) + "2";
            String callId = "call_" + id.substring(5);
            int at = index[0]++;
            add(clock[0], "response.output_item.added", (ObjectNode) event().put("output_index", at)
                    .set("item", call(item, callId, script.callName(), "", "in_progress")));
            StringBuilder all = new StringBuilder();
            for (String piece : script.callArguments()) {
                clock[0] += interval;
                all.append(piece);
                add(clock[0], "response.function_call_arguments.delta", event().put("item_id", item)
                        .put("output_index", at).put("delta", piece));
            }
            add(clock[0], "response.function_call_arguments.done", event().put("item_id", item).put("output_index", at)
                    .put("arguments", all.toString()));
            ObjectNode done = call(item, callId, script.callName(), all.toString(), "completed");
            output.add(done);
            add(clock[0], "response.output_item.done", (ObjectNode) event().put("output_index", at).set("item", done));
        }
        switch (script.end()) {
            case COMPLETED -> add(clock[0], "response.completed", withResponse("completed"));
            case INCOMPLETE -> add(clock[0], "response.incomplete", withResponse("incomplete"));
            case FAILED -> add(clock[0], "response.failed", withResponse("failed"));
        }
        ObjectNode terminal = response(script.end().name().toLowerCase(java.util.Locale.ROOT));
        if (script.end() == Script.End.INCOMPLETE) {
            terminal.putObject("incomplete_details").put("reason", script.endDetail());
        } else if (script.end() == Script.End.FAILED) {
            terminal.putObject("error").put("code", "server_error").put("message", script.endDetail());
        } else {
            ObjectNode usage = terminal.putObject("usage").put("input_tokens", 12)
                    .put("output_tokens", script.pieces().size() + script.reasoningPieces().size());
            usage.putObject("input_tokens_details").put("cached_tokens", 0);
            usage.putObject("output_tokens_details").put("reasoning_tokens", script.reasoningPieces().size());
            usage.put("total_tokens", 12 + script.pieces().size() + script.reasoningPieces().size());
        }
        terminal.set("output", output.deepCopy());
        Event last = planned.remove(planned.size() - 1);
        planned.add(new Event(last.seq(), last.dueMillis(), last.type(),
                event(last.type(), last.seq()).set("response", terminal).toString()));
    }

    private static ObjectNode event() {
        return JSON.createObjectNode();
    }

    private ObjectNode event(String type, long seq) {
        return JSON.createObjectNode().put("type", type).put("sequence_number", seq);
    }

    private ObjectNode withResponse(String status) {
        return (ObjectNode) event().set("response", response(status));
    }

    private void add(long due, String type, ObjectNode body) {
        long seq = planned.size();
        ObjectNode full = event(type, seq);
        full.setAll(body);
        planned.add(new Event(seq, due, type, full.toString()));
    }

    private static ObjectNode part(String text) {
        ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static ObjectNode call(String item, String callId, String name, String arguments, String status) {
        return JSON.createObjectNode().put("id", item).put("type", "function_call").put("status", status)
                .put("call_id", callId).put("name", name).put("arguments", arguments);
    }

    /** The response object as the service shows it, with this status. */
    ObjectNode response(String status) {
        ObjectNode response = JSON.createObjectNode().put("id", id).put("object", "response")
                .put("created_at", createdAt).put("status", status).put("background", background)
                .put("model", model).put("store", background);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.putArray("output");
        response.putNull("usage");
        return response;
    }

    private long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - createdNanos).toMillis();
    }

    private List<Event> effective() {
        if (cancelled == null) {
            return planned;
        }
        List<Event> out = new ArrayList<>(planned.subList(0, keep));
        out.add(cancelled);
        return out;
    }

    /**
     * Event {@code index} once it falls due (at once when it has), or null when the response has no
     * such event (it ended before it, or was cut by a cancel) or the server closed.
     */
    synchronized Event await(int index) throws InterruptedException {
        while (!closed) {
            List<Event> events = effective();
            if (index >= events.size()) {
                return null;
            }
            Event event = events.get(index);
            long wait = event.dueMillis() - elapsedMillis();
            if (wait <= 0) {
                return event;
            }
            wait(wait);
        }
        return null;
    }

    /** True once its terminal event is due: generating is over. */
    synchronized boolean generated() {
        List<Event> events = effective();
        return cancelled != null || events.get(events.size() - 1).dueMillis() <= elapsedMillis();
    }

    synchronized boolean isCancelled() {
        return cancelled != null;
    }

    /** Cuts the plan now and ends it with {@code response.cancelled}; false when it had already ended. */
    synchronized boolean cancel() {
        if (cancelled != null) {
            return true;
        }
        if (generated()) {
            return false;
        }
        long now = elapsedMillis();
        int kept = 0;
        while (kept < planned.size() && planned.get(kept).dueMillis() <= now) {
            kept++;
        }
        keep = kept;
        long seq = planned.get(kept - 1).seq() + 1;
        ObjectNode body = event("response.cancelled", seq);
        body.set("response", response("cancelled"));
        cancelled = new Event(seq, now, "response.cancelled", body.toString());
        notifyAll();
        return true;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** The response's status now, as {@code GET /responses/{id}} shows it. */
    synchronized String status() {
        if (cancelled != null) {
            return "cancelled";
        }
        if (!generated()) {
            return "in_progress";
        }
        String type = planned.get(planned.size() - 1).type();
        return type.substring("response.".length());
    }
}
