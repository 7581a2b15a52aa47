package dev.tidemark.provider.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Role;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ToolWire;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The body of a Responses API request ({@code POST /responses}): the conversation as input items,
 * stateless (no {@code previous_response_id}), so that branches, regenerate and edits work as with
 * Chat Completions. See {@code docs/providers.md}, "The Responses API".
 *
 * <ul>
 *   <li>the system prompt as {@code instructions} (the API's own field for it: every server that
 *       speaks {@code /responses} takes it, and it is not an item of the conversation);</li>
 *   <li>user turns as {@code message} items with {@code input_text}, {@code input_image} (data URL)
 *       and {@code input_file} ({@code filename} + {@code file_data} data URL; never an image) parts;</li>
 *   <li>assistant turns as {@code message} items with {@code output_text}, their tool calls as
 *       {@code function_call} items followed by one {@code function_call_output} per call (as plain
 *       text in the assistant's message when no tools are offered, as {@link ToolWire#asText});</li>
 *   <li>tools flat: {@code {type: function, name, description, parameters}};</li>
 *   <li>{@code store: false}, unless the run is in the background: then {@code background: true,
 *       store: true} (the service keeps it so that it can be re-joined); always {@code stream: true};</li>
 *   <li>{@code reasoning: {summary: auto}} for reasoning models only (others refuse it).</li>
 * </ul>
 */
final class ResponsesBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** OpenAI's reasoning models (o1, o3, o4-mini, gpt-5 … but not gpt-5-chat), by the start of the id. */
    private static final Pattern REASONING_MODEL = Pattern.compile("(o[1-9]\\d*(-.*)?|gpt-5(?!-chat).*|codex-.*)");

    private ResponsesBody() {
    }

    static ObjectNode of(ChatRequest request, boolean background) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", request.model());
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            root.put("instructions", request.systemPrompt());
        }
        ArrayNode input = root.putArray("input");
        boolean calls = ToolWire.sendsCalls(request);
        ToolWire.Ids ids = ToolWire.Ids.openAi();
        int index = 0;
        for (ChatRequest.Turn turn : request.messages()) {
            if (turn.role() == Role.ASSISTANT) {
                assistant(input, turn, calls, ids, index);
            } else {
                user(input.addObject().put("type", "message").put("role", "user").putArray("content"), turn);
            }
            index++;
        }
        if (request.continuation()) {
            input.addObject().put("type", "message").put("role", "user").putArray("content").addObject()
                    .put("type", "input_text").put("text", ChatRequest.CONTINUE_PROMPT);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ChatRequest.ToolSpec spec : request.tools()) {
                tools.addObject().put("type", "function").put("name", spec.name())
                        .put("description", spec.description())
                        .set("parameters", ToolWire.schema(spec.inputSchema()));
            }
        }
        if (request.temperature() != null) {
            root.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            root.put("max_output_tokens", request.maxTokens());
        }
        if (reasoningModel(request.model())) {
            root.putObject("reasoning").put("summary", "auto");
        }
        root.put("stream", true);
        if (background) {
            root.put("background", true);
            root.put("store", true);
        } else {
            root.put("store", false);
        }
        return root;
    }

    /** True for the models that reason and can summarise it (o-series, gpt-5 …), by their id. */
    static boolean reasoningModel(String model) {
        String id = model.strip().toLowerCase(Locale.ROOT);
        int slash = id.lastIndexOf('/'); // "openai/o3" on routers
        return REASONING_MODEL.matcher(slash >= 0 ? id.substring(slash + 1) : id).matches();
    }

    private static void assistant(ArrayNode input, ChatRequest.Turn turn, boolean calls, ToolWire.Ids ids, int index) {
        boolean asCalls = calls && !turn.toolCalls().isEmpty();
        String text = asCalls || turn.toolCalls().isEmpty() ? turn.text() : ToolWire.asText(turn);
        if (!text.isBlank() || !asCalls) {
            input.addObject().put("type", "message").put("role", "assistant").putArray("content").addObject()
                    .put("type", "output_text").put("text", text);
        }
        if (!asCalls) {
            return;
        }
        String[] sent = new String[turn.toolCalls().size()];
        for (int i = 0; i < sent.length; i++) {
            ChatRequest.ToolUse call = turn.toolCalls().get(i);
            sent[i] = ids.of(call.id(), index, i);
            input.addObject().put("type", "function_call").put("call_id", sent[i]).put("name", call.name())
                    .put("arguments", ToolWire.argumentsText(call.arguments()));
        }
        for (int i = 0; i < sent.length; i++) {
            input.addObject().put("type", "function_call_output").put("call_id", sent[i])
                    .put("output", turn.toolCalls().get(i).result());
        }
    }

    /** Attachments first (images, documents, then texts), the typed text last (ADR 10 §1). */
    private static void user(ArrayNode content, ChatRequest.Turn turn) {
        for (ChatRequest.Part part : ChatRequest.filesFirst(turn.parts())) {
            if (part instanceof ChatRequest.Image image) {
                image(content, image.mediaType(), image.bytes());
            } else if (part instanceof ChatRequest.Document document) {
                if (document.mediaType().toLowerCase(Locale.ROOT).startsWith("image/")) {
                    image(content, document.mediaType(), document.bytes()); // input_file refuses images
                } else {
                    content.addObject().put("type", "input_file").put("filename", document.filename())
                            .put("file_data", OpenAiBody.dataUrl(document.mediaType(), document.bytes()));
                }
            } else if (part instanceof ChatRequest.Text text) {
                content.addObject().put("type", "input_text").put("text", text.text());
            }
        }
        if (!turn.text().isEmpty() || content.isEmpty()) {
            content.addObject().put("type", "input_text").put("text", turn.text());
        }
    }

    private static void image(ArrayNode content, String mediaType, byte[] bytes) {
        content.addObject().put("type", "input_image").put("image_url", OpenAiBody.dataUrl(mediaType, bytes))
                .put("detail", "auto");
    }
}
