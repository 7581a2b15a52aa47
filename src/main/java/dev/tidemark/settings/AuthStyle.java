package dev.tidemark.settings;

import java.util.Optional;

/** How a service expects its API key; the adapter of the provider's protocol sends it. */
public enum AuthStyle {
    /** {@code Authorization: Bearer <key>} (OpenAI and every OpenAI-compatible cloud service). */
    BEARER("bearer", "Authorization: Bearer"),
    /** {@code x-api-key: <key>} (Anthropic). */
    X_API_KEY("x-api-key", "x-api-key header"),
    /** No key (local servers); one is still sent if the user gives one, for servers started with a key. */
    NONE("none", "none");

    private final String wireName;
    private final String label;

    AuthStyle(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    public boolean needsKey() {
        return this != NONE;
    }

    public static Optional<AuthStyle> fromWireName(String name) {
        return WireNames.find(values(), AuthStyle::wireName, name);
    }

    /** The style a protocol's adapter uses when a key is needed. */
    public static AuthStyle of(Protocol protocol) {
        return protocol == Protocol.ANTHROPIC ? X_API_KEY : BEARER;
    }
}
