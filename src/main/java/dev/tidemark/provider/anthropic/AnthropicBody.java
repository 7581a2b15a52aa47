package dev.tidemark.provider.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Role;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ToolWire;

import java.util.Base64;
import java.util.List;

/**
 * The body of a Messages request: the turns (attachments as blocks), the tools offered
 * ({@code tools: [{name, description, input_schema}]}), an assistant turn's calls as
 * {@code tool_use} blocks after its text, and their results as {@code tool_result} blocks first in
 * the user message that follows (a user message of their own when an assistant turn follows or
 * none does). Without tools offered, calls and results go as plain text ({@link ToolWire#asText}).
 * See {@code docs/providers.md}, "Tools on the wire".
 */
final class AnthropicBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicBody() {
    }

    static ObjectNode of(ChatRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", request.model());
        root.put("max_tokens",
                request.maxTokens() != null ? request.maxTokens() : AnthropicProvider.DEFAULT_MAX_TOKENS);
        if (request.temperature() != null) {
            root.put("temperature", Math.min(1.0, request.temperature())); // Anthropic accepts 0 to 1
        }
        root.put("stream", true);
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            root.put("system", request.systemPrompt());
        }
        ArrayNode messages = root.putArray("messages");
        List<ChatRequest.Turn> turns = request.messages();
        boolean calls = ToolWire.sendsCalls(request);
        ToolWire.Ids ids = ToolWire.Ids.anthropic();
        ArrayNode results = null; // tool_result blocks waiting for the next user message
        for (int i = 0; i < turns.size(); i++) {
            ChatRequest.Turn turn = turns.get(i);
            boolean toolTurn = turn.role() == Role.ASSISTANT && !turn.toolCalls().isEmpty();
            if (turn.role() == Role.USER && results != null) {
                blocks(results, turn);
                messages.addObject().put("role", "user").set("content", results);
                results = null;
                continue;
            }
            if (results != null) { // an assistant turn follows the results: they go in a user message of their own
                messages.addObject().put("role", "user").set("content", results);
                results = null;
            }
            ObjectNode message = messages.addObject().put("role", turn.role().wireName());
            if (toolTurn && calls) {
                ArrayNode content = message.putArray("content");
                if (!turn.text().isBlank()) {
                    content.addObject().put("type", "text").put("text", turn.text());
                }
                results = JSON.createArrayNode();
                for (int k = 0; k < turn.toolCalls().size(); k++) {
                    ChatRequest.ToolUse call = turn.toolCalls().get(k);
                    String id = ids.of(call.id(), i, k);
                    ObjectNode use = content.addObject().put("type", "tool_use").put("id", id)
                            .put("name", call.name());
                    use.set("input", ToolWire.argumentsObject(call.arguments()));
                    ObjectNode result = results.addObject().put("type", "tool_result").put("tool_use_id", id);
                    if (!call.result().isEmpty()) {
                        result.put("content", call.result());
                    }
                    if (call.error()) {
                        result.put("is_error", true);
                    }
                }
            } else if (toolTurn) {
                message.put("content", ToolWire.asText(turn));
            } else if (turn.parts().isEmpty()) {
                // a prefilled reply may not end in white space (the API refuses it)
                boolean prefill = request.continuation() && i == turns.size() - 1;
                message.put("content", prefill ? turn.text().stripTrailing() : turn.text());
            } else {
                blocks(message.putArray("content"), turn);
            }
        }
        if (results != null) {
            messages.addObject().put("role", "user").set("content", results);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ChatRequest.ToolSpec spec : request.tools()) {
                tools.addObject().put("name", spec.name()).put("description", spec.description())
                        .set("input_schema", ToolWire.schema(spec.inputSchema()));
            }
        }
        return root;
    }

    /**
     * A user turn's blocks: {@code image} and {@code document} blocks (base64) first — "Claude works
     * best when images come before text" — then text blocks, the typed text last. An empty typed
     * text is left out (the API refuses empty text blocks).
     */
    private static void blocks(ArrayNode content, ChatRequest.Turn turn) {
        for (ChatRequest.Part part : ChatRequest.filesFirst(turn.parts())) {
            if (part instanceof ChatRequest.Image image) {
                source(content.addObject().put("type", "image"), image.mediaType(), image.bytes());
            } else if (part instanceof ChatRequest.Document document) {
                source(content.addObject().put("type", "document"), document.mediaType(), document.bytes());
            } else if (part instanceof ChatRequest.Text text) {
                content.addObject().put("type", "text").put("text", text.text());
            }
        }
        if (!turn.text().isBlank()) {
            content.addObject().put("type", "text").put("text", turn.text());
        }
    }

    private static void source(ObjectNode block, String mediaType, byte[] bytes) {
        block.putObject("source").put("type", "base64").put("media_type", mediaType)
                .put("data", Base64.getEncoder().encodeToString(bytes));
    }
}
