package dev.tidemark.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.MediaRefusals;
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
    private final SseStream.Policy policy;

    public AnthropicProvider(OkHttpClient client, String baseUrl, String apiKey) {
        this(client, new Endpoint(baseUrl, apiKey));
    }

    public AnthropicProvider(OkHttpClient client, Endpoint endpoint) {
        this(client, endpoint, SseStream.Policy.defaults());
    }

    public AnthropicProvider(OkHttpClient client, Endpoint endpoint, SseStream.Policy policy) {
        this.policy = policy;
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
    public java.util.Optional<dev.tidemark.provider.RequestOrigin> origin() {
        return java.util.Optional.of(new dev.tidemark.provider.RequestOrigin(
                dev.tidemark.provider.RequestOrigin.MESSAGES, endpoint.baseUrl(), false));
    }

    @Override
    public String defaultModel() {
        return DEFAULT_MODEL;
    }

    @Override
    public Cancellable stream(ChatRequest request, StreamListener listener) {
        Request.Builder http = SseStream.jsonPost(Objects.requireNonNull(baseUrl.resolve("v1/messages")),
                        AnthropicBody.of(request))
                .header("anthropic-version", API_VERSION);
        if (apiKey != null && !apiKey.isBlank()) {
            http.header("x-api-key", apiKey);
        }
        endpoint.headers().forEach(http::header);
        return SseStream.start(endpoint.nameOr(SERVICE), apiKey, client, http.build(), new EventHandler(), listener,
                policy, MediaRefusals.Sent.of(request));
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        Request.Builder http = new Request.Builder().url(Objects.requireNonNull(baseUrl.resolve("v1/models"))).get();
        http.header("anthropic-version", API_VERSION);
        if (endpoint.hasKey()) {
            http.header("x-api-key", endpoint.apiKey());
        }
        endpoint.headers().forEach(http::header);
        return ModelListing.fetch(client, http.build(), endpoint.nameOr(SERVICE), apiKey);
    }

    /** Reads the named Messages events; owned by OkHttp's reader thread. */
    static final class EventHandler implements SseStream.EventHandler {
        private static final java.util.Set<String> HANDLED = java.util.Set.of("message_start", "content_block_start",
                "content_block_delta", "message_delta", "message_stop", "error");
        /** Tool blocks with an id and a name, whose arguments stream as {@code input_json_delta}. */
        private static final java.util.Set<String> TOOL_BLOCKS = java.util.Set.of("tool_use", "server_tool_use",
                "mcp_tool_use");
        /** Blocks of a type Tidemark does not show (tool results, compaction, types added later): deltas ignored. */
        private final java.util.Set<Integer> unshownBlocks = new java.util.HashSet<>();
        private String stopReason;
        private long inputTokens = -1;
        private long outputTokens = -1;

        @Override
        public void onEvent(String type, String data, StreamSink sink)
                throws SseStream.MalformedEventException, SseStream.ServerError {
            if (type != null && !HANDLED.contains(type)) {
                return; // ping, content_block_stop and events added later: nothing to show, not even parsed
            }
            JsonNode event = parse(data, type);
            String name = type != null ? type : event.path("type").asText("");
            switch (name) {
                case "message_start" -> {
                    JsonNode usage = event.path("message").path("usage");
                    inputTokens = usage.path("input_tokens").asLong(inputTokens);
                    outputTokens = usage.path("output_tokens").asLong(outputTokens);
                }
                case "content_block_start" -> blockStart(event.path("index").asInt(0), event.path("content_block"),
                        sink);
                case "content_block_delta" -> blockDelta(event.path("index").asInt(0), event.path("delta"), sink);
                case "message_delta" -> {
                    JsonNode reason = event.path("delta").path("stop_reason");
                    if (reason.isTextual()) {
                        stopReason = reason.asText();
                    }
                    JsonNode usage = event.path("usage");
                    if (usage.isObject()) { // cumulative totals: they replace what came before
                        inputTokens = usage.path("input_tokens").asLong(inputTokens);
                        outputTokens = usage.path("output_tokens").asLong(outputTokens);
                        sink.usage(inputTokens, outputTokens, -1);
                    }
                }
                case "message_stop" -> sink.done(stopReason == null ? "end_turn" : stopReason);
                case "error" -> {
                    JsonNode error = event.path("error");
                    String kind = error.path("type").asText("error");
                    String message = error.path("message").asText("unknown error");
                    boolean retryable = kind.equals("overloaded_error") || kind.equals("api_error");
                    throw new SseStream.ServerError("Anthropic reported " + kind.replace('_', ' ') + ": " + message
                            + (message.endsWith(".") ? "" : "."), retryable);
                }
                default -> {
                    // an unnamed event of another type: nothing to show
                }
            }
        }

        private void blockStart(int index, JsonNode block, StreamSink sink) {
            String type = block.path("type").asText("");
            if (TOOL_BLOCKS.contains(type)) {
                unshownBlocks.remove(index);
                JsonNode input = block.path("input");
                // the arguments stream as input_json_delta; a complete input here is rare but kept
                String arguments = input.isObject() && input.size() > 0 ? input.toString() : "";
                sink.toolCall(index, block.path("id").asText(""), block.path("name").asText(""), arguments);
                return;
            }
            switch (type) {
                case "text" -> sink.text(block.path("text").asText(""));
                case "thinking" -> sink.reasoning(block.path("thinking").asText(""));
                case "redacted_thinking" -> sink.reasoning("[Part of the model's reasoning is redacted by Anthropic.]");
                default -> {
                    // tool results, compaction and blocks added later: nothing to show, and their deltas
                    // (e.g. an input_json_delta) must not become a tool call without id or name
                    unshownBlocks.add(index);
                    return;
                }
            }
            unshownBlocks.remove(index);
        }

        private void blockDelta(int index, JsonNode delta, StreamSink sink) {
            if (unshownBlocks.contains(index)) {
                return;
            }
            switch (delta.path("type").asText("")) {
                case "text_delta" -> sink.text(delta.path("text").asText(""));
                case "thinking_delta" -> sink.reasoning(delta.path("thinking").asText(""));
                case "input_json_delta" -> sink.toolCall(index, null, null, delta.path("partial_json").asText(""));
                default -> {
                    // signature_delta (kept by the service for the next turn), citations_delta, later types
                }
            }
        }

        @Override
        public void onJsonBody(String json, StreamSink sink)
                throws SseStream.MalformedEventException, SseStream.ServerError {
            JsonNode message = parse(json, "message");
            if ("error".equals(message.path("type").asText())) {
                onEvent("error", json, sink);
                return;
            }
            JsonNode content = message.path("content");
            for (int i = 0; i < content.size(); i++) {
                JsonNode block = content.get(i);
                switch (block.path("type").asText("")) {
                    case "text" -> sink.text(block.path("text").asText(""));
                    case "thinking" -> sink.reasoning(block.path("thinking").asText(""));
                    case "tool_use", "server_tool_use", "mcp_tool_use" -> sink.toolCall(i, block.path("id").asText(""),
                            block.path("name").asText(""), block.path("input").toString());
                    default -> {
                        // nothing to show
                    }
                }
            }
            JsonNode usage = message.path("usage");
            if (usage.isObject()) {
                sink.usage(usage.path("input_tokens").asLong(-1), usage.path("output_tokens").asLong(-1), -1);
            }
            sink.done(message.path("stop_reason").asText("end_turn"));
        }

        @Override
        public void onEndOfStream(StreamSink sink) {
            if (stopReason != null) {
                sink.done(stopReason); // the last event may lack its blank line, or message_stop may be missing
            } else {
                if (sink.hasContent()) {
                    sink.lost("The connection closed before the reply finished. The reply so far is kept.");
                } else {
                    sink.fail("The connection closed before the reply finished.");
                }
            }
        }

        private static JsonNode parse(String data, String type) throws SseStream.MalformedEventException {
            try {
                JsonNode event = JSON.readTree(data);
                if (event == null || !event.isObject()) {
                    throw new SseStream.MalformedEventException("not a JSON object in '" + type + "' event");
                }
                return event;
            } catch (IOException e) {
                throw new SseStream.MalformedEventException("not JSON in '" + type + "' event");
            }
        }
    }
}
