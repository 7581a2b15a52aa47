package dev.tidemark.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.tidemark.testing.Waits.patiently;

/** Shared plumbing for the provider tests: clients, fixtures, canned responses. */
public final class TestHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode expected;

    private TestHttp() {
    }

    /** A client of its own per test, so that its dispatcher tells when the stream's thread is done. */
    public static OkHttpClient newClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .retryOnConnectionFailure(false)
                .build();
    }

    public static void shutdown(OkHttpClient client) {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
    }

    /**
     * Waits until the client runs no call any more. The stream's listener is called on the call's
     * own thread, so once this returns no further event can arrive from it.
     */
    public static void awaitIdle(OkHttpClient client) {
        patiently().pollInterval(Duration.ofMillis(1)).alias("the stream's call has ended")
                .until(() -> client.dispatcher().runningCallsCount() == 0);
    }

    /** An event-stream response with exactly these bytes as body. */
    public static MockResponse.Builder sse(String body) {
        return new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "text/event-stream")
                .body(body);
    }

    public static MockResponse jsonError(int code, String json) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(json)
                .build();
    }

    /**
     * The recorded streams no one here wrote, read where the shared folder lies beside the clone
     * ({@code ../shared/fixtures/real-streams/}; the project keeps no copy of them).
     */
    public static final Path REAL_STREAMS = Path.of("..", "shared", "fixtures", "real-streams");

    /** Streams recorded from services in the wild by other projects ({@code ../shared/fixtures/wild-streams/}). */
    public static final Path WILD_STREAMS = Path.of("..", "shared", "fixtures", "wild-streams");

    /** A fixture under {@link #REAL_STREAMS}, e.g. {@code "openai/e2aad469b71d.sse"}. */
    public static String fixture(String name) {
        return fixture(REAL_STREAMS, name);
    }

    /** A fixture under a folder of the shared fixtures, e.g. {@link #WILD_STREAMS}. */
    public static String fixture(Path folder, String name) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no fixture " + file.toAbsolutePath().normalize()
                    + ": the tests read the shared fixtures from ../shared beside the clone");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry of {@code expected.json} for a fixture, e.g. {@code "openai/e2aad469b71d.sse"}. */
    public static synchronized JsonNode expected(String name) {
        if (expected == null) {
            try {
                expected = JSON.readTree(fixture("expected.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode node = expected.get(name);
        if (node == null) {
            throw new IllegalArgumentException("expected.json has no entry " + name);
        }
        return node;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A body whose first half is exactly {@code first} (padded with an SSE comment line) and whose
     * second half is {@code second} (padded the same way). MockWebServer applies an
     * {@code onResponseBody} socket effect after half of the body, so the effect then hits exactly
     * between the two parts.
     */
    public static String splitBody(String first, String second) {
        int width = Math.max(first.length(), second.length()) + 8;
        return pad(first, width) + pad(second, width);
    }

    private static String pad(String part, int width) {
        // ": xxx\n" is a comment line: the SSE reader skips it
        return part + ": " + "x".repeat(width - part.length() - 3) + "\n";
    }

    /** A loopback port with nothing listening on it (it was free a moment ago). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
