package dev.tidemark.provider.openai;

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
 * OpenAI Chat Completions streaming ({@code POST {baseUrl}/chat/completions} with
 * {@code "stream": true}). The base URL includes {@code /v1}, as in the official SDKs, so the same
 * class serves every OpenAI-compatible service.
 */
public final class OpenAiProvider implements ChatProvider {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    private static final String SERVICE = "The OpenAI-compatible server";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient client;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final Endpoint endpoint;

    /**
     * @param baseUrl e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:11434/v1}
     * @param apiKey  may be null or blank for local servers that need none
     */
    public OpenAiProvider(OkHttpClient client, String baseUrl, String apiKey) {
        this(client, new Endpoint(baseUrl, apiKey));
    }

    public OpenAiProvider(OkHttpClient client, Endpoint endpoint) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.baseUrl = SseStream.directory(endpoint.baseUrl());
        this.apiKey = endpoint.apiKey();
    }

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public String displayName() {
        return "OpenAI-compatible (" + baseUrl.host() + ")";
    }

    @Override
    public String defaultModel() {
        return DEFAULT_MODEL;
    }

    @Override
    public Cancellable stream(ChatRequest request, StreamListener listener) {
        Request.Builder http = SseStream.jsonPost(Objects.requireNonNull(baseUrl.resolve("chat/completions")),
                body(request));
        if (apiKey != null && !apiKey.isBlank()) {
            http.header("Authorization", "Bearer " + apiKey);
        }
        endpoint.headers().forEach(http::header);
        return SseStream.start(SERVICE, apiKey, client, http.build(), new ChunkHandler(), listener);
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        Request.Builder http = new Request.Builder().url(Objects.requireNonNull(baseUrl.resolve("models"))).get();
        if (endpoint.hasKey()) {
            http.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        endpoint.headers().forEach(http::header);
        return ModelListing.fetch(client, http.build(), SERVICE, apiKey);
    }

    static ObjectNode body(ChatRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", request.model());
        root.put("stream", true);
        ArrayNode messages = root.putArray("messages");
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        for (ChatRequest.Turn turn : request.messages()) {
            messages.addObject().put("role", turn.role().wireName()).put("content", turn.text());
        }
        return root;
    }

    /** Reads {@code chat.completion.chunk} events; owned by OkHttp's reader thread. */
    private static final class ChunkHandler implements SseStream.EventHandler {
        private String finishReason;

        @Override
        public void onEvent(String type, String data, StreamSink sink) throws SseStream.MalformedEventException {
            if (data.startsWith("[DONE]")) {
                sink.done(finishReason == null ? "stop" : finishReason);
                return;
            }
            JsonNode chunk;
            try {
                chunk = JSON.readTree(data);
            } catch (IOException e) {
                throw new SseStream.MalformedEventException("not JSON: " + abbreviate(data));
            }
            if (chunk == null || !chunk.isObject()) {
                throw new SseStream.MalformedEventException("not a JSON object: " + abbreviate(data));
            }
            JsonNode error = chunk.get("error");
            if (error != null && !error.isNull()) {
                String message = error.path("message").asText(error.isTextual() ? error.asText() : "unknown error");
                sink.fail("The server reported an error mid-reply: " + message + ". The reply so far is kept.");
                return;
            }
            JsonNode choices = chunk.path("choices");
            if (!choices.isArray()) {
                return; // e.g. a usage-only or metadata chunk
            }
            for (JsonNode choice : choices) {
                if (choice.path("index").asInt(0) != 0) {
                    continue; // n > 1: we show choice 0
                }
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual()) {
                    sink.text(content.asText());
                }
                JsonNode finish = choice.path("finish_reason");
                if (finish.isTextual()) {
                    finishReason = finish.asText();
                }
            }
        }

        @Override
        public void onEndOfStream(StreamSink sink) {
            if (finishReason != null) {
                sink.done(finishReason); // some servers never send [DONE]
            } else {
                sink.fail("The connection closed before the reply finished. The reply so far is kept.");
            }
        }
    }

    static String abbreviate(String data) {
        String oneLine = data.replaceAll("\\s+", " ");
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
    }
}
