package dev.tidemark.provider.openai;

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
import dev.tidemark.provider.ThinkTagSplitter;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI Chat Completions streaming ({@code POST {baseUrl}/chat/completions} with
 * {@code "stream": true}). The base URL includes {@code /v1}, as in the official SDKs, so the same
 * class serves every OpenAI-compatible service — with their quirks: reasoning under
 * {@code reasoning_content}, {@code reasoning} or {@code <think>} tags, tool calls without an
 * index or with their id on every chunk, usage on the finish chunk or in a chunk of its own, no
 * {@code [DONE]}, errors as a data event. See {@code docs/providers.md}.
 */
public final class OpenAiProvider implements ChatProvider {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    private static final String SERVICE = "The OpenAI-compatible server";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient client;
    private final Endpoint endpoint;
    private final HttpUrl baseUrl;
    private final SseStream.Policy policy;

    /**
     * @param baseUrl e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:11434/v1}
     * @param apiKey  may be null or blank for local servers that need none
     */
    public OpenAiProvider(OkHttpClient client, String baseUrl, String apiKey) {
        this(client, new Endpoint(baseUrl, apiKey));
    }

    public OpenAiProvider(OkHttpClient client, Endpoint endpoint) {
        this(client, endpoint, SseStream.Policy.defaults());
    }

    public OpenAiProvider(OkHttpClient client, Endpoint endpoint, SseStream.Policy policy) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.baseUrl = SseStream.directory(endpoint.baseUrl());
        this.policy = policy;
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
    public java.util.Optional<dev.tidemark.provider.RequestOrigin> origin() {
        return java.util.Optional.of(new dev.tidemark.provider.RequestOrigin(
                dev.tidemark.provider.RequestOrigin.CHAT, endpoint.baseUrl(), false));
    }

    @Override
    public String defaultModel() {
        return DEFAULT_MODEL;
    }

    @Override
    public Cancellable stream(ChatRequest request, StreamListener listener) {
        Request.Builder http = SseStream.jsonPost(Objects.requireNonNull(baseUrl.resolve("chat/completions")),
                OpenAiBody.of(request, baseUrl));
        sign(http);
        return SseStream.start(endpoint.nameOr(SERVICE), endpoint.apiKey(), client, http.build(), new ChunkHandler(),
                listener, policy, MediaRefusals.Sent.of(request));
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        Request.Builder http = new Request.Builder().url(Objects.requireNonNull(baseUrl.resolve("models"))).get();
        sign(http);
        return ModelListing.fetch(client, http.build(), endpoint.nameOr(SERVICE), endpoint.apiKey());
    }

