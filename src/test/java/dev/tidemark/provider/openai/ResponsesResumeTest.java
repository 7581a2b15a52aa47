package dev.tidemark.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.EventCollector;
import dev.tidemark.provider.ProviderException;
import dev.tidemark.provider.TestHttp;
import dev.tidemark.model.Role;
import dev.tidemark.testing.responses.ResponsesTestServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Background runs against the scripted {@link ResponsesTestServer}: the id and positions, a dropped
 * connection said as lost, re-joining with {@code starting_after} (the rest exactly, nothing
 * doubled), a reply the service no longer has, and cancel.
 */
class ResponsesResumeTest {

    private static final String KEY = "sk-test-resume-secret-0123456789";
    private static final List<String> WORDS = List.of("One ", "two ", "three ", "four ", "five ", "six ", "seven ",
            "eight.");

    private ResponsesTestServer server;
    private OkHttpClient client;

    @BeforeEach
    void setUp() {
        server = ResponsesTestServer.start();
        client = TestHttp.newClient();
    }

    @AfterEach
    void tearDown() {
        TestHttp.shutdown(client);
        server.close();
    }

    private ResponsesProvider provider(boolean background) {
        return new ResponsesProvider(client, new Endpoint(server.baseUrl(), KEY), background);
    }

    private static ChatRequest hello() {
        return new ChatRequest("gpt-4o-mini", null, List.of(new ChatRequest.Turn(Role.USER, "Count.")));
    }

