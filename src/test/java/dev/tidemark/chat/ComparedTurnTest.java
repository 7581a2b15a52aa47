package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One question to several models at once: one user message, a reply from each as its own stream
 * (three real HTTP servers at different speeds), kept in the order they were asked in whatever
 * order they finish; "Use this one" and going on below one of them end the comparison.
 */
class ComparedTurnTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final List<MockWebServer> servers = List.of(new MockWebServer(), new MockWebServer(), new MockWebServer());
    private Workspace workspace;
    private ChatService chat;

    @BeforeEach
    void setUp() throws Exception {
        for (MockWebServer s : servers) {
            s.start();
        }
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        servers.forEach(MockWebServer::close);
    }

    private ChatService.Target target(int i) {
        return new ChatService.Target(new OpenAiProvider(new OkHttpClient(), servers.get(i).url("/v1").toString(),
                "sk-test-" + i), "model-" + i);
    }

    @Test
    void eachModelAnswersInItsOwnStreamAndTheRepliesKeepTheOrderTheyWereAskedIn() throws Exception {
        Session session = chat.createSession();
        // the first is the slowest: it finishes last
        servers.get(0).enqueue(SlowSseBody.openAi(List.of("slow ", "one"), Duration.ofMillis(300)).response());
        servers.get(1).enqueue(SlowSseBody.openAi(List.of("fast ", "one"), Duration.ZERO).response());
        servers.get(2).enqueue(SlowSseBody.openAi(List.of("middle ", "one"), Duration.ofMillis(60)).response());

        List<Reply> replies = chat.sendToMany(session.id(), "which is best?", List.of(target(0), target(1), target(2)));

        assertThat(replies).hasSize(3);
        assertThat(chat.activeReplies(session.id())).containsExactlyElementsOf(replies);
        assertThatThrownBy(() -> chat.send(session.id(), "more", target(0).provider(), "m"))
                .isInstanceOf(IllegalStateException.class);
        List<Message> done = new ArrayList<>();
        for (Reply r : replies) {
            done.add(r.finished().get(10, TimeUnit.SECONDS));
        }
        assertThat(chat.activeReplies(session.id())).isEmpty();
        Session now = workspace.store().get(session.id()).orElseThrow();
        Message question = now.messages().get(0);
        assertThat(now.isCompared(question.id())).isTrue();
        assertThat(now.children(question.id())).extracting(Message::text)
                .containsExactly("slow one", "fast one", "middle one");
        assertThat(now.children(question.id())).extracting(Message::model)
                .containsExactly("openai/model-0", "openai/model-1", "openai/model-2");
        assertThat(now.messages()).extracting(Message::text).containsExactly("which is best?", "slow one");
        for (int i = 0; i < 3; i++) {
            JsonNode body = JSON.readTree(servers.get(i).takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
            assertThat(body.path("model").asText()).isEqualTo("model-" + i);
            assertThat(body.path("messages")).hasSize(1);
        }

        // Use this one
        Session chosen = chat.choose(session.id(), done.get(2).id());
        assertThat(chosen.isCompared(question.id())).isFalse();
        assertThat(chosen.messages()).extracting(Message::text).containsExactly("which is best?", "middle one");
        assertThat(chosen.versions(done.get(2).id())).isEqualTo(3);

        servers.get(2).enqueue(SlowSseBody.openAi(List.of("and on"), Duration.ZERO).response());
        chat.send(session.id(), "go on", target(2).provider(), "model-2").finished().get(10, TimeUnit.SECONDS);
        JsonNode next = JSON.readTree(servers.get(2).takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(next.path("messages")).extracting(m -> m.path("content").asText())
                .containsExactly("which is best?", "middle one", "go on");
    }

    @Test
    void oneColumnStopsAloneAndGoingOnBelowAReplyEndsTheComparison() throws Exception {
        Session session = chat.createSession();
        SlowSseBody held = SlowSseBody.openAi(List.of("never ", "ends"), Duration.ZERO).holdBefore(1);
        servers.get(0).enqueue(held.response());
        servers.get(1).enqueue(SlowSseBody.openAi(List.of("two"), Duration.ZERO).response());

        List<Reply> replies = chat.sendToMany(session.id(), "q", List.of(target(0), target(1)));
        replies.get(1).finished().get(10, TimeUnit.SECONDS);
        assertThat(chat.activeReplies(session.id())).containsExactly(replies.get(0));
        assertThat(chat.stopReply(session.id(), replies.get(1).streamId())).isFalse();
        assertThat(chat.stopReply(session.id(), replies.get(0).streamId())).isTrue();
        Message stopped = replies.get(0).finished().get(10, TimeUnit.SECONDS);
        held.release();
        assertThat(stopped.status()).isEqualTo(MessageStatus.STOPPED);

        Session now = workspace.store().get(session.id()).orElseThrow();
        String q = now.messages().get(0).id();
        assertThat(now.messages().get(1).id()).isEqualTo(replies.get(0).streamId()); // the first asked is chosen
        servers.get(0).enqueue(SlowSseBody.openAi(List.of("a2"), Duration.ZERO).response());
        chat.send(session.id(), "q2", target(0).provider(), "m").finished().get(10, TimeUnit.SECONDS);
        Session after = workspace.store().get(session.id()).orElseThrow();
        assertThat(after.isCompared(q)).isFalse();
        assertThat(after.messages()).extracting(Message::text).containsExactly("q", "never ", "q2", "a2");
    }

    @Test
    void moreThanFourModelsAreRefusedAndNothingIsSent() {
        Session session = chat.createSession();
        List<ChatService.Target> five = List.of(target(0), target(1), target(2), target(0), target(1));
        assertThatThrownBy(() -> chat.sendToMany(session.id(), "q", five))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
        assertThat(workspace.store().get(session.id()).orElseThrow().allMessages()).isEmpty();
        assertThat(chat.activeReplies(session.id())).isEmpty();
    }
}
