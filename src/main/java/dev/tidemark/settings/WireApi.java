package dev.tidemark.settings;

import java.util.Optional;

/**
 * Which of OpenAI's two wire APIs an OpenAI-compatible provider speaks (issue 18). Anthropic
 * providers ignore it.
 */
public enum WireApi {
    /** The Responses API on OpenAI's own URL, Chat Completions everywhere else (also a URL from {@code OPENAI_BASE_URL}). */
    AUTO("auto", "Automatic"),
    /** {@code POST /chat/completions}. */
    CHAT("chat", "Chat Completions"),
    /** {@code POST /responses}: reasoning summaries, background runs that can be re-attached. */
    RESPONSES("responses", "Responses API");

    /** OpenAI's own API host: the only one where {@link #AUTO} means the Responses API. */
    public static final String OPENAI_HOST = "api.openai.com";

    private final String wireName;
    private final String label;

    WireApi(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** How settings.json, the journal and the command line spell it. */
    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    public static Optional<WireApi> fromWireName(String name) {
        return WireNames.find(values(), WireApi::wireName, name);
    }
}
