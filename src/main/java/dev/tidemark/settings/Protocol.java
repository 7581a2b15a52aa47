package dev.tidemark.settings;

import java.util.Optional;

/** The wire protocol a provider speaks; each has its own adapter under {@code provider}. */
public enum Protocol {
    /** OpenAI Chat Completions; the base URL includes {@code /v1} (or the service's equivalent). */
    OPENAI_COMPATIBLE("openai-compatible", "OpenAI-compatible"),
    /** Anthropic Messages; the base URL is the host root. */
    ANTHROPIC("anthropic", "Anthropic Messages");

    private final String wireName;
    private final String label;

    Protocol(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** How settings.json spells it. */
    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    public static Optional<Protocol> fromWireName(String name) {
        return WireNames.find(values(), Protocol::wireName, name);
    }
}
