package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.model.BranchOrigin;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.Session;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.SessionSummary;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Branch from here and Delete with Undo, on a real journal and store: what a branch holds and how
 * it links back, what a delete removes, where the copy goes, and what a restart keeps.
 */
class ConversationEditsTest {

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
        openai = new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), "sk-test-edits");
    }

    @AfterEach
    void tearDown() {
        workspace.close();
        server.close();
    }

    @Test
    void aBranchHoldsThePathUpToTheMessageWithNewIdsAndSurvivesARestart() throws Exception {
        Session session = chat.createSession();
        Message a1 = turn(session.id(), "q1", "a1");
        turn(session.id(), "q2", "a2");

        Session branch = chat.edits().branchFrom(session.id(), a1.id());

        assertThat(branch.messages()).extracting(Message::text).containsExactly("q1", "a1");
        assertThat(branch.allMessages()).extracting(Message::id).doesNotContainAnyElementsOf(
                session(session.id()).allMessages().stream().map(Message::id).toList());
        assertThat(branch.title()).isEqualTo(session(session.id()).title() + " (branch)");
        assertThat(session(session.id()).allMessages()).hasSize(4);

        reopen();
        Session read = session(branch.id());
        assertThat(read.branchedFrom()).contains(new BranchOrigin(session.id(), a1.id()));
        assertThat(read.messages()).extracting(Message::text).containsExactly("q1", "a1");
    }

    @Test
    void deleteRemovesTheSubtreeWithACopyInTheTrashAndUndoPutsItBackInPlace() throws Exception {
        Session session = chat.createSession();
        turn(session.id(), "q1", "a1");
        Message a2 = turn(session.id(), "q2", "a2");
        String q2 = session(session.id()).message(a2.id()).orElseThrow().parentId();
        server.enqueue(SlowSseBody.openAi(List.of("a2 again"), Duration.ZERO).response());
        chat.regenerateVersion(session.id(), q2, openai, "m").finished().get(10, TimeUnit.SECONDS);
        chat.choose(session.id(), a2.id()); // the first reply version is on the active path
        List<Message> before = session(session.id()).allMessages();

        ConversationEdits.Deleted deleted = chat.edits().deleteWithVersions(session.id(), q2);

        assertThat(session(session.id()).allMessages()).extracting(Message::text).containsExactly("q1", "a1");
        assertThat(deleted.messages()).extracting(Message::text).containsExactly("q2", "a2", "a2 again");
        List<SessionSummary> trash = workspace.store().trash();
        assertThat(trash).extracting(SessionSummary::id).containsExactly(deleted.trashId());
        assertThat(session(deleted.trashId()).allMessages()).extracting(Message::text)
                .containsExactly("q2", "a2", "a2 again");

        chat.edits().undo(deleted);
        Session restored = session(session.id());
        assertThat(restored.allMessages()).extracting(Message::text)
                .containsExactly(before.stream().map(Message::text).toArray(String[]::new));
        assertThat(restored.messages()).extracting(Message::text).containsExactly("q1", "a1", "q2", "a2");
        Message q2Back = restored.messages().get(2);
        assertThat(restored.children(q2Back.id())).extracting(Message::text).containsExactly("a2", "a2 again");
        assertThat(restored.version(restored.messages().get(3).id())).isEqualTo(1);
        // back under new ids: the journal's deletion records name the old ones and can never remove them again
        assertThat(restored.allMessages()).extracting(Message::id).doesNotContain(q2, a2.id());

        reopen();
        assertThat(session(session.id()).messages()).extracting(Message::text).containsExactly("q1", "a1", "q2", "a2");
    }

    @Test
    void deletingAVersionOnTheActivePathFallsBackToItsSiblingAndARestartKeepsTheCopy() throws Exception {
        Session session = chat.createSession();
        Message a1 = turn(session.id(), "q1", "a1");
        String q1 = session(session.id()).message(a1.id()).orElseThrow().parentId();
        server.enqueue(SlowSseBody.openAi(List.of("a1 again"), Duration.ZERO).response());
        Message again = chat.regenerateVersion(session.id(), q1, openai, "m").finished().get(10, TimeUnit.SECONDS);

        ConversationEdits.Deleted deleted = chat.edits().deleteWithVersions(session.id(), again.id());

        assertThat(session(session.id()).messages()).extracting(Message::text).containsExactly("q1", "a1");
        // after a restart: the deletion and the copy in the trash both hold
        workspace.close();
        openWorkspace();
        assertThat(session(session.id()).messages()).extracting(Message::text).containsExactly("q1", "a1");
        assertThat(session(deleted.trashId()).messages()).extracting(Message::text).containsExactly("a1 again");
        assertThat(session(deleted.trashId()).inTrash()).isTrue();
    }

    private void reopen() throws Exception {
        workspace.close();
        openWorkspace();
    }

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
