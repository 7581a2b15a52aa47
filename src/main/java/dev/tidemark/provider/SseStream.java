package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.StreamEvent;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.io.IOException;

/**
 * Runs one server-sent-event request with okhttp-sse and turns the transport's outcomes (HTTP
 * errors, dropped connections, timeouts) into the stream's terminal event. The wire protocol's own
 * events are handed to a {@link EventHandler}; this class knows nothing about their JSON.
 */
public final class SseStream implements Cancellable {

    /** Parses one protocol's events. Called on OkHttp's reader thread. */
    public interface EventHandler {
        /**
         * Handles one event. Emit text or the terminal event through the sink.
         *
         * @throws MalformedEventException when the event cannot be understood
         */
        void onEvent(String type, String data, StreamSink sink) throws MalformedEventException;

        /** The server closed the stream; emit the terminal event if the protocol has not already. */
        void onEndOfStream(StreamSink sink);
    }

    /** An event the handler could not parse. */
    public static final class MalformedEventException extends Exception {
        public MalformedEventException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final String serviceName;
    private final String apiKey;
    private final StreamSink sink;
    private final EventHandler handler;
    private final EventSource source;
    private volatile boolean cancelled;

    private SseStream(String serviceName, String apiKey, StreamSink sink, EventHandler handler,
                      OkHttpClient client, Request request) {
        this.serviceName = serviceName;
        this.apiKey = apiKey;
        this.sink = sink;
        this.handler = handler;
        this.source = EventSources.createFactory(client).newEventSource(request, new Listener());
    }

    /**
     * Starts the request.
     *
     * @param serviceName how the service is named in error messages, e.g. "OpenAI"
     * @param apiKey      the key, only so that it can be scrubbed from any error text
     */
    public static SseStream start(String serviceName, String apiKey, OkHttpClient client, Request request,
                                  EventHandler handler, StreamListener listener) {
        // handlers word their own failures from server text (e.g. a mid-stream error event), which may echo the key
        StreamListener redacting = event -> listener.onEvent(event instanceof StreamEvent.Failed failed
                ? new StreamEvent.Failed(Secrets.redact(failed.message(), apiKey))
                : event);
        return new SseStream(serviceName, apiKey, new StreamSink(redacting), handler, client, request);
    }

    /** A base URL as a directory, so that relative paths resolve below it ({@code .../v1} + {@code chat/completions}). */
    public static HttpUrl directory(String baseUrl) {
        return HttpUrl.get(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** A POST of a JSON body that asks for an event stream. */
    public static Request.Builder jsonPost(HttpUrl url, JsonNode body) {
        try {
            return new Request.Builder()
                    .url(url)
                    .header("Accept", "text/event-stream")
                    .post(RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE));
        } catch (IOException e) {
            throw new IllegalStateException("could not write the request body", e);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        source.cancel();
    }

    private final class Listener extends EventSourceListener {
        @Override
        public void onEvent(EventSource eventSource, String id, String type, String data) {
            if (cancelled || sink.isFinished()) {
                return;
            }
            try {
                handler.onEvent(type, data, sink);
            } catch (MalformedEventException | RuntimeException e) {
                sink.fail(serviceName + " sent an event Tidemark could not read ("
                        + Secrets.redact(e.getMessage(), apiKey) + "). The reply so far is kept.");
            }
            if (sink.isFinished()) {
                eventSource.cancel();
            }
        }

        @Override
        public void onClosed(EventSource eventSource) {
            if (!cancelled) {
                handler.onEndOfStream(sink);
            }
        }

        @Override
        public void onFailure(EventSource eventSource, Throwable t, Response response) {
            if (cancelled || sink.isFinished()) {
                return;
            }
            if (response != null && !response.isSuccessful()) {
                sink.fail(httpError(response));
            } else if (response != null && t instanceof IllegalArgumentException) {
                // okhttp-sse's reader throws this ("byteCount < 0: -1") when the body ends cleanly in the
                // middle of a data line, i.e. the last event lacks its newline: an end of stream, not a fault
                handler.onEndOfStream(sink);
            } else if (response != null && t == null) {
                sink.fail(serviceName + " answered with " + contentType(response)
                        + " instead of an event stream.");
            } else {
                sink.fail(transportError(t, response));
            }
        }
    }

    private String httpError(Response response) {
        return HttpErrors.fromResponse(serviceName, response, apiKey);
    }

    private static String contentType(Response response) {
        String type = response.header("Content-Type");
        return type == null ? "no content type" : "'" + type + "'";
    }

    private String transportError(Throwable t, Response response) {
        if (t != null && t.getMessage() != null && t.getMessage().startsWith("Invalid content-type")) {
            return serviceName + " answered with " + contentType(response) + " instead of an event stream.";
        }
        String what = HttpErrors.fromException(serviceName, t, response != null, apiKey);
        return what + (response != null ? " The reply so far is kept." : "");
    }
}
