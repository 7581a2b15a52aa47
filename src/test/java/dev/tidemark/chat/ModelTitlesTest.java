package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** The optional title asked of the model, through the real provider over loopback HTTP and a real store. */
class ModelTitlesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private Workspace workspace;
    private ChatService chat;
    private OpenAiProvider provider;
    /** Title requests ModelTitles made, counted when they start. */
    private final AtomicInteger titlesAsked = new AtomicInteger();
    /** Counted down after ModelTitles has handled a title request's answer (its Done event). */
    private final CountDownLatch titleAnswered = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        provider = new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), "sk-test");
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        chat.addListener(new ModelTitles(workspace.store(), id -> new Watched(provider), enabled::get));
    }

    /** The provider ModelTitles gets: the real one, watched so the tests know when a title was asked and answered. */
    private final class Watched implements ChatProvider {
        private final ChatProvider real;

        Watched(ChatProvider real) {
            this.real = real;
        }

        @Override
        public String id() {
            return real.id();
        }

        @Override
        public String displayName() {
            return real.displayName();
        }

        @Override
        public String defaultModel() {
            return real.defaultModel();
        }

        @Override
        public Cancellable stream(ChatRequest request, StreamListener listener) {
            titlesAsked.incrementAndGet();
            return real.stream(request, event -> {
                listener.onEvent(event);
                if (event instanceof StreamEvent.Done) {
                    titleAnswered.countDown();
                }
            });
        }
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        server.close();
    }

    private String title(String id) {
        return workspace.store().summary(id).orElseThrow().title();
    }

    private void waitForTitle(String id, String title) {
        patiently().untilAsserted(() -> assertThat(title(id)).isEqualTo(title));
    }

    @Test
    void asksTheSameModelOnceAfterTheFirstReplyAndUsesItsShortAnswer() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("Day 1: Alfama. ", "Day 2: Belém."), Duration.ZERO).response());
        server.enqueue(SlowSseBody.openAi(List.of("“Three days ", "in Lisbon.”"), Duration.ZERO).response());
        Session session = chat.createSession();
        List<String> titles = new CopyOnWriteArrayList<>();
        workspace.store().addListener(changed -> {
            if (changed.id().equals(session.id())) {
                titles.add(changed.title());
            }
        });
        chat.send(session.id(), "what should I see in Lisbon in three days?", provider, "small-model")
                .finished().get(10, TimeUnit.SECONDS);

        waitForTitle(session.id(), "Three days in Lisbon");
        // the store tells its listeners after the change is in its list: wait for the event, not the summary
        patiently().untilAsserted(() -> assertThat(titles).last().isEqualTo("Three days in Lisbon"));
        assertThat(titles).as("the prompt is the title at once, the model's answer replaces it")
                .startsWith("what should I see in Lisbon in three days?").endsWith("Three days in Lisbon");
        server.takeRequest(5, TimeUnit.SECONDS); // the reply
        RecordedRequest asked = server.takeRequest(5, TimeUnit.SECONDS);
        JsonNode body = JSON.readTree(asked.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("small-model");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(ModelTitles.INSTRUCTION);
        assertThat(body.path("messages").get(1).path("content").asText())
                .contains("Lisbon in three days").contains("Day 2: Belém.");

        // a second reply asks nothing more
        server.enqueue(SlowSseBody.openAi(List.of("Sintra."), Duration.ZERO).response());
        chat.send(session.id(), "and a fourth day?", provider, "small-model").finished().get(10, TimeUnit.SECONDS);
        workspace.store().flush().get(10, TimeUnit.SECONDS);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(title(session.id())).isEqualTo("Three days in Lisbon");
    }

    @Test
    void offMeansNoRequestAndTheTitleFromTheFirstMessage() throws Exception {
        enabled.set(false);
        server.enqueue(SlowSseBody.openAi(List.of("Hello."), Duration.ZERO).response());
        Session session = chat.createSession();
        // listeners run before finished() completes: ModelTitles has had its chance by now
        chat.send(session.id(), "hello there", provider, "m").finished().get(10, TimeUnit.SECONDS);
        assertThat(titlesAsked).as("title requests started").hasValue(0);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(title(session.id())).isEqualTo("hello there");
    }

    @Test
    void aRenameBeforeTheAnswerComesWins() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("Hello."), Duration.ZERO).response());
        // the title's answer comes late, after the user has renamed the chat
        server.enqueue(SlowSseBody.openAi(List.of("Greetings"), Duration.ZERO).response().newBuilder()
                .headersDelay(600, TimeUnit.MILLISECONDS).build());
        Session session = chat.createSession();
        chat.send(session.id(), "hello there", provider, "m").finished().get(10, TimeUnit.SECONDS);
        workspace.store().rename(session.id(), "My own name");
        server.takeRequest(5, TimeUnit.SECONDS);
        server.takeRequest(5, TimeUnit.SECONDS); // the title was asked for
        assertThat(titleAnswered.await(20, TimeUnit.SECONDS)).as("the title's answer came and was handled").isTrue();
        assertThat(title(session.id())).isEqualTo("My own name");
    }

    @Test
    void cleansTheModelsAnswerToOneShortLine() {
        assertThat(ModelTitles.clean("Title: **Tide tables**.\n\nMore text")).isEqualTo("Tide tables");
        assertThat(ModelTitles.clean("  “Planning a trip”  ")).isEqualTo("Planning a trip");
        assertThat(ModelTitles.clean("# Lisbon")).isEqualTo("Lisbon");
        assertThat(ModelTitles.clean("  \n ")).isEmpty();
        assertThat(ModelTitles.clean("word ".repeat(40))).hasSizeLessThanOrEqualTo(60);
    }
}
