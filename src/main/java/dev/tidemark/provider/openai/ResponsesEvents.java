package dev.tidemark.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.provider.SseStream;
import dev.tidemark.provider.StreamSink;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the Responses API's typed events ({@code event: <type>} + {@code data: <json>}, each with a
 * {@code sequence_number}, no {@code [DONE]}); owned by OkHttp's reader thread. Every event is
 * announced with {@link StreamSink#position} before its pieces; events numbered {@code <= after}
 * (a resume's {@code starting_after}) are dropped. Unknown types are ignored.
 *
 * <p>A function call's index is its item's {@code output_index}: known from every event of the
 * call, so a resume that never saw the call's {@code output_item.added} gives the same call the same
 * index; the order of the indexes is the order of the calls.
 */
final class ResponsesEvents implements SseStream.EventHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A resume the service refuses: it no longer has the reply (or never could re-join it). */
    static final String GONE = "The service no longer has this reply (it keeps background replies for about ten minutes;"
            + " %s answered HTTP %d), so the rest of it cannot be fetched and what arrived is kept.";

    private static final java.util.Set<String> TERMINAL = java.util.Set.of("response.completed",
            "response.incomplete", "response.failed", "response.cancelled", "error");

    private final String service;
    private final boolean background;
    private final long after;
    private final boolean resuming;
    private String responseId;
    /** Function calls by item id: their index, and whether any of their arguments were streamed. */
    private final Map<String, int[]> calls = new HashMap<>();
    private boolean sawCall;
    private String reasoningItem;
    private long reasoningPart = -1;

    /**
     * @param background the run is in the background: {@code response.created} reports its id
     * @param after      drop events numbered {@code <= after} (-1: none)
     * @param resuming   a re-join ({@code GET responses/{id}}): any loss of the connection is {@code lost}
     */
    ResponsesEvents(String service, boolean background, long after, boolean resuming) {
        this.service = service;
        this.background = background;
        this.after = after;
        this.resuming = resuming;
    }

    @Override
    public boolean started() {
        return background && responseId != null && !resuming;
    }

    @Override
    public boolean reattaching() {
        return resuming;
    }

    @Override
    public String refusal(int code) {
        if (resuming && (code == 400 || code == 404 || code == 410 || code == 501)) {
            return GONE.formatted(service, code);
        }
        return null;
    }

    @Override
    public void onEvent(String type, String data, StreamSink sink)
            throws SseStream.MalformedEventException, SseStream.ServerError {
        JsonNode event = parse(data);
        String name = type != null && !type.isEmpty() && !"message".equals(type) ? type : event.path("type").asText("");
        JsonNode seq = event.path("sequence_number");
        if (seq.isIntegralNumber()) {
            if (seq.asLong() > after) {
                sink.position(seq.asLong());
            } else if (!TERMINAL.contains(name)) {
                return; // already had: a resume's server sent it anyway
            } // a terminal event is never had before a resume: a server that finished may send it alone, numbered anew
        }
        switch (name) {
            case "response.created" -> {
                responseId = event.path("response").path("id").asText(null);
                if (background && responseId != null && !resuming) {
                    sink.remote(responseId);
                }
            }
            case "response.output_text.delta" -> sink.text(event.path("delta").asText(""));
            case "response.refusal.delta" -> sink.refusal(event.path("delta").asText(""));
            case "response.reasoning_summary_text.delta" -> reasoning(event, event.path("summary_index"), sink);
            case "response.reasoning_text.delta" -> reasoning(event, event.path("content_index"), sink);
            case "response.output_item.added" -> {
                JsonNode item = event.path("item");
                if ("function_call".equals(item.path("type").asText())) {
                    int[] call = call(item.path("id").asText(""), event.path("output_index").asInt(calls.size()));
                    String arguments = item.path("arguments").asText("");
                    call[1] |= arguments.isEmpty() ? 0 : 1;
                    sink.toolCall(call[0], item.path("call_id").asText(null), item.path("name").asText(null), arguments);
                }
            }
            case "response.function_call_arguments.delta" -> {
                int[] call = call(event.path("item_id").asText(""), event.path("output_index").asInt(0));
                call[1] = 1;
                sink.toolCall(call[0], null, null, event.path("delta").asText(""));
            }
            case "response.function_call_arguments.done" -> {
                int[] call = call(event.path("item_id").asText(""), event.path("output_index").asInt(0));
                if (call[1] == 0) { // a server that sends the arguments whole, never as deltas
                    call[1] = 1;
                    sink.toolCall(call[0], null, null, event.path("arguments").asText(""));
                }
            }
            case "response.completed" -> complete(event.path("response"), sink);
            case "response.incomplete" -> incomplete(event.path("response"), sink);
            case "response.failed" -> throw failed(event.path("response").path("error"));
            case "response.cancelled" -> sink.fail(service + " says this reply was cancelled."
                    + (sink.hasContent() ? " The reply so far is kept." : ""));
            case "error" -> throw failed(event.has("error") ? event.get("error") : event);
            default -> {
                // queued, in_progress, content_part.*, *.done and types added later: nothing to show
            }
        }
    }

    @Override
    public void onJsonBody(String json, StreamSink sink) throws SseStream.MalformedEventException, SseStream.ServerError {
        JsonNode response = parse(json);
        if (resuming) {
            // the whole reply, not the events after `after`: which part is new cannot be known
            sink.fail(service + " answered with the whole reply instead of streaming the rest of it, so Tidemark"
                    + " cannot add the rest in place; what arrived is kept.");
            return;
        }
        if (response.hasNonNull("error") && !"completed".equals(response.path("status").asText())) {
            throw failed(response.get("error"));
        }
        int index = 0;
        for (JsonNode item : response.path("output")) {
            switch (item.path("type").asText("")) {
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        if ("output_text".equals(part.path("type").asText())) {
                            sink.text(part.path("text").asText(""));
                        } else if ("refusal".equals(part.path("type").asText())) {
                            sink.refusal(part.path("refusal").asText(""));
                        }
                    }
                }
                case "reasoning" -> {
                    for (JsonNode part : item.path("summary")) {
                        sink.reasoning(part.path("text").asText(""));
                    }
                }
                case "function_call" -> sink.toolCall(index, item.path("call_id").asText(null),
                        item.path("name").asText(null), item.path("arguments").asText(""));
                default -> {
                }
            }
            index++;
        }
        switch (response.path("status").asText("")) {
            case "completed" -> complete(response, sink);
            case "incomplete" -> incomplete(response, sink);
            case "failed" -> throw failed(response.path("error"));
            default -> throw new SseStream.MalformedEventException("a JSON answer that is not a finished response");
        }
    }

    @Override
    public void onEndOfStream(StreamSink sink) {
        sink.lost("The connection closed before " + service + " finished the reply."
                + (sink.hasContent() ? " The reply so far is kept." : ""));
    }

    private int[] call(String itemId, int outputIndex) {
        sawCall = true;
        return calls.computeIfAbsent(itemId.isEmpty() ? "#" + outputIndex : itemId, k -> new int[] {outputIndex, 0});
    }

    /** Reasoning text; a new summary part of the same item starts a new paragraph. */
    private void reasoning(JsonNode event, JsonNode partIndex, StreamSink sink) {
        String item = event.path("item_id").asText("");
        long part = partIndex.asLong(0);
        String delta = event.path("delta").asText("");
        if (delta.isEmpty()) {
            return;
        }
        if (reasoningItem != null && (!item.equals(reasoningItem) || part != reasoningPart)) {
            delta = "\n\n" + delta;
        }
        reasoningItem = item;
        reasoningPart = part;
        sink.reasoning(delta);
    }

    private void complete(JsonNode response, StreamSink sink) {
        usage(response.path("usage"), sink);
        sink.done(sawCall || hasCall(response) ? "tool_calls" : "stop");
    }

    /** {@code response.incomplete}: the reason as the service gives it ({@code max_output_tokens}, {@code content_filter} …). */
    private static void incomplete(JsonNode response, StreamSink sink) {
        usage(response.path("usage"), sink);
        sink.done(response.path("incomplete_details").path("reason").asText("incomplete"));
    }

    private static boolean hasCall(JsonNode response) {
        for (JsonNode item : response.path("output")) {
            if ("function_call".equals(item.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void usage(JsonNode usage, StreamSink sink) {
        if (usage.isObject()) {
            sink.usage(usage.path("input_tokens").asLong(-1), usage.path("output_tokens").asLong(-1),
                    usage.path("output_tokens_details").path("reasoning_tokens").asLong(-1));
        }
    }

    private SseStream.ServerError failed(JsonNode error) {
        String message = error.isTextual() ? error.asText() : error.path("message").asText("");
        if (message.isBlank()) {
            message = "the reply failed";
        }
        String code = error.path("code").asText(error.path("type").asText(""));
        boolean retryable = code.contains("server_error") || code.contains("overloaded") || code.contains("unavailable");
        return new SseStream.ServerError(service + " reported an error: " + message
                + (message.endsWith(".") || message.endsWith("!") ? "" : "."), retryable);
    }

    private static JsonNode parse(String data) throws SseStream.MalformedEventException {
        try {
            JsonNode node = JSON.readTree(data);
            if (node == null || !node.isObject()) {
                throw new SseStream.MalformedEventException("not a JSON object: " + OpenAiProvider.abbreviate(data));
            }
            return node;
        } catch (IOException e) {
            throw new SseStream.MalformedEventException("not JSON: " + OpenAiProvider.abbreviate(data));
        }
    }
}
