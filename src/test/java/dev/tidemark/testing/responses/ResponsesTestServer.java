package dev.tidemark.testing.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for OpenAI's Responses API that plays a scripted reply, over real HTTP on
 * loopback (MockWebServer; every connection has its own thread, so many are served at once).
 *
 * <ul>
 *   <li>{@code POST /v1/responses} creates a response from the next {@link #script} and streams it:
 *       {@code event: <type>\ndata: <json>\n\n}, every event with {@code sequence_number},
 *       {@code response.created} (seq 0) first, a terminal event last, no {@code [DONE]}.</li>
 *   <li>A <em>background</em> response ({@code "background": true}) keeps generating on the
 *       server's own clock whether or not anyone listens: its events are planned at creation, each
 *       due at a time from creation; a stream sends those already due at once, then each as it falls
 *       due. A plain one ends with its connection: it cannot be fetched again (404), as at OpenAI.</li>
 *   <li>{@code GET /v1/responses/{id}?stream=true&starting_after=N} streams the stored events with
 *       {@code sequence_number > N} (absent: all), then the live ones, then the terminal event.</li>
 *   <li>{@code POST /v1/responses/{id}/cancel} stops it: no more pieces; its streams end with a
 *       {@code response.cancelled} event (OpenAI documents no cancel event; this is the choice made
 *       here, and the provider reads it as "the service says it was cancelled"); answers the
 *       response JSON with {@code status: cancelled}, or 400 for a response that already finished.</li>
 *   <li>{@link #forget} makes an id answer 404 from then on, as an expired response.</li>
 * </ul>
 */
public final class ResponsesTestServer implements AutoCloseable {

    /** One request as it arrived. */
    public record Recorded(String method, String path, String query, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final Deque<Script> scripts = new ArrayDeque<>();
    private Script lastScript = Script.empty();
    private final Map<String, StoredResponse> responses = new ConcurrentHashMap<>();
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<String> cancels = new CopyOnWriteArrayList<>();
    private final AtomicInteger dropFirstAfter = new AtomicInteger(-1);
    private volatile String lastResponseId;

    private ResponsesTestServer() {
    }

    /** A server listening on a free loopback port. */
    public static ResponsesTestServer start() {
        ResponsesTestServer s = new ResponsesTestServer();
        s.server.setDispatcher(s.new Routes());
        try {
            s.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** The base URL as a client takes it, ending in {@code /v1}. */
    public String baseUrl() {
        String url = server.url("/v1").toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The next response created streams these pieces as {@code response.output_text.delta} events,
     * one per {@code interval}; change the returned script for reasoning, a function call or another
     * end. Scripts are used in order; when none is left, the last one again.
     */
    public synchronized Script script(List<String> pieces, Duration interval) {
        Script script = new Script(pieces, interval);
        scripts.add(script);
        return script;
    }

    /** Cuts the first create stream's connection after this many events (the response goes on if it is in the background). */
    public void dropFirstConnectionAfter(int events) {
        dropFirstAfter.set(events);
    }

    /** From now on, this response is unknown: 404, as an expired one. */
    public void forget(String id) {
        forgotten.add(id);
    }

    /** Every request so far, in order of arrival. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The ids of the responses a cancel was asked for, in order. */
    public List<String> cancels() {
        return List.copyOf(cancels);
    }

    /** The id of the response created last, or null. */
    public String lastResponseId() {
        return lastResponseId;
    }

    /**
     * Waits until response {@code id} has generated everything (its terminal event is due, or it was
     * cancelled), at most a minute.
     */
    public void awaitGenerated(String id) {
        StoredResponse response = responses.get(id);
        if (response == null) {
            throw new IllegalArgumentException("no response " + id);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try {
            while (!response.generated()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("response " + id + " did not finish generating within a minute");
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The whole text response {@code id} says (what it will say when generated). */
    public String textOf(String id) {
        StoredResponse response = responses.get(id);
        return response == null ? null : response.text;
    }

    @Override
    public void close() {
        responses.values().forEach(StoredResponse::close);
        server.close();
    }

    private synchronized Script nextScript() {
        Script next = scripts.poll();
        if (next != null) {
            lastScript = next;
        }
        return lastScript;
    }

    /** Routes requests; MockWebServer calls it on each connection's own thread. */
    private final class Routes extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            String body = request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8);
            requests.add(new Recorded(request.getMethod(), path, request.getUrl().encodedQuery(), body));
            List<String> segments = request.getUrl().pathSegments();
            if (segments.size() < 2 || !segments.get(0).equals("v1") || !segments.get(1).equals("responses")) {
                return error(404, "Unknown path " + path);
            }
            if (segments.size() == 2 && request.getMethod().equals("POST")) {
                return create(body);
            }
            String id = segments.get(2);
            StoredResponse stored = responses.get(id);
            if (stored == null || forgotten.contains(id) || !stored.background) {
                return error(404, "Response with id '" + id + "' not found.");
            }
            if (segments.size() == 4 && segments.get(3).equals("cancel") && request.getMethod().equals("POST")) {
                cancels.add(id);
                if (!stored.cancel()) {
                    return error(400, "Cannot cancel a completed response.");
                }
                return json(stored.response("cancelled").toString());
            }
            if (segments.size() == 3 && request.getMethod().equals("GET")) {
                if (!"true".equals(request.getUrl().queryParameter("stream"))) {
                    return json(stored.response(stored.status()).toString());
                }
                String after = request.getUrl().queryParameter("starting_after");
                return stream(stored, after == null ? -1 : Long.parseLong(after), -1);
            }
            return error(404, "Unknown path " + path);
        }

        private MockResponse create(String body) {
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                return error(400, "The body is not JSON.");
            }
            String id = "resp_" + UUID.randomUUID().toString().replace("-", "");
            boolean background = json.path("background").asBoolean(false);
            StoredResponse stored = new StoredResponse(id, background, json.path("model").asText("gpt-test"),
                    nextScript());
            responses.put(id, stored);
            lastResponseId = id;
            return stream(stored, -1, dropFirstAfter.getAndSet(-1));
        }
    }

    private static MockResponse stream(StoredResponse stored, long after, int dropAfter) {
        MockResponse.Builder builder = new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/event-stream; charset=utf-8")
                .body(new EventsBody(stored, after, dropAfter));
        if (dropAfter < 0) {
            // the body is written as it is generated, its length unknown: it ends when the connection closes
            builder.setHeader("Connection", "close").onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE);
        } else {
            // promise more bytes than are sent, then close the socket: the client sees the connection
            // drop mid-body, as when a network or a proxy cuts it
            builder.onResponseEnd(new SocketEffect.CloseSocket());
        }
        return builder.build();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse error(int code, String message) {
        String body = JSON.createObjectNode().set("error", JSON.createObjectNode().put("message", message)
                .put("type", "invalid_request_error").putNull("param").putNull("code")).toString();
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** Writes a response's events as they fall due; chunked, flushed one by one. */
    private static final class EventsBody implements MockResponseBody {
        private final StoredResponse stored;
        private final long after;
        private final int dropAfter;

        EventsBody(StoredResponse stored, long after, int dropAfter) {
            this.stored = stored;
            this.after = after;
            this.dropAfter = dropAfter;
        }

        @Override
        public long getContentLength() {
            return dropAfter >= 0 ? 1L << 30 : -1; // chunked, unless it is to be cut
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            int sent = 0;
            try {
                for (int i = 0; ; i++) {
                    StoredResponse.Event event = stored.await(i);
                    if (event == null) {
                        return;
                    }
                    if (event.seq() <= after) {
                        continue;
                    }
                    if (sent == dropAfter) {
                        return; // the socket effect cuts the connection here
                    }
                    sink.writeUtf8(event.wire());
                    sink.flush();
                    sent++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

}
