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
 */
public record ChatRequest(String model, String systemPrompt, List<Turn> messages, Double temperature,
                          Integer maxTokens, boolean continuation) {

    /** What OpenAI-compatible services are asked when a reply is to be continued. */
    public static final String CONTINUE_PROMPT =
            "Continue your previous reply exactly where it stopped. Do not repeat anything you already wrote.";

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
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
     */
    public record Turn(Role role, String text, List<Part> parts) {
        public Turn {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
            parts = parts == null ? List.of() : List.copyOf(parts);
        }

        public Turn(Role role, String text) {
            this(role, text, List.of());
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
