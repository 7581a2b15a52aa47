package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.StreamEvent;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs one streaming request and turns what happens on the wire into the stream's events. The
 * body is framed by {@link SseParser} (bytes first, text second); the wire protocol's own events
 * go to an {@link EventHandler}, which knows the JSON. This class knows the transport:
 *
 * <ul>
 *   <li>HTTP errors, refused connections, TLS failures and timeouts become one sentence a user can
 *       act on, never with the key in it;</li>
 *   <li>before any of the reply has arrived, rate limits (honouring {@code Retry-After}), overload,
 *       5xx and dropped connections are retried with backoff; after that, never — the partial
 *       reply is kept and the turn ends with the error;</li>
 *   <li>a watchdog ends a stream that stalls: keep-alive comments keep the connection open but are
 *       not progress;</li>
 *   <li>a server that ignores {@code "stream": true} and answers one JSON document is understood.</li>
 * </ul>
 */
public final class SseStream implements Cancellable {

    /** Parses one protocol's events. Called on OkHttp's reader thread. */
    public interface EventHandler {
        /**
         * Handles one event. Emit content or the terminal event through the sink.
         *
         * @throws MalformedEventException when the event cannot be understood
         * @throws ServerError             when the event is the server reporting an error
         */
        void onEvent(String type, String data, StreamSink sink) throws MalformedEventException, ServerError;

        /** The body ended; emit the terminal event if the protocol has not already. */
        void onEndOfStream(StreamSink sink);

        /** A complete JSON answer instead of a stream (the server ignored {@code "stream": true}). */
        default void onJsonBody(String json, StreamSink sink) throws MalformedEventException, ServerError {
            throw new MalformedEventException("a JSON answer where a stream was expected");
        }

        /**
         * True once the service has begun this reply on its side (a background run whose id arrived):
         * the request is never sent again, and losing the connection from now on ends the stream with
         * {@link StreamSink#lost}, even before any content.
         */
        default boolean started() {
            return false;
        }

        /**
         * True when this stream re-joins a reply the service keeps ({@code GET responses/{id}}): losing
         * the connection, or the service's temporary trouble (429, 5xx), ends it with
         * {@link StreamSink#lost} at any point, for the caller to try again later.
         */
        default boolean reattaching() {
            return false;
        }

        /**
         * The whole message for an HTTP error status this protocol words itself (e.g. a response the
         * service no longer has), or null for the usual wording.
         */
        default String refusal(int code) {
            return null;
        }
    }

    /** An event the handler could not parse. */
    public static final class MalformedEventException extends Exception {
        public MalformedEventException(String message) {
            super(message);
        }
    }

    /** The server said, inside the stream, that it failed. */
    public static final class ServerError extends Exception {
        private final boolean retryable;

