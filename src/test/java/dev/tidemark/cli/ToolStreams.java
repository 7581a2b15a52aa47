package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Chat Completions streams as the service sends them when the model calls tools: the call's
 * id and name in the first chunk of its index, the arguments in pieces, then
 * {@code finish_reason: "tool_calls"} and {@code [DONE]}.
 */
final class ToolStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolStreams() {
    }

    /** A response calling one tool: {@code name} with {@code arguments} (JSON text), under {@code id}. */
    static SlowSseBody call(String id, String name, String arguments) {
        List<String> events = new ArrayList<>();
        events.add(chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":" + quote(id)
                + ",\"type\":\"function\",\"function\":{\"name\":" + quote(name) + ",\"arguments\":\"\"}}]}", null));
        int half = arguments.length() / 2; // the arguments come in two pieces, as they stream
        for (String piece : List.of(arguments.substring(0, half), arguments.substring(half))) {
            events.add(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(piece) + "}}]}", null));
        }
        events.add(chunk("{}", "tool_calls"));
        events.add("data: [DONE]\n\n");
        return new SlowSseBody(events, events.stream().map(e -> "").toList(), Duration.ZERO, false);
    }

    /** A response of plain text. */
    static MockResponse text(String... words) {
        return SlowSseBody.openAi(List.of(words), Duration.ZERO).response();
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-t1\",\"object\":\"chat.completion.chunk\",\"created\":1765100000,"
                + "\"model\":\"tool-model\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,"
                + "\"finish_reason\":" + (finish == null ? "null" : quote(finish)) + "}]}\n\n";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The messages of a request body whose role is {@code tool}. */
    static List<JsonNode> toolMessages(String body) throws Exception {
        List<JsonNode> tools = new ArrayList<>();
        for (JsonNode m : JSON.readTree(body).path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                tools.add(m);
            }
        }
        return tools;
    }

    /** {@code {"role": "tool", "tool_call_id": id, "content": content}}, as t-wire sends a result. */
    static JsonNode toolMessage(String id, String content) {
        ObjectNode m = JSON.createObjectNode().put("role", "tool").put("tool_call_id", id).put("content", content);
        return m;
    }

    /** The names of the tools a request offered. */
    static List<String> offered(String body) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode t : JSON.readTree(body).path("tools")) {
            names.add(t.path("function").path("name").asText());
        }
        return names;
    }
}
