package dev.tidemark.settings;

import dev.tidemark.provider.ModelListing;
import dev.tidemark.provider.SseStream;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Looks for local model servers on their default ports (Ollama 11434, LM Studio 1234) with one quick
 * {@code GET …/v1/models} each, read by the providers' shared {@link ModelListing} (settings names no
 * concrete provider: the request is the unauthenticated one every OpenAI-compatible server answers).
 * Runs on OkHttp's threads; returns at once. Nothing listening costs a refused connection; a port that accepts but stays
 * silent costs at most {@link #TIMEOUT}. A probe redirected to another origin is not followed
 * ({@link ModelListing} goes through {@code provider.Redirects}): that server counts as not found.
 */
public final class LocalServerDetector {

    public static final Duration TIMEOUT = Duration.ofMillis(800);

    /** A server that answered its model list. */
    public record Found(ProviderPreset preset, String baseUrl, List<String> models) {
        public Found {
            models = List.copyOf(models);
        }
    }

    private final OkHttpClient client;
    private final Map<ProviderPreset, String> candidates;

    /**
     * @param http       its connection pool and dispatcher are shared; timeouts are shortened, proxies bypassed
     * @param candidates preset → base URL to probe, e.g. {@code http://localhost:11434/v1}
     */
    public LocalServerDetector(OkHttpClient http, Map<ProviderPreset, String> candidates) {
        this.client = http.newBuilder()
                .proxy(Proxy.NO_PROXY) // a local server is never behind the user's proxy
                .connectTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .build();
        this.candidates = new LinkedHashMap<>(candidates);
    }

    /**
     * Ollama and LM Studio on localhost at their default ports, through a client of its own that
     * speaks plain HTTP only (their URLs are http://), so that looking for them sets up no TLS.
     */
    public static LocalServerDetector defaults() {
        return defaults(new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build());
    }

    /** Ollama and LM Studio on localhost at their default ports. */
    public static LocalServerDetector defaults(OkHttpClient http) {
        return onPorts(http, "localhost", Map.of(ProviderPresets.OLLAMA, 11434, ProviderPresets.LM_STUDIO, 1234));
    }

    /** The same presets on other ports (tests, or servers moved off their defaults). */
    public static LocalServerDetector onPorts(OkHttpClient http, String host, Map<ProviderPreset, Integer> ports) {
        Map<ProviderPreset, String> urls = new LinkedHashMap<>();
        for (ProviderPreset preset : List.of(ProviderPresets.OLLAMA, ProviderPresets.LM_STUDIO)) {
            Integer port = ports.get(preset);
            if (port != null) {
                urls.put(preset, "http://" + host + ":" + port + "/v1");
            }
        }
        return new LocalServerDetector(http, urls);
    }

    /** Probes every candidate at once; completes (never exceptionally) with those that answered, in order. */
    public CompletableFuture<List<Found>> detect() {
        List<CompletableFuture<Found>> probes = new ArrayList<>();
        candidates.forEach((preset, url) -> probes.add(models(url)
                .thenApply(models -> new Found(preset, url, models))
                .exceptionally(error -> null)));
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> probes.stream().map(CompletableFuture::join)
                        .filter(Objects::nonNull).toList());
    }

    /** {@code GET <baseUrl>/models}, with no key: what a local server answers. */
    private CompletableFuture<List<String>> models(String baseUrl) {
        Request request = new Request.Builder()
                .url(Objects.requireNonNull(SseStream.directory(baseUrl).resolve("models"))).get().build();
        return ModelListing.fetch(client, request, "The local server", null);
    }
}
