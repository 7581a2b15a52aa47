package dev.tidemark.provider;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A service saying that the model takes no images (or no PDFs as documents), recognised from the
 * HTTP answer to a request that carried them (ADR 10 §2: OpenAI's 400 "image_url is only supported
 * by certain models", OpenRouter's 404 "No endpoints found that support image input", llama.cpp's
 * 500 "image input is not supported … mmproj"), and the words the reply's error then carries —
 * which {@code chat} reads back with {@link #refusedKind} to remember the model for the run.
 */
public final class MediaRefusals {

    /** What a model was found not to take. */
    public enum Kind { IMAGES, PDFS }

    private static final Set<Integer> STATUSES = Set.of(400, 404, 422, 500);
    private static final Pattern IMAGE_WORDS = Pattern.compile("(?i)image|vision|multimodal|mmproj|content part type");
    private static final Pattern PDF_WORDS = Pattern.compile("(?i)pdf|document|file");

    private MediaRefusals() {
    }

    /**
     * What a request carried that a model may refuse.
     *
     * @param model     the model the request named
     * @param images    it carried image parts
     * @param documents it carried document (PDF) parts
     * @param tools     it offered tools (an answer may be a {@link ToolRefusals tool refusal})
     */
    public record Sent(String model, boolean images, boolean documents, boolean tools) {
        /** A request of text only: no answer is read as a refusal of files. */
        public static final Sent NOTHING = new Sent("", false, false, false);

        public Sent(String model, boolean images, boolean documents) {
            this(model, images, documents, false);
        }

        public static Sent of(ChatRequest request) {
            boolean images = false;
            boolean documents = false;
            for (ChatRequest.Turn turn : request.messages()) {
                for (ChatRequest.Part part : turn.parts()) {
                    images |= part instanceof ChatRequest.Image;
                    documents |= part instanceof ChatRequest.Document;
                }
            }
            return new Sent(request.model(), images, documents, !request.tools().isEmpty());
        }

        /** What the service refused, judged by its status and its own words; empty when it is some other error. */
        Optional<Kind> refused(int status, String detail) {
            if (!STATUSES.contains(status) || detail == null) {
                return Optional.empty();
            }
            if (images && IMAGE_WORDS.matcher(detail).find()) {
                return Optional.of(Kind.IMAGES);
            }
            if (documents && PDF_WORDS.matcher(detail).find()) {
                return Optional.of(Kind.PDFS);
            }
            return Optional.empty();
        }
    }

    /** The words of a refusal, starting with {@link #lead}; {@code said} is the service's own answer, for reference. */
    static String words(String service, String model, Kind kind, int status, String said) {
        String what = kind == Kind.IMAGES
                ? " Send the text only, or choose a model that does."
                : " Send it again: Tidemark now sends the PDF's text instead.";
        return lead(model, kind) + what + " (" + service + " answered HTTP " + status
                + (said.isBlank() ? "" : ": " + said) + ")";
    }

    /** How a refusal's words begin: "gpt-3.5-turbo does not take images." */
    public static String lead(String model, Kind kind) {
        return model + (kind == Kind.IMAGES ? " does not take images." : " does not take PDFs as documents.");
    }

    /** What a reply's error words say this model refused, when they are a refusal's words. */
    public static Optional<Kind> refusedKind(String model, String words) {
        if (words == null) {
            return Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (words.startsWith(lead(model, kind))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
