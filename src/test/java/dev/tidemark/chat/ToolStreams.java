package dev.tidemark.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Model responses as each service streams them (the shapes of the recorded real streams
 * {@code openai/2018feb66ae1.sse} and {@code anthropic/tool_use_response.sse} in
 * {@code ../shared/fixtures/real-streams}): tool calls whose arguments arrive in pieces, or text.
 */
final class ToolStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A call: its id, the name it calls, its arguments (JSON text). */
    record Call(String id, String name, String arguments) {
    }

    private ToolStreams() {
    }

    /** OpenAI: the calls' first chunks, then their arguments in two halves, interleaved across calls, then finish_reason tool_calls. */
    static String openAiCalls(Call... calls) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < calls.length; i++) {
            ObjectNode call = JSON.createObjectNode().put("index", i).put("id", calls[i].id()).put("type", "function");
            call.putObject("function").put("name", calls[i].name()).put("arguments", "");
            ObjectNode delta = JSON.createObjectNode().put("role", "assistant").putNull("content");
            delta.putArray("tool_calls").add(call);
            out.append(openAiChunk(delta, null));
        }
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < calls.length; i++) {
                String args = calls[i].arguments();
                String piece = half == 0 ? args.substring(0, args.length() / 2) : args.substring(args.length() / 2);
                ObjectNode call = JSON.createObjectNode().put("index", i);
                call.putObject("function").put("arguments", piece);
                ObjectNode delta = JSON.createObjectNode();
                delta.putArray("tool_calls").add(call);
                out.append(openAiChunk(delta, null));
            }
        }
        out.append(openAiChunk(JSON.createObjectNode(), "tool_calls"));
        return out.append("data: [DONE]\n\n").toString();
    }

    /** OpenAI: an answer in text. */
    static String openAiText(String text) {
        StringBuilder out = new StringBuilder();
        out.append(openAiChunk(JSON.createObjectNode().put("role", "assistant").put("content", ""), null));
        out.append(openAiChunk(JSON.createObjectNode().put("content", text), null));
        out.append(openAiChunk(JSON.createObjectNode(), "stop"));
        return out.append("data: [DONE]\n\n").toString();
    }

    private static String openAiChunk(ObjectNode delta, String finish) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion.chunk")
                .put("created", 1727346182).put("model", "gpt-4o-2024-08-06");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return "data: " + chunk + "\n\n";
    }

    /** Anthropic: a text block, then one tool_use block per call (input_json_delta in two pieces), stop_reason tool_use. */
    static String anthropicCalls(String text, Call... calls) {
        List<String> events = new ArrayList<>();
        events.add(messageStart());
        int index = 0;
        if (!text.isEmpty()) {
            events.addAll(textBlock(index++, text));
        }
        for (Call c : calls) {
            ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            ObjectNode block = start.putObject("content_block").put("type", "tool_use").put("id", c.id())
                    .put("name", c.name());
            block.putObject("input");
            events.add(event("content_block_start", start));
            String args = c.arguments();
            for (String piece : List.of("", args.substring(0, args.length() / 2), args.substring(args.length() / 2))) {
                ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                events.add(event("content_block_delta", delta));
            }
            events.add(event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                    .put("index", index)));
            index++;
        }
        events.addAll(messageEnd("tool_use"));
        return String.join("", events);
    }

    /** Anthropic: an answer in text. */
    static String anthropicText(String text) {
        List<String> events = new ArrayList<>();
        events.add(messageStart());
        events.addAll(textBlock(0, text));
        events.addAll(messageEnd("end_turn"));
        return String.join("", events);
    }

    private static String messageStart() {
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", "msg_test").put("type", "message")
                .put("role", "assistant").put("model", "claude-sonnet-4-20250514");
        message.putArray("content");
        message.putNull("stop_reason");
        message.putObject("usage").put("input_tokens", 377).put("output_tokens", 1);
        return event("message_start", start);
    }

    private static List<String> textBlock(int index, String text) {
        ObjectNode start = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        start.putObject("content_block").put("type", "text").put("text", "");
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        return List.of(event("content_block_start", start), event("content_block_delta", delta),
                event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", index)));
    }

    private static List<String> messageEnd(String stopReason) {
        ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", 42);
        return List.of(event("message_delta", delta),
                event("message_stop", JSON.createObjectNode().put("type", "message_stop")));
    }

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }
}
