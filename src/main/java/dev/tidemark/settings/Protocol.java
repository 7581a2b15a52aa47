package dev.tidemark.settings;

import java.util.Locale;
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
        for (Protocol p : values()) {
            if (p.wireName.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
