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
 */
public record Endpoint(String baseUrl, String apiKey, Map<String, String> headers) {

    public Endpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public Endpoint(String baseUrl, String apiKey) {
        this(baseUrl, apiKey, Map.of());
    }

    public boolean hasKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "Endpoint[" + baseUrl + (hasKey() ? ", key set" : "") + ", " + headers.size() + " headers]";
    }
}
