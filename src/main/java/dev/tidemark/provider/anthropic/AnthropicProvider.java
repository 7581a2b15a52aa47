package dev.tidemark.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.ModelListing;
import dev.tidemark.provider.SseStream;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.provider.StreamSink;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Anthropic Messages streaming ({@code POST {baseUrl}/v1/messages} with {@code "stream": true}).
 * The base URL is the host root, as in the official SDKs.
 */
public final class AnthropicProvider implements ChatProvider {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_MODEL = "claude-sonnet-4-5";
    static final String API_VERSION = "2023-06-01";
    private static final String SERVICE = "Anthropic";
    static final int DEFAULT_MAX_TOKENS = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient client;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Endpoint endpoint;

    public AnthropicProvider(OkHttpClient client, String baseUrl, String apiKey) {
        this(client, new Endpoint(baseUrl, apiKey));
    }

    public AnthropicProvider(OkHttpClient client, Endpoint endpoint) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.baseUrl = SseStream.directory(endpoint.baseUrl());
        this.apiKey = endpoint.apiKey();
    }

    @Override
    public String id() {
        return "anthropic";
    }

    @Override
    public String displayName() {
        return "Anthropic (" + baseUrl.host() + ")";
    }

    @Override
    public String defaultModel() {
        return DEFAULT_MODEL;
    }

    @Override
    public Cancellable stream(ChatRequest request, StreamListener listener) {
        Request.Builder http = SseStream.jsonPost(Objects.requireNonNull(baseUrl.resolve("v1/messages")), body(request))
                .header("anthropic-version", API_VERSION);
        if (apiKey != null && !apiKey.isBlank()) {
            http.header("x-api-key", apiKey);
        }
        endpoint.headers().forEach(http::header);
        return SseStream.start(SERVICE, apiKey, client, http.build(), new EventHandler(), listener);
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        Request.Builder http = new Request.Builder().url(Objects.requireNonNull(baseUrl.resolve("v1/models"))).get();
        http.header("anthropic-version", API_VERSION);
        if (endpoint.hasKey()) {
            http.header("x-api-key", endpoint.apiKey());
        }
        endpoint.headers().forEach(http::header);
        return ModelListing.fetch(client, http.build(), SERVICE, apiKey);
    }

    static ObjectNode body(ChatRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", request.model());
        root.put("max_tokens", DEFAULT_MAX_TOKENS);
        root.put("stream", true);
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            root.put("system", request.systemPrompt());
        }
        ArrayNode messages = root.putArray("messages");
        for (ChatRequest.Turn turn : request.messages()) {
            messages.addObject().put("role", turn.role().wireName()).put("content", turn.text());
        }
        return root;
    }

    /** Reads the named Messages events; owned by OkHttp's reader thread. */
    private static final class EventHandler implements SseStream.EventHandler {
        private static final java.util.Set<String> HANDLED =
                java.util.Set.of("content_block_delta", "message_delta", "message_stop", "error");
        private String stopReason;

        @Override
        public void onEvent(String type, String data, StreamSink sink) throws SseStream.MalformedEventException {
            if (type != null && !HANDLED.contains(type)) {
                return; // ping, content_block_start/stop and events added later: nothing to show, not even parsed
            }
            JsonNode event;
            try {
                event = JSON.readTree(data);
            } catch (IOException e) {
                throw new SseStream.MalformedEventException("not JSON in '" + type + "' event");
            }
            if (event == null || !event.isObject()) {
                throw new SseStream.MalformedEventException("not a JSON object in '" + type + "' event");
            }
            String name = type != null ? type : event.path("type").asText("");
            switch (name) {
                case "content_block_delta" -> {
                    JsonNode delta = event.path("delta");
                    if ("text_delta".equals(delta.path("type").asText())) {
                        sink.text(delta.path("text").asText(""));
                    }
                }
                case "message_delta" -> {
                    JsonNode reason = event.path("delta").path("stop_reason");
                    if (reason.isTextual()) {
                        stopReason = reason.asText();
                    }
                }
                case "message_stop" -> sink.done(stopReason == null ? "end_turn" : stopReason);
                case "error" -> {
                    JsonNode error = event.path("error");
                    String kind = error.path("type").asText("error");
                    String message = error.path("message").asText("unknown error");
                    sink.fail("Anthropic reported " + kind.replace('_', ' ') + " mid-reply: " + message
                            + ". The reply so far is kept.");
                }
                default -> {
                    // an unnamed event of another type: nothing to show
                }
            }
        }

        @Override
        public void onEndOfStream(StreamSink sink) {
            if (stopReason != null) {
                sink.done(stopReason); // the last event may lack its blank line and be dropped
            } else {
                sink.fail("The connection closed before the reply finished. The reply so far is kept.");
            }
        }
    }
}
