package dev.tidemark.provider;

import dev.tidemark.model.Role;

import java.util.List;
import java.util.Objects;

/**
 * What is sent to a model: the conversation so far, oldest first, ending with the user's turn.
 *
 * @param model        model name as the service knows it
 * @param systemPrompt may be null
 * @param messages     the context
 * @param temperature  null for the service's default
 * @param maxTokens    null for the default
 * @param continuation the context ends with an unfinished reply the model should go on with
 * @param tools        the tools offered to the model (empty: none, and no {@code tools} member is sent)
 */
public record ChatRequest(String model, String systemPrompt, List<Turn> messages, Double temperature,
                          Integer maxTokens, boolean continuation, List<ToolSpec> tools) {

    /** What OpenAI-compatible services are asked when a reply is to be continued. */
    public static final String CONTINUE_PROMPT =
            "Continue your previous reply exactly where it stopped. Do not repeat anything you already wrote.";

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public ChatRequest(String model, String systemPrompt, List<Turn> messages, Double temperature, Integer maxTokens,
                       boolean continuation) {
        this(model, systemPrompt, messages, temperature, maxTokens, continuation, List.of());
    }

    /** The same request offering these tools. */
    public ChatRequest withTools(List<ToolSpec> offered) {
        return new ChatRequest(model, systemPrompt, messages, temperature, maxTokens, continuation, offered);
    }

    public ChatRequest(String model, String systemPrompt, List<Turn> messages, Double temperature, Integer maxTokens) {
        this(model, systemPrompt, messages, temperature, maxTokens, false);
    }

    public ChatRequest(String model, String systemPrompt, List<Turn> messages) {
        this(model, systemPrompt, messages, null, null, false);
    }

    /**
     * One message of the context.
     *
     * @param parts what goes before the text in a user turn: images, documents and the text of
     *              attached files or notes about them, in order (empty for a turn of text only).
     *              Providers only encode them: they are handed bytes, never paths.
     * @param toolCalls the tool calls an assistant turn made, each with its result (empty for any
     *              other turn). Providers send the calls with the turn (OpenAI {@code tool_calls},
     *              Anthropic {@code tool_use} blocks after its text) and the results right after it
     *              (OpenAI one {@code tool} message per call; Anthropic {@code tool_result} blocks in
     *              the user message that follows, before that message's own content — in a user
     *              message of their own when an assistant turn follows).
     */
    public record Turn(Role role, String text, List<Part> parts, List<ToolUse> toolCalls) {
        public Turn {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
            parts = parts == null ? List.of() : List.copyOf(parts);
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Turn(Role role, String text, List<Part> parts) {
            this(role, text, parts, List.of());
        }

        public Turn(Role role, String text) {
            this(role, text, List.of(), List.of());
        }
    }

    /**
     * A tool offered to the model.
     *
     * @param name        the name the model calls it by, valid for every service ({@link #VALID_NAME})
     * @param description what it does, in the server's words ("" when it gave none)
     * @param inputSchema its arguments' JSON Schema, as JSON text (an object schema)
     */
    public record ToolSpec(String name, String description, String inputSchema) {
        /** What both OpenAI and Anthropic accept as a tool's name. */
        public static final java.util.regex.Pattern VALID_NAME = java.util.regex.Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

        public ToolSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(inputSchema, "inputSchema");
            if (!VALID_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a tool name both services accept: " + name);
            }
        }
    }

    /**
     * A call an assistant turn made, and its result as the model is to be told it.
     *
     * @param id        the call's id as the model gave it
     * @param name      the name it called (the offered name)
     * @param arguments the arguments as it wrote them (JSON text; Anthropic's {@code input} is this parsed,
     *                  {@code {}} when it is not a JSON object)
     * @param result    the result's text (a denial, an error or an interruption said in words)
     * @param error     the result is an error (Anthropic {@code is_error: true})
     */
    public record ToolUse(String id, String name, String arguments, String result, boolean error) {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(result, "result");
        }
    }

    /** A piece of a user turn besides its typed text. */
    public sealed interface Part permits Image, Document, Text {
    }

    /**
     * An image, already in a form and size the service takes.
     *
     * @param mediaType {@code image/png}, {@code image/jpeg}, {@code image/gif} or {@code image/webp}
     */
    public record Image(String mediaType, byte[] bytes) implements Part {
        public Image {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** A document the service reads itself (a PDF): OpenAI-compatible {@code file} part, Anthropic {@code document} block. */
    public record Document(String mediaType, byte[] bytes, String filename) implements Part {
        public Document {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(filename, "filename");
        }
    }

    /** Text sent as its own part: a text file fenced with its name, a PDF's extracted text, or a note. */
    public record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The parts in the order the providers send them: images and documents first, then texts, each
     * group in its own order.
     */
    public static List<Part> filesFirst(List<Part> parts) {
        List<Part> out = new java.util.ArrayList<>(parts.size());
        for (Part part : parts) {
            if (!(part instanceof Text)) {
                out.add(part);
            }
        }
        for (Part part : parts) {
            if (part instanceof Text) {
                out.add(part);
            }
        }
        return out;
    }

    /** The text of the last user turn, or "" when there is none. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).text();
            }
        }
        return "";
    }
}
