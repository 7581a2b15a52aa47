package dev.tidemark.provider;

import java.util.Map;
import java.util.Objects;

/**
 * Where a provider sends its requests and how it signs them.
 *
 * @param baseUrl the service's base URL as its official SDK takes it (OpenAI-compatible: with
 *                {@code /v1}; Anthropic: the host root)
 * @param apiKey  may be null or blank for local servers that need none; never logged or shown
 * @param headers extra headers sent with every request (e.g. OpenRouter's {@code HTTP-Referer})
 * @param name    how the service is named in messages ("Groq"); null for the protocol's generic name
 */
public record Endpoint(String baseUrl, String apiKey, Map<String, String> headers, String name) {

    public Endpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        name = name == null || name.isBlank() ? null : name.strip();
    }

    public Endpoint(String baseUrl, String apiKey, Map<String, String> headers) {
        this(baseUrl, apiKey, headers, null);
    }

    public Endpoint(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, Map.of(), null);
    }

    /** The name to use in messages: this endpoint's, or {@code fallback}. */
    public String nameOr(String fallback) {
        return name != null ? name : fallback;
    }

    public boolean hasKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "Endpoint[" + (name != null ? name + ", " : "") + baseUrl + (hasKey() ? ", key set" : "") + ", "
                + headers.size() + " headers]";
    }
}
