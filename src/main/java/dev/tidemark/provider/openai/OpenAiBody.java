package dev.tidemark.provider.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.model.Role;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.ToolWire;
import okhttp3.HttpUrl;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The body of a Chat Completions request: the messages (attachments as parts), the tools offered
 * ({@code tools: [{type: function, function: {name, description, parameters}}]}, no
 * {@code tool_choice}), and an assistant turn's calls as {@code tool_calls} followed by one
 * {@code tool} message per call. Without tools offered, calls and results go as plain text
 * ({@link ToolWire#asText}). See {@code docs/providers.md}, "Tools on the wire".
 */
final class OpenAiBody {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Models whose servers (Mistral's own, and local ones with Mistral's templates) take only 9-character ids. */
    private static final Pattern MISTRAL_MODEL =
            Pattern.compile("(?i)mistral|mixtral|codestral|devstral|magistral|ministral|pixtral|voxtral");
    /** Gemini's documented stand-in for a thought signature Tidemark did not keep (thought-signatures FAQ). */
    static final String GEMINI_SKIP_SIGNATURE = "skip_thought_signature_validator";

    private OpenAiBody() {
    }

    static ObjectNode of(ChatRequest request, HttpUrl baseUrl) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", request.model());
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        if (request.temperature() != null) {
            root.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            root.put("max_tokens", request.maxTokens());
        }
        ArrayNode messages = root.putArray("messages");
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        boolean calls = ToolWire.sendsCalls(request);
        ToolWire.Ids ids = mistral(request, baseUrl) ? ToolWire.Ids.mistral() : ToolWire.Ids.openAi();
        boolean gemini = baseUrl.host().equals("generativelanguage.googleapis.com");
        int index = 0;
        for (ChatRequest.Turn turn : request.messages()) {
            if (turn.role() == Role.ASSISTANT && !turn.toolCalls().isEmpty()) {
                if (calls) {
                    toolTurn(messages, turn, ids, index, gemini);
                } else {
                    messages.addObject().put("role", "assistant").put("content", ToolWire.asText(turn));
                }
            } else {
                ObjectNode message = messages.addObject().put("role", turn.role().wireName());
                if (turn.parts().isEmpty()) {
                    message.put("content", turn.text());
                } else {
                    content(message.putArray("content"), turn);
                }
            }
            index++;
        }
        if (request.continuation()) {
            messages.addObject().put("role", "user").put("content", ChatRequest.CONTINUE_PROMPT);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = root.putArray("tools");
            for (ChatRequest.ToolSpec spec : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", spec.name()).put("description", spec.description());
                function.set("parameters", ToolWire.schema(spec.inputSchema()));
            }
        }
        return root;
    }

    /**
     * An assistant turn with its calls, then one {@code tool} message per call in order. Blank text
     * is {@code null} (OpenAI's own shape; Ollama takes null content only beside {@code tool_calls},
     * which is always the case here).
     */
    private static void toolTurn(ArrayNode messages, ChatRequest.Turn turn, ToolWire.Ids ids, int index,
                                 boolean gemini) {
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        if (turn.text().isBlank()) {
            assistant.putNull("content");
        } else {
            assistant.put("content", turn.text());
        }
        ArrayNode toolCalls = assistant.putArray("tool_calls");
        String[] sent = new String[turn.toolCalls().size()];
        for (int i = 0; i < sent.length; i++) {
            ChatRequest.ToolUse call = turn.toolCalls().get(i);
            sent[i] = ids.of(call.id(), index, i);
            ObjectNode entry = toolCalls.addObject().put("id", sent[i]).put("type", "function");
            entry.putObject("function").put("name", call.name())
                    .put("arguments", ToolWire.argumentsText(call.arguments()));
            if (gemini) {
                entry.putObject("extra_content").putObject("google")
                        .put("thought_signature", GEMINI_SKIP_SIGNATURE);
            }
        }
        for (int i = 0; i < sent.length; i++) {
            messages.addObject().put("role", "tool").put("tool_call_id", sent[i])
                    .put("content", turn.toolCalls().get(i).result());
        }
    }

    private static boolean mistral(ChatRequest request, HttpUrl baseUrl) {
        return baseUrl.host().endsWith("mistral.ai") || MISTRAL_MODEL.matcher(request.model()).find();
    }

    /**
     * A turn with attachments as an array of parts: images as {@code image_url} data URLs, PDFs as
     * {@code file} parts, texts as {@code text} parts, and the typed text last (ADR 10 §1).
     */
    private static void content(ArrayNode content, ChatRequest.Turn turn) {
        for (ChatRequest.Part part : ChatRequest.filesFirst(turn.parts())) {
            if (part instanceof ChatRequest.Image image) {
                content.addObject().put("type", "image_url").putObject("image_url")
                        .put("url", dataUrl(image.mediaType(), image.bytes()));
            } else if (part instanceof ChatRequest.Document document) {
                content.addObject().put("type", "file").putObject("file")
                        .put("filename", document.filename())
                        .put("file_data", dataUrl(document.mediaType(), document.bytes()));
            } else if (part instanceof ChatRequest.Text text) {
                content.addObject().put("type", "text").put("text", text.text());
            }
        }
        if (!turn.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", turn.text());
        }
    }

    static String dataUrl(String mediaType, byte[] bytes) {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }
}
