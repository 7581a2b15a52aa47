package dev.tidemark.provider.openai;

import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.HttpErrors;
import dev.tidemark.provider.MediaRefusals;
import dev.tidemark.provider.ModelListing;
import dev.tidemark.provider.ProviderException;
import dev.tidemark.provider.RequestOrigin;
import dev.tidemark.provider.Resumable;
import dev.tidemark.provider.SseStream;
import dev.tidemark.provider.StreamListener;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI's Responses API ({@code POST {baseUrl}/responses}, {@code "stream": true}); the base URL
 * includes {@code /v1}. The body is {@link ResponsesBody}, the events are read by
 * {@link ResponsesEvents}; the transport (retries before content, stall watchdog, error wording,
 * key redaction) is {@link SseStream}'s. In the background ({@code background: true, store: true})
 * the service runs on without the connection: the reply's id is reported as {@code Remote}, every
 * event's {@code sequence_number} as {@code Position}, and {@link #resume} re-joins it. See
 * {@code docs/providers.md}, "The Responses API", and ADR 12.
 */
public final class ResponsesProvider implements ChatProvider, Resumable {

    private static final String SERVICE = "The OpenAI-compatible server";
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final OkHttpClient client;
    private final Endpoint endpoint;
    private final HttpUrl baseUrl;
    private final boolean background;
    private final SseStream.Policy policy;

    public ResponsesProvider(OkHttpClient client, Endpoint endpoint, boolean background) {
        this(client, endpoint, background, SseStream.Policy.defaults());
    }

    public ResponsesProvider(OkHttpClient client, Endpoint endpoint, boolean background, SseStream.Policy policy) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.baseUrl = SseStream.directory(endpoint.baseUrl());
        this.background = background;
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public String displayName() {
        return "OpenAI Responses API (" + baseUrl.host() + ")";
    }

    @Override
    public String defaultModel() {
        return OpenAiProvider.DEFAULT_MODEL;
    }

    @Override
    public boolean background() {
        return background;
    }

    @Override
    public Optional<Resumable> resumable() {
        return Optional.of(this);
    }

    @Override
    public Optional<RequestOrigin> origin() {
        return Optional.of(new RequestOrigin(RequestOrigin.RESPONSES, endpoint.baseUrl(), background));
    }

    @Override
    public Cancellable stream(ChatRequest request, StreamListener listener) {
        Request.Builder http = SseStream.jsonPost(url("responses"), ResponsesBody.of(request, background));
        sign(http);
        return SseStream.start(service(), endpoint.apiKey(), client, http.build(),
                new ResponsesEvents(service(), background, -1, false), listener, policy, MediaRefusals.Sent.of(request));
    }

    @Override
    public Cancellable resume(String responseId, long after, String model, StreamListener listener) {
        HttpUrl.Builder url = url("responses").newBuilder().addPathSegment(responseId)
                .addQueryParameter("stream", "true");
        if (after >= 0) {
            url.addQueryParameter("starting_after", Long.toString(after));
        }
        Request.Builder http = new Request.Builder().url(url.build()).header("Accept", "text/event-stream").get();
        sign(http);
        return SseStream.start(service(), endpoint.apiKey(), client, http.build(),
                new ResponsesEvents(service(), true, after, true), listener, policy);
    }

    @Override
    public CompletableFuture<Void> cancelRemote(String responseId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            HttpUrl url = url("responses").newBuilder().addPathSegment(responseId).addPathSegment("cancel").build();
            Request.Builder http = new Request.Builder().url(url).post(RequestBody.create("", JSON_TYPE));
            sign(http);
            client.newCall(http.build()).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    done.completeExceptionally(new ProviderException(
                            HttpErrors.fromException(service(), e, false, endpoint.apiKey())));
                }

                @Override
                public void onResponse(Call call, Response response) {
                    try (response) {
                        if (response.isSuccessful()) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(new ProviderException("The reply could not be stopped on the"
                                    + " service (it may have finished already): "
                                    + HttpErrors.fromResponse(service(), response, endpoint.apiKey())));
                        }
                    }
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(new ProviderException("The reply could not be stopped on the service: "
                    + "Tidemark could not send the request."));
        }
        return done;
    }

    @Override
    public CompletableFuture<List<String>> listModels() {
        Request.Builder http = new Request.Builder().url(url("models")).get();
        sign(http);
        return ModelListing.fetch(client, http.build(), service(), endpoint.apiKey());
    }

    private String service() {
        return endpoint.nameOr(SERVICE);
    }

    private HttpUrl url(String path) {
        return Objects.requireNonNull(baseUrl.resolve(path));
    }

    private void sign(Request.Builder http) {
        if (endpoint.hasKey()) {
            http.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        endpoint.headers().forEach(http::header);
    }
}
