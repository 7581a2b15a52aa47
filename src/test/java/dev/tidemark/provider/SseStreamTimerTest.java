package dev.tidemark.provider;

import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each stream owns its timer thread (watchdog, retry waits), and the thread ends with the stream. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SseStreamTimerTest {

    private MockWebServer server;
    private OkHttpClient client;
    private final EventCollector events = new EventCollector();

    /** Text events carry their data as text; the body's end is the end of the reply. */
    private static final SseStream.EventHandler TEXT = new SseStream.EventHandler() {
        @Override
        public void onEvent(String type, String data, StreamSink sink) {
            sink.text(data);
        }

        @Override
        public void onEndOfStream(StreamSink sink) {
            sink.done("stop");
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        client = TestHttp.newClient();
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        server.close();
    }

    private SseStream start(String url) {
        return SseStream.start("Test", null, client, new Request.Builder().url(url).build(), TEXT, events);
    }

    @Test
    void aFinishedStreamHasStoppedItsTimer() {
        server.enqueue(TestHttp.sse("data: hello\n\n").build());
        SseStream stream = start(server.url("/").toString());

        events.awaitDone();

        assertThat(stream.timerStopped()).isTrue();
    }

    @Test
    void aFailedRequestStopsItsTimer() {
        SseStream stream = SseStream.start("Test", null, client,
                new Request.Builder().url("http://127.0.0.1:" + TestHttp.closedPort() + "/").build(), TEXT, events,
                new SseStream.Policy(0, java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1),
                        java.time.Duration.ofSeconds(1)));

        events.awaitFailed();

        assertThat(stream.timerStopped()).isTrue();
    }

    @Test
    void cancellingStopsTheTimer() {
        SseStream stream = start(server.url("/").toString()); // nothing enqueued: the request waits

        assertThat(stream.timerStopped()).isFalse();
        stream.cancel();

        assertThat(stream.timerStopped()).isTrue();
    }
}
