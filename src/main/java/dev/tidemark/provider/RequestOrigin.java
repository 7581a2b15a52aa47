package dev.tidemark.provider;

import java.util.Objects;

/**
 * Where a provider sends its requests and over which API, as the journal's stream start records it
 * (journal format 6) so that a later start can re-join a background reply. Never a key or a header.
 *
 * @param api        {@code "responses"} or {@code "chat"} (OpenAI-compatible), {@code "messages"} (Anthropic)
 * @param baseUrl    the base URL as configured (OpenAI-compatible: with {@code /v1})
 * @param background replies run in the background on the service ({@code background: true})
 */
public record RequestOrigin(String api, String baseUrl, boolean background) {
    public static final String RESPONSES = "responses";
    public static final String CHAT = "chat";
    public static final String MESSAGES = "messages";

    public RequestOrigin {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(baseUrl, "baseUrl");
    }
}
