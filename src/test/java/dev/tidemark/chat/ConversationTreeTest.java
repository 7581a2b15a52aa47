package dev.tidemark.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.journal.Journal;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
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
 * Editing and regenerating add versions and keep the old ones; the model is always sent the
 * active path only (asserted on the body the HTTP server receives). Real journal, store and HTTP.
 */
class ConversationTreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();
    private Workspace workspace;
    private ChatService chat;
    private OpenAiProvider openai;

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        openWorkspace();
        openai = new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), "sk-test-tree");
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        server.close();
    }

    @Test
    void aNewReplyVersionKeepsTheOldOneAndSendsOnlyThePathUpToTheQuestion() throws Exception {
        Session session = chat.createSession();
        Message a1 = turn(session.id(), "q1", "a1");
        Message a2 = turn(session.id(), "q2", "a2");
        String q2 = session(session.id()).message(a2.id()).orElseThrow().parentId();
        server.enqueue(SlowSseBody.openAi(List.of("a2, again"), Duration.ZERO).response());

        Message again = chat.regenerateVersion(session.id(), q2, openai, "m").finished().get(10, TimeUnit.SECONDS);

        Session now = session(session.id());
        assertThat(now.messages()).extracting(Message::text).containsExactly("q1", "a1", "q2", "a2, again");
        assertThat(now.children(q2)).extracting(Message::id).containsExactly(a2.id(), again.id());
        assertThat(now.message(a2.id()).orElseThrow().text()).isEqualTo("a2");
        assertThat(again.parentId()).isEqualTo(q2);
        assertThat(sentTexts(3)).containsExactly("q1", "a1", "q2");
        assertThat(a1.parentId()).isNotNull();
    }

    @Test
    void anEditIsANewVersionAndTheOldBranchIsNeverSent() throws Exception {
        Session session = chat.createSession();
        Message a1 = turn(session.id(), "q1", "a1");
        turn(session.id(), "q2 with a typo", "a2");
        String q2 = session(session.id()).messages().get(2).id();
        server.enqueue(SlowSseBody.openAi(List.of("a2 fixed"), Duration.ZERO).response());

        chat.editAsVersion(session.id(), q2, "q2 fixed", openai, "m").finished().get(10, TimeUnit.SECONDS);
        turn(session.id(), "q3", "a3");

        Session now = session(session.id());
        assertThat(now.messages()).extracting(Message::text)
                .containsExactly("q1", "a1", "q2 fixed", "a2 fixed", "q3", "a3");
        assertThat(now.children(a1.id())).extracting(Message::text).containsExactly("q2 with a typo", "q2 fixed");
        assertThat(now.allMessages()).hasSize(8);
        assertThat(sentTexts(3)).containsExactly("q1", "a1", "q2 fixed");
        assertThat(sentTexts(4)).containsExactly("q1", "a1", "q2 fixed", "a2 fixed", "q3");
    }

    @Test
    void regeneratingOnAnotherBranchMakesThatBranchActiveAndSendsIt() throws Exception {
        Session session = chat.createSession();
        Message a1 = turn(session.id(), "q1", "a1");
        turn(session.id(), "old q2", "old a2");
        String oldQ2 = session(session.id()).messages().get(2).id();
        server.enqueue(SlowSseBody.openAi(List.of("new a2"), Duration.ZERO).response());
        chat.sendAfter(session.id(), a1.id(), "new q2", openai, "m").finished().get(10, TimeUnit.SECONDS);
        server.enqueue(SlowSseBody.openAi(List.of("old a2, again"), Duration.ZERO).response());

        chat.regenerateVersion(session.id(), oldQ2, openai, "m").finished().get(10, TimeUnit.SECONDS);

        assertThat(session(session.id()).messages()).extracting(Message::text)
                .containsExactly("q1", "a1", "old q2", "old a2, again");
        assertThat(sentTexts(4)).containsExactly("q1", "a1", "old q2");
        workspace.close();
        openWorkspace(); // and so it stays
        assertThat(session(session.id()).messages()).extracting(Message::text)
                .containsExactly("q1", "a1", "old q2", "old a2, again");
        assertThat(session(session.id()).allMessages()).hasSize(7);
    }

    @Test
    void aNewFirstMessageStartsAnotherVersionOfTheWholeChat() throws Exception {
        Session session = chat.createSession();
        turn(session.id(), "q1", "a1");
        server.enqueue(SlowSseBody.openAi(List.of("b1"), Duration.ZERO).response());

        chat.sendAfter(session.id(), null, "another q1", openai, "m").finished().get(10, TimeUnit.SECONDS);

        Session now = session(session.id());
        assertThat(now.messages()).extracting(Message::text).containsExactly("another q1", "b1");
        assertThat(now.children(null)).hasSize(2);
        assertThat(sentTexts(2)).containsExactly("another q1");
    }

    @Test
    void onlyMessagesOfTheSessionCanBeBranchedFrom() throws Exception {
        Session session = chat.createSession();
        Message a1 = turn(session.id(), "q1", "a1");
        assertThatThrownBy(() -> chat.sendAfter(session.id(), "nosuchmessage", "x", openai, "m"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chat.regenerateVersion(session.id(), a1.id(), openai, "m"))
                .isInstanceOf(IllegalArgumentException.class);
        server.enqueue(SlowSseBody.openAi(List.of("fine"), Duration.ZERO).response());
        chat.send(session.id(), "still works", openai, "m").finished().get(10, TimeUnit.SECONDS); // nothing left claimed
    }

    private List<String> sentTexts(int requestNumber) throws Exception {
        List<String> texts = new ArrayList<>();
        while (taken.size() < requestNumber) {
            taken.add(JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()));
        }
        for (JsonNode m : taken.get(requestNumber - 1).path("messages")) {
            texts.add(m.path("content").asText());
        }
        return texts;
    }

    private final List<JsonNode> taken = new ArrayList<>();

    private Session session(String id) {
        return workspace.store().get(id).orElseThrow();
    }

    private Message turn(String sessionId, String question, String answer) throws Exception {
        server.enqueue(SlowSseBody.openAi(List.of(answer), Duration.ZERO).response());
        return chat.send(sessionId, question, openai, "m").finished().get(10, TimeUnit.SECONDS);
    }

    private void openWorkspace() throws Exception {
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
    }
}