        /** @param retryable true for overload and temporary server trouble */
        public ServerError(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /**
     * How patient a stream is.
     *
     * @param maxRetries          attempts after the first, only before any content arrived
     * @param firstContentTimeout how long to wait for the first piece of the reply (local models load, some
     *                            services queue for minutes sending only keep-alives)
     * @param stallTimeout        how long a reply may go without a new piece once it has started
     * @param maxRetryWait        the longest wait Tidemark will sit out silently before a retry
     */
    public record Policy(int maxRetries, Duration firstContentTimeout, Duration stallTimeout, Duration maxRetryWait) {
        public static Policy defaults() {
            return new Policy(2, Duration.ofMinutes(10), Duration.ofSeconds(90), Duration.ofSeconds(30));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final long MAX_JSON_BODY = 16L << 20;

    private final String serviceName;
    private final String apiKey;
    private final OkHttpClient client;
    private final Request request;
    private final EventHandler handler;
    private final StreamSink sink;
    private final Policy policy;
    private final MediaRefusals.Sent sent;
    private final long startedNanos = System.nanoTime();
    private volatile boolean cancelled;
    private volatile Redirects.FollowingCall current;
    private volatile ScheduledFuture<?> pendingRetry;
    // the stream's own timer thread, for its watchdog and retry waits (it only schedules, never blocks);
    // it ends with the stream: at the terminal event or at cancel(), whichever comes first
    private final ScheduledThreadPoolExecutor timer;
    private final ScheduledFuture<?> watchdog;

    private SseStream(String serviceName, String apiKey, OkHttpClient client, Request request, EventHandler handler,
                      StreamListener listener, Policy policy, MediaRefusals.Sent sent) {
        this.serviceName = serviceName;
        this.sent = sent;
        this.apiKey = apiKey;
        this.client = client;
        this.request = request;
        this.handler = handler;
        this.policy = policy;
        // handlers word failures from server text (e.g. a mid-stream error event), which may echo the key
        this.sink = new StreamSink(event -> {
            if (event.isTerminal()) {
                stopTimer(); // the sink lets one terminal event through, and nothing after it
            }
            listener.onEvent(event instanceof StreamEvent.Failed failed
                    ? new StreamEvent.Failed(Secrets.redact(failed.message(), apiKey), failed.connectionLost())
                    : event);
        });
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "provider-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        long period = Math.max(20, Math.min(1000, policy.stallTimeout().toMillis() / 4));
        this.watchdog = timer.scheduleAtFixedRate(this::checkProgress, period, period, TimeUnit.MILLISECONDS);
    }

    /** Ends the timer thread once the task running on it (if any) returns; pending waits are dropped. */
    private void stopTimer() {
        timer.shutdown();
    }

    /** True once the stream's timer thread has been told to end (tests). */
    boolean timerStopped() {
        return timer.isShutdown();
    }

    /**
     * Starts the request.
     *
     * @param serviceName how the service is named in messages, e.g. "Anthropic"
     * @param apiKey      the key, only so that it can be scrubbed from any text shown
     */
    public static SseStream start(String serviceName, String apiKey, OkHttpClient client, Request request,
                                  EventHandler handler, StreamListener listener) {
        return start(serviceName, apiKey, client, request, handler, listener, Policy.defaults());
    }

    public static SseStream start(String serviceName, String apiKey, OkHttpClient client, Request request,
                                  EventHandler handler, StreamListener listener, Policy policy) {
        return start(serviceName, apiKey, client, request, handler, listener, policy, MediaRefusals.Sent.NOTHING);
    }

    /**
     * Starts a request that may carry images or PDFs: an answer saying the model takes none is
     * worded as such ({@link MediaRefusals}) and not retried.
     */
    public static SseStream start(String serviceName, String apiKey, OkHttpClient client, Request request,
                                  EventHandler handler, StreamListener listener, Policy policy,
                                  MediaRefusals.Sent sent) {
        SseStream stream = new SseStream(serviceName, apiKey, client, request, handler, listener, policy, sent);
        stream.attempt(0);
        return stream;
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
        watchdog.cancel(false);
        stopTimer();
        ScheduledFuture<?> retry = pendingRetry;
        if (retry != null) {
            retry.cancel(false);
        }
        Redirects.FollowingCall call = current;
        if (call != null) {
            call.cancel();
        }
    }

    private void attempt(int attempt) {
        if (cancelled || sink.isFinished()) {
            return;
        }
        current = Redirects.enqueue(client, request, new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                if (cancelled || sink.isFinished()) {
                    return;
                }
                String message = HttpErrors.fromException(serviceName, e, false, apiKey);
                if (retryable(e) && attempt < policy.maxRetries() && !progressed()) {
                    retry(attempt, message, null);
                } else if (progressed() || handler.reattaching()) {
                    sink.lost(message);
                } else {
                    sink.fail(message);
                }
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    handle(attempt, response);
                } finally {
                    if (sink.isFinished()) {
                        watchdog.cancel(false);
                    }
                }
            }
        });
    }

    private void handle(int attempt, Response response) {
        if (!response.isSuccessful()) {
            int code = response.code();
            String own = handler.refusal(code);
            if (own != null) {
                sink.fail(own);
                return;
            }
            String message = HttpErrors.fromResponse(serviceName, response, apiKey, sent);
            boolean refused = HttpErrors.refusal(response, sent).isPresent() // asking again changes nothing
                    || HttpErrors.toolRefusal(response, sent);
            boolean retryable = !refused
                    && (code == 408 || code == 409 || code == 429 || (code >= 500 && code != 501));
            if (retryable && attempt < policy.maxRetries() && !progressed()) {
                Duration asked = RetryAfter.of(response);
                if (asked != null && asked.compareTo(policy.maxRetryWait()) > 0) {
                    sink.fail(message + " The service asks to wait about " + Math.max(1, asked.toSeconds())
                            + " s before trying again.");
                    return;
                }
                retry(attempt, message, asked);
                return;
            }
            if (retryable && handler.reattaching()) {
                sink.lost(message);
            } else {
                sink.fail(message);
            }
            return;
        }
        ResponseBody body = response.body();
        String contentType = response.header("Content-Type", "");
        try {
            if (contentType.startsWith("application/json")) {
                byte[] json = readAtMost(body.byteStream(), MAX_JSON_BODY);
                if (json.length > MAX_JSON_BODY) {
                    sink.fail(serviceName + " sent an answer larger than " + SseParser.mib(MAX_JSON_BODY)
                            + "; Tidemark did not read it. Check the base URL.");
                    return;
                }
                handler.onJsonBody(new String(json, StandardCharsets.UTF_8), sink);
                if (!sink.isFinished()) {
                    handler.onEndOfStream(sink);
                }
                return;
            }
            int[] events = {0};
            SseParser parser = new SseParser(new SseParser.Listener() {
                @Override
                public void onEvent(String type, String data) {
                    if (cancelled || sink.isFinished()) {
                        return;
                    }
                    events[0]++;
                    try {
                        handler.onEvent(type, data, sink);
                    } catch (MalformedEventException | ServerError e) {
                        throw new HandlerException(e);
                    }
                }
            });
            byte[] buffer = new byte[8192];
            InputStream in = body.byteStream();
            int n;
            while (!cancelled && !sink.isFinished() && (n = in.read(buffer)) != -1) {
                parser.feed(buffer, 0, n);
            }
            if (!cancelled && !sink.isFinished()) {
                try {
                    parser.finish();
                } catch (HandlerException cut) {
                    if (!(cut.getCause() instanceof MalformedEventException)) {
                        throw cut;
                    }
                    // the last event was cut off mid-way by the end of the body: an interrupted stream,
                    // not a malformed one
                }
            }
            if (!cancelled && !sink.isFinished()) {
                if (events[0] == 0 && !contentType.startsWith("text/event-stream")) {
                    sink.fail(serviceName + " answered with '" + contentType + "' instead of an event stream."
                            + " Check the base URL.");
                } else {
                    handler.onEndOfStream(sink);
                }
            }
        } catch (SseParser.TooLarge tooLarge) {
            // not retried: a server that sent it once will send it again
            sink.fail(serviceName + " sent an event larger than " + SseParser.mib(tooLarge.limit())
                    + "; Tidemark stopped reading the reply there rather than run out of memory."
                    + (sink.hasContent() ? " The reply so far is kept." : ""));
        } catch (HandlerException wrapped) {
            failFromHandler(attempt, wrapped.getCause());
        } catch (MalformedEventException | ServerError e) {
            failFromHandler(attempt, e);
        } catch (IOException | RuntimeException e) {
            if (cancelled || sink.isFinished()) {
                return;
            }
            String message = HttpErrors.fromException(serviceName, e, true, apiKey);
            if (!progressed() && attempt < policy.maxRetries()) {
                retry(attempt, message, null);
                return;
            }
            if (progressed() || handler.reattaching()) {
                sink.lost(message + (sink.hasContent() ? " The reply so far is kept." : ""));
            } else {
                sink.fail(message);
            }
        }
    }