    private void sign(Request.Builder http) {
        if (endpoint.hasKey()) {
            http.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        endpoint.headers().forEach(http::header);
    }

    /** Reads {@code chat.completion.chunk} events; owned by OkHttp's reader thread. */
    static final class ChunkHandler implements SseStream.EventHandler {
        private String finishReason;
        private ThinkTagSplitter think;
        private final Map<String, Integer> toolIndexById = new HashMap<>();
        private int lastToolIndex = -1;
        private int highestToolIndex = -1;

        @Override
        public void onEvent(String type, String data, StreamSink sink)
                throws SseStream.MalformedEventException, SseStream.ServerError {
            if (data.startsWith("[DONE]")) {
                end(sink);
                return;
            }
            JsonNode chunk = parse(data);
            if ("error".equals(type) || chunk.hasNonNull("error")) {
                throw serverError(chunk);
            }
            JsonNode choices = chunk.path("choices");
            if (choices.isArray()) {
                for (JsonNode choice : choices) {
                    if (choice.path("index").asInt(0) == 0) { // n > 1: Tidemark shows choice 0
                        delta(choice.path("delta"), sink);
                        JsonNode finish = choice.path("finish_reason");
                        if (finish.isTextual()) {
                            finishReason = finish.asText();
                        }
                    }
                }
            }
            JsonNode usage = chunk.path("usage");
            usage(usage.isObject() ? usage : chunk.path("x_groq").path("usage"), sink); // Groq: under x_groq
        }

        @Override
        public void onJsonBody(String json, StreamSink sink)
                throws SseStream.MalformedEventException, SseStream.ServerError {
            JsonNode answer = parse(json);
            if (answer.hasNonNull("error")) {
                throw serverError(answer);
            }
            JsonNode choices = answer.path("choices");
            for (JsonNode choice : choices) {
                if (choice.path("index").asInt(0) == 0) {
                    delta(choice.path("message"), sink);
                    finishReason = choice.path("finish_reason").asText("stop");
                }
            }
            usage(answer.path("usage"), sink);
            if (finishReason == null) {
                throw new SseStream.MalformedEventException("a JSON answer without choices");
            }
            end(sink);
        }

        @Override
        public void onEndOfStream(StreamSink sink) {
            if (finishReason != null) {
                end(sink); // some servers never send [DONE]
            } else {
                flushThink(sink);
                if (sink.hasContent()) {
                    sink.lost("The connection closed before the reply finished. The reply so far is kept.");
                } else {
                    sink.fail("The connection closed before the reply finished.");
                }
            }
        }

        private void end(StreamSink sink) {
            flushThink(sink);
            sink.done(finishReason == null ? "stop" : finishReason);
        }

        private void delta(JsonNode delta, StreamSink sink) {
            reasoning(delta, sink);
            JsonNode content = delta.path("content");
            if (content.isTextual()) {
                content(content.asText(), sink);
            } else if (content.isArray()) {
                contentParts(content, sink);
            }
            JsonNode refusal = delta.path("refusal");
            if (refusal.isTextual()) {
                sink.refusal(refusal.asText());
            }
            JsonNode toolCalls = delta.path("tool_calls");
            if (toolCalls.isArray()) {
                for (JsonNode call : toolCalls) {
                    toolCall(call, sink);
                }
            }
        }

        /**
         * {@code content} as an array of typed parts (Mistral's reasoning models): {@code text} parts are
         * text, {@code thinking} parts (their text in a list of parts of their own, or a string) reasoning.
         */
        private void contentParts(JsonNode parts, StreamSink sink) {
            for (JsonNode part : parts) {
                switch (part.path("type").asText("")) {
                    case "text" -> content(part.path("text").asText(""), sink);
                    case "thinking" -> {
                        JsonNode thinking = part.path("thinking");
                        if (thinking.isTextual()) {
                            sink.reasoning(thinking.asText());
                        }
                        for (JsonNode piece : thinking) {
                            if (piece.path("text").isTextual()) {
                                sink.reasoning(piece.path("text").asText());
                            }
                        }
                    }
                    default -> {
                        // images, references and parts added later: nothing to show
                    }
                }
            }
        }

        private void content(String text, StreamSink sink) {
            if (!text.isEmpty()) {
                if (think == null) {
                    think = new ThinkTagSplitter(new ThinkTagSplitter.Sink() {
                        @Override
                        public void text(String text) {
                            sink.text(text);
                        }

                        @Override
                        public void reasoning(String text) {
                            sink.reasoning(text);
                        }
                    });
                }
                think.accept(text);
            }
        }

        /** Reasoning goes by many names; take the first one a delta has, so that none is shown twice. */
        private static void reasoning(JsonNode delta, StreamSink sink) {
            for (String field : new String[] {"reasoning_content", "reasoning"}) {
                JsonNode value = delta.path(field);
                if (value.isTextual()) {
                    sink.reasoning(value.asText());
                    return;
                }
            }
            JsonNode details = delta.path("reasoning_details");
            if (details.isArray()) {
                for (JsonNode detail : details) {
                    if (detail.path("text").isTextual()) {
                        sink.reasoning(detail.path("text").asText());
                    }
                }
            }
        }

        private void toolCall(JsonNode call, StreamSink sink) {
            String id = call.path("id").isTextual() ? call.path("id").asText() : null;
            JsonNode function = call.path("function");
            String name = function.path("name").isTextual() ? function.path("name").asText() : null;
            String arguments = function.path("arguments").isTextual() ? function.path("arguments").asText() : "";
            int index;
            if (call.path("index").isIntegralNumber()) {
                index = call.path("index").asInt();
            } else if (id != null && !id.isEmpty()) {
                // no index (Gemini): a new id is a new call, a known id the same call
                index = toolIndexById.computeIfAbsent(id, k -> highestToolIndex + 1);
            } else {
                index = Math.max(lastToolIndex, 0);
            }
            if (id != null && !id.isEmpty()) {
                toolIndexById.putIfAbsent(id, index);
            }
            lastToolIndex = index;
            highestToolIndex = Math.max(highestToolIndex, index);
            sink.toolCall(index, id, name, arguments);
        }

        private static void usage(JsonNode usage, StreamSink sink) {
            if (usage.isObject()) {
                sink.usage(usage.path("prompt_tokens").asLong(-1), usage.path("completion_tokens").asLong(-1),
                        usage.path("completion_tokens_details").path("reasoning_tokens").asLong(-1));
            }
        }

        private void flushThink(StreamSink sink) {
            if (think != null) {
                think.finish();
            }
        }

        private static JsonNode parse(String data) throws SseStream.MalformedEventException {
            try {
                JsonNode node = JSON.readTree(data);
                if (node == null || !node.isObject()) {
                    throw new SseStream.MalformedEventException("not a JSON object: " + abbreviate(data));
                }
                return node;
            } catch (IOException e) {
                throw new SseStream.MalformedEventException("not JSON: " + abbreviate(data));
            }
        }

        private static SseStream.ServerError serverError(JsonNode chunk) {
            JsonNode error = chunk.has("error") ? chunk.get("error") : chunk;
            String message = error.isTextual() ? error.asText() : error.path("message").asText("unknown error");
            String kind = error.path("type").asText(error.path("code").asText(""));
            boolean retryable = kind.contains("server_error") || kind.contains("overloaded")
                    || kind.contains("unavailable") || "502".equals(kind) || "503".equals(kind);
            return new SseStream.ServerError("The server reported an error: " + message
                    + (message.endsWith(".") || message.endsWith("!") ? "" : "."), retryable);
        }
    }

    static String abbreviate(String data) {
        String oneLine = data.replaceAll("\\s+", " ");
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
    }
}
