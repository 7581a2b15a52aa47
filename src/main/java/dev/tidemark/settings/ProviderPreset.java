package dev.tidemark.settings;

import java.util.Objects;
import java.util.Optional;

/**
 * A service Tidemark knows how to reach: where it is, how it speaks and signs, where its key usually
 * is and which model to use when the user names none.
 *
 * @param id           stable id, used on the command line ({@code chat --provider groq})
 * @param displayName  what the user sees
 * @param protocol     the wire protocol
 * @param baseUrl      as the service's official SDK takes it; null for the custom preset
 * @param auth         how the key is sent
 * @param keyVariable  the environment variable the key is usually in; null for local servers
 * @param defaultModel null when no model can be guessed: then the first one the server lists is used
 * @param local        a server on the user's own machine
 */
public record ProviderPreset(String id, String displayName, Protocol protocol, String baseUrl, AuthStyle auth,
                             String keyVariable, String defaultModel, boolean local) {

    public ProviderPreset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(auth, "auth");
    }

    public Optional<String> keyVariableName() {
        return Optional.ofNullable(keyVariable);
    }

    public Optional<String> defaultModelName() {
        return Optional.ofNullable(defaultModel);
    }

    /** True for the "any OpenAI-compatible base URL" entry, which has no URL of its own. */
    public boolean isCustom() {
        return baseUrl == null;
    }
}
