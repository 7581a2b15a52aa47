package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Session;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        provider = new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), "sk-test");
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        chat.addListener(new ModelTitles(workspace.store(), id -> provider, enabled::get));
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        server.close();
    }

    private String title(String id) {
        return workspace.store().summary(id).orElseThrow().title();
    }

    private void waitForTitle(String id, String title) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!title(id).equals(title)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the title stayed '" + title(id) + "', expected '" + title + "'");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void asksTheSameModelOnceAfterTheFirstReplyAndUsesItsShortAnswer() throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of("Day 1: Alfama. ", "Day 2: Belém."), Duration.ZERO).response());
        server.enqueue(SlowSseBody.openAi(List.of("“Three days ", "in Lisbon.”"), Duration.ZERO).response());
        Session session = chat.createSession();
        chat.send(session.id(), "what should I see in Lisbon in three days?", provider, "small-model")
                .finished().get(10, TimeUnit.SECONDS);
        assertThat(title(session.id())).isEqualTo("what should I see in Lisbon in three days?"); // at once

        waitForTitle(session.id(), "Three days in Lisbon");
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
        chat.send(session.id(), "hello there", provider, "m").finished().get(10, TimeUnit.SECONDS);
        Thread.sleep(300);
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
        Thread.sleep(1500); // and its answer came
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
