package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.ChildJvm;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's kill test: a child JVM stores a PNG, a PDF and a text file in a real data directory,
 * sends them with a question to a server here that streams the reply slowly, and is killed with
 * SIGKILL while it streams. The next start recovers the reply with the text that reached the
 * journal, and the question with its three files, each whole in the store, its hash the original's.
 */
class AttachmentKillTest {

    @TempDir
    Path tmp;

    private final MockWebServer server = new MockWebServer();
    private SlowSseBody body;

    @AfterEach
    void tearDown() {
        if (body != null) {
            body.release();
        }
        server.close();
    }

    private String journaledText(Path dataDir, String stream) {
        StringBuilder text = new StringBuilder();
        for (JournalRecord r : Journal.readOnly(dataDir).records()) {
            if (r instanceof JournalRecord.TextDelta t && t.streamId().equals(stream)) {
                text.append(t.text());
            }
        }
        return text.toString();
    }

    @Test
    void killedWhileAnsweringAMessageWithFilesTheNextStartRecoversTheReplyAndEveryFileIsIntact() throws Exception {
        Path dataDir = tmp.resolve("data");
        List<Path> sources = AttachmentFiles.threeKinds(tmp.resolve("to-attach"), 16);
        List<String> originalHashes = new ArrayList<>();
        for (Path source : sources) {
            originalHashes.add(AttachmentStore.hash(Files.readAllBytes(source)));
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            words.add("tide" + i + " ");
        }
        body = SlowSseBody.openAi(words, Duration.ofMillis(40)).holdBefore(25); // never ends before the kill
        List<List<String>> journaledWhenAsked = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                journaledWhenAsked.add(Journal.readOnly(dataDir).records().stream().map(JournalRecord::type)
                        .filter(t -> !t.equals("session.created")).toList());
                return body.response();
            }
        });
        server.start();

        String sessionId;
        String messageId;
        String streamId;
        List<String> command = new ArrayList<>(List.of(dataDir.toString(), server.url("/v1").toString()));
        sources.forEach(p -> command.add(p.toString()));
        try (ChildJvm child = ChildJvm.start(AttachmentKillChild.class, command.toArray(String[]::new))) {
            sessionId = child.waitForLineStartingWith("session ").substring("session ".length());
            messageId = child.waitForLineStartingWith("message ").substring("message ".length());
            streamId = child.waitForLineStartingWith("stream ").substring("stream ".length());
            within(Duration.ofSeconds(60)).alias("the journal holds some of the reply")
                    .until(() -> journaledText(dataDir, streamId).length() > 0);
            child.kill(); // SIGKILL
        }
        String had = journaledText(dataDir, streamId);
        assertThat(journaledWhenAsked).as("one request").hasSize(1);
        assertThat(journaledWhenAsked.get(0)).as("the request left once the files and the message were in the journal")
                .startsWith("attachment.stored", "attachment.stored", "attachment.stored", "user.message");

        try (Workspace workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            Session session = workspace.store().get(sessionId).orElseThrow();
            Message reply = session.message(streamId).orElseThrow();
            assertThat(reply.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(reply.text()).as("the text that reached the journal").isEqualTo(had).isNotEmpty();
            assertThat(body.sentText()).startsWith(reply.text());
            assertThat(workspace.recovery().recovered()).extracting(Recovery.RecoveredReply::messageId)
                    .containsExactly(streamId);

            Message question = session.message(messageId).orElseThrow();
            assertThat(question.text()).isEqualTo(AttachmentKillChild.QUESTION);
            assertThat(question.gap()).isFalse();
            assertThat(question.attachments()).extracting(Attachment::name)
                    .containsExactly("photo.png", "report.pdf", "notes.py");
            assertThat(question.attachments()).extracting(Attachment::mediaType)
                    .containsExactly("image/png", "application/pdf", "text/x-python");
            assertThat(question.attachments()).extracting(Attachment::sha256)
                    .containsExactlyElementsOf(originalHashes);
            AttachmentStore store = new AttachmentStore(dataDir);
            for (int i = 0; i < sources.size(); i++) {
                Attachment file = question.attachments().get(i);
                assertThat(store.check(file)).as(file.name()).isEqualTo(AttachmentStore.State.INTACT);
                assertThat(file.size()).isEqualTo(Files.size(sources.get(i)));
                assertThat(AttachmentStore.hash(Files.readAllBytes(store.path(file.sha256()))))
                        .isEqualTo(originalHashes.get(i));
            }
        }
    }
}
