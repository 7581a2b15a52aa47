package dev.tidemark.chat;

import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.anthropic.AnthropicProvider;
import dev.tidemark.provider.demo.DemoProvider;
import dev.tidemark.provider.openai.OpenAiProvider;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The providers Tidemark knows and how to build one from a name, an optional base URL and the
 * environment (API keys come from {@code OPENAI_API_KEY} and {@code ANTHROPIC_API_KEY}; default
 * base URLs from {@code OPENAI_BASE_URL} and {@code ANTHROPIC_BASE_URL}).
 */
public final class ProviderCatalog {

    public static final List<String> IDS = List.of("demo", "openai", "anthropic");

    private final OkHttpClient http;
    private final Map<String, String> env;
    private final DemoProvider demo;

    public ProviderCatalog(OkHttpClient http, Map<String, String> env, Duration demoTokenInterval) {
        this.http = http;
        this.env = env;
        this.demo = new DemoProvider(demoTokenInterval);
    }

    /** An HTTP client suited to long streams: generous read timeout, since local servers think in silence. */
    public static OkHttpClient defaultHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(15))
                .readTimeout(Duration.ofSeconds(120))
                .build();
    }

    /**
     * @param id      demo, openai or anthropic
     * @param baseUrl null for the service's default
     * @throws IllegalArgumentException with a message for the user when the id or URL is wrong
     */
    public ChatProvider create(String id, String baseUrl) {
        String key = id == null ? "demo" : id.toLowerCase(Locale.ROOT);
        for (String url : new String[] {baseUrl, env.get("OPENAI_BASE_URL"), env.get("ANTHROPIC_BASE_URL")}) {
            if (present(url) && HttpUrl.parse(url) == null) {
                throw new IllegalArgumentException("'" + url + "' is not an http(s) URL.");
            }
        }
        return switch (key) {
            case "demo" -> demo;
            case "openai" -> new OpenAiProvider(http,
                    firstOf(baseUrl, env.get("OPENAI_BASE_URL"), OpenAiProvider.DEFAULT_BASE_URL),
                    env.get("OPENAI_API_KEY"));
            case "anthropic" -> new AnthropicProvider(http,
                    firstOf(baseUrl, env.get("ANTHROPIC_BASE_URL"), AnthropicProvider.DEFAULT_BASE_URL),
                    env.get("ANTHROPIC_API_KEY"));
            default -> throw new IllegalArgumentException("Unknown provider '" + id + "'; use one of " + IDS + ".");
        };
    }

    /** True when the provider can be used as configured (demo always; the others need their key). */
    public boolean hasKey(String id) {
        return switch (id) {
            case "openai" -> present(env.get("OPENAI_API_KEY"));
            case "anthropic" -> present(env.get("ANTHROPIC_API_KEY"));
            default -> true;
        };
    }

    private static String firstOf(String... candidates) {
        for (String c : candidates) {
            if (present(c)) {
                return c;
            }
        }
        throw new IllegalStateException("no default");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