    private void failFromHandler(int attempt, Throwable cause) {
        if (cancelled || sink.isFinished()) {
            return;
        }
        if (cause instanceof ServerError error) {
            if (error.retryable() && !progressed() && attempt < policy.maxRetries()) {
                retry(attempt, error.getMessage(), null);
                return;
            }
            sink.fail(error.getMessage() + (sink.hasContent() ? " The reply so far is kept." : ""));
        } else {
            sink.fail(serviceName + " sent an event Tidemark could not read (" + cause.getMessage() + ")."
                    + (sink.hasContent() ? " The reply so far is kept." : ""));
        }
    }

    /**
     * Schedules the next attempt (the caller checked that one is left).
     *
     * @param asked the wait the server asked for, or null for exponential backoff
     */
    private void retry(int attempt, String reason, Duration asked) {
        if (cancelled) {
            return;
        }
        Duration delay = asked != null ? asked : backoff(attempt);
        sink.retrying(reason, delay, attempt + 1);
        try {
            pendingRetry = timer.schedule(() -> attempt(attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException cancelledMeanwhile) {
            // cancel() stopped the timer after the check above: there is nothing left to retry for
        }
    }

    /** 0.5 s, 1 s, 2 s … at most 8 s, plus up to a quarter more so that clients do not retry in step. */
    static Duration backoff(int attempt) {
        double seconds = Math.min(8.0, 0.5 * Math.pow(2, attempt));
        return Duration.ofMillis((long) (seconds * 1000 * (1 + ThreadLocalRandom.current().nextDouble(0.25))));
    }

    private static boolean retryable(IOException e) {
        return e instanceof ConnectException || e instanceof SocketTimeoutException
                || (e.getMessage() != null && e.getMessage().contains("unexpected end of stream"));
    }

    /** Runs on the timer: ends a stream that has made no progress for too long. */
    private void checkProgress() {
        if (cancelled || sink.isFinished() || pendingRetry != null && !pendingRetry.isDone()) {
            return;
        }
        long now = System.nanoTime();
        String message = null;
        if (!sink.hasContent() && now - startedNanos > policy.firstContentTimeout().toNanos()) {
            message = serviceName + " did not start replying within " + describe(policy.firstContentTimeout()) + ".";
        } else if (sink.hasContent() && now - sink.lastContentNanos() > policy.stallTimeout().toNanos()) {
            message = serviceName + " stopped sending the reply (nothing new for " + describe(policy.stallTimeout())
                    + "). The reply so far is kept.";
        }
        if (message != null) {
            if (progressed() || handler.reattaching()) {
                sink.lost(message);
            } else {
                sink.fail(message);
            }
            cancel();
        }
    }

    /** Some of the reply reached the user, or the service began it on its side: it must not be asked again. */
    private boolean progressed() {
        return sink.hasContent() || handler.started();
    }

    private static String describe(Duration d) {
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " minutes";
        }
        if (d.toSeconds() >= 1) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    /** At most {@code limit + 1} bytes: a result longer than {@code limit} means the body is over it. */
    static byte[] readAtMost(InputStream in, long limit) throws IOException {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    }

    /** Carries a handler's checked failure out of the parser's callback. */
    private static final class HandlerException extends RuntimeException {
        HandlerException(Exception cause) {
            super(cause);
        }
    }
}