    @Test
    void aBackgroundReplySaysItsIdOnceAndEveryEventsPositionBeforeItsPieces() {
        server.script(WORDS, Duration.ZERO);
        EventCollector events = new EventCollector();
        provider(true).stream(hello(), events);

        assertThat(events.awaitDone().finishReason()).isEqualTo("stop");
        List<StreamEvent> all = events.events();
        assertThat(all.get(0)).isEqualTo(new StreamEvent.Position(0));
        assertThat(all.get(1)).isEqualTo(new StreamEvent.Remote(server.lastResponseId()));
        assertThat(all.stream().filter(StreamEvent.Remote.class::isInstance)).hasSize(1);
        long last = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof StreamEvent.TextDelta) {
                assertThat(all.get(i - 1)).isInstanceOf(StreamEvent.Position.class); // one piece per event here
            }
            if (all.get(i) instanceof StreamEvent.Position p) {
                assertThat(p.sequenceNumber()).isGreaterThan(last);
                last = p.sequenceNumber();
            }
        }
        assertThat(events.text()).isEqualTo(String.join("", WORDS));
        JsonNode body = TestHttp.json(server.requests().get(0).body());
        assertThat(body.path("background").asBoolean()).isTrue();
        assertThat(body.path("store").asBoolean()).isTrue();
        assertThat(body.path("stream").asBoolean()).isTrue();
    }

    @Test
    void aDroppedConnectionIsLostAndResumingFromTheLastPositionGivesExactlyTheRest() {
        server.script(WORDS, Duration.ofMillis(20));
        server.dropFirstConnectionAfter(7); // created, in_progress, item added, part added, three words
        EventCollector first = new EventCollector();
        ResponsesProvider provider = provider(true);
        provider.stream(hello(), first);

        StreamEvent.Failed lost = first.awaitFailed();
        assertThat(lost.connectionLost()).as(lost.message()).isTrue();
        assertThat(lost.message()).doesNotContain(KEY);
        String id = server.lastResponseId();
        long after = lastPosition(first.events());
        assertThat(first.text()).isEqualTo("One two three ");

        server.awaitGenerated(id); // it went on without us
        EventCollector rest = new EventCollector();
        provider.resume(id, after, "gpt-4o-mini", rest);
        assertThat(rest.awaitDone().finishReason()).isEqualTo("stop");
        assertThat(first.text() + rest.text()).isEqualTo(String.join("", WORDS));
        assertThat(rest.events()).noneMatch(StreamEvent.Remote.class::isInstance);
        assertThat(rest.events().get(0)).isEqualTo(new StreamEvent.Position(after + 1));
        ResponsesTestServer.Recorded get = server.requests().get(1);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo("/v1/responses/" + id);
        assertThat(get.query()).isEqualTo("stream=true&starting_after=" + after);
    }

    @Test
    void resumingWhileItStillGeneratesStreamsTheStoredEventsThenTheLiveOnes() {
        server.script(WORDS, Duration.ofMillis(40));
        server.dropFirstConnectionAfter(5);
        EventCollector first = new EventCollector();
        ResponsesProvider provider = provider(true);
        provider.stream(hello(), first);
        assertThat(first.awaitFailed().connectionLost()).isTrue();

        EventCollector rest = new EventCollector();
        provider.resume(server.lastResponseId(), lastPosition(first.events()), "gpt-4o-mini", rest);
        rest.awaitDone();
        assertThat(first.text() + rest.text()).isEqualTo(String.join("", WORDS));
    }

    @Test
    void resumeWithoutAPositionOmitsStartingAfter() {
        server.script(List.of("Hi."), Duration.ZERO);
        EventCollector first = new EventCollector();
        ResponsesProvider provider = provider(true);
        provider.stream(hello(), first);
        first.awaitDone();

        EventCollector again = new EventCollector();
        provider.resume(server.lastResponseId(), -1, "gpt-4o-mini", again);
        again.awaitDone();
        assertThat(again.text()).isEqualTo("Hi.");
        assertThat(server.requests().get(1).query()).isEqualTo("stream=true");
    }

    @Test
    void aReplyTheServiceNoLongerHasFailsInWordsAndNotAsALostConnection() {
        server.script(WORDS, Duration.ZERO);
        EventCollector first = new EventCollector();
        ResponsesProvider provider = provider(true);
        provider.stream(hello(), first);
        first.awaitDone();
        server.forget(server.lastResponseId());

        EventCollector rest = new EventCollector();
        provider.resume(server.lastResponseId(), 5, "gpt-4o-mini", rest);
        StreamEvent.Failed gone = rest.awaitFailed();
        assertThat(gone.connectionLost()).isFalse();
        assertThat(gone.message()).startsWith("The service no longer has this reply (it keeps background replies for"
                + " about ten minutes").contains("HTTP 404").doesNotContain(KEY);
        assertThat(rest.text()).isEmpty();
    }

    @Test
    void aPlainReplyCannotBeResumed() {
        server.script(WORDS, Duration.ZERO);
        EventCollector first = new EventCollector();
        ResponsesProvider provider = provider(false);
        provider.stream(hello(), first);
        first.awaitDone();
        assertThat(first.events()).noneMatch(StreamEvent.Remote.class::isInstance);
        JsonNode body = TestHttp.json(server.requests().get(0).body());
        assertThat(body.has("background")).isFalse();
        assertThat(body.path("store").isBoolean()).isTrue();
        assertThat(body.path("store").asBoolean()).isFalse();

        EventCollector rest = new EventCollector();
        provider.resume(server.lastResponseId(), 3, "gpt-4o-mini", rest);
        assertThat(rest.awaitFailed().message()).startsWith("The service no longer has this reply");
    }

    @Test
    void cancelPostsToTheCancelPathWithoutBlockingAndTheStreamEndsCancelled() throws Exception {
        server.script(WORDS, Duration.ofMillis(200));
        EventCollector events = new EventCollector();
        ResponsesProvider provider = provider(true);
        provider.stream(hello(), events);
        events.awaitDeltas(1);
        String id = server.lastResponseId();

        provider.cancelRemote(id).get(5, TimeUnit.SECONDS);
        assertThat(server.cancels()).containsExactly(id);
        ResponsesTestServer.Recorded cancel = server.requests().get(1);
        assertThat(cancel.method()).isEqualTo("POST");
        assertThat(cancel.path()).isEqualTo("/v1/responses/" + id + "/cancel");
        StreamEvent.Failed ended = events.awaitFailed();
        assertThat(ended.connectionLost()).isFalse();
        assertThat(ended.message()).contains("cancelled");
        assertThat(events.text()).isNotEmpty().isNotEqualTo(String.join("", WORDS));
    }

    @Test
    void cancellingAFinishedReplyCompletesExceptionallyInWords() {
        server.script(WORDS, Duration.ZERO);
        EventCollector events = new EventCollector();
        ResponsesProvider provider = provider(true);
        provider.stream(hello(), events);
        events.awaitDone();

        assertThatThrownBy(() -> provider.cancelRemote(server.lastResponseId()).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ProviderException.class)
                .hasMessageContaining("could not be stopped").hasMessageNotContaining(KEY);
    }

    @Test
    void cancelToAServerThatIsGoneNeverThrowsOnTheCallersThread() {
        ResponsesProvider provider = new ResponsesProvider(client,
                new Endpoint("http://127.0.0.1:" + TestHttp.closedPort() + "/v1", KEY), true);
        var future = provider.cancelRemote("resp_x");
        patiently().until(future::isDone);
        assertThat(future).isCompletedExceptionally();
    }

    static long lastPosition(List<StreamEvent> events) {
        List<Long> positions = new ArrayList<>();
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.Position p) {
                positions.add(p.sequenceNumber());
            }
        }
        return positions.get(positions.size() - 1);
    }
}
