package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalAppender;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.provider.Cancellable;
import dev.tidemark.provider.ChatProvider;
import dev.tidemark.provider.ChatRequest;
import dev.tidemark.provider.StreamListener;
import dev.tidemark.provider.openai.OpenAiProvider;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ChatService's send path for a message with files, over the real journal, store and attachment
 * store and a provider on loopback HTTP: the files' records and the message are journaled first,
 * the request leaves only once they are forced (never after Stop), is built on a worker, and the
 * files stay with the message through edits, several models, a lost journal file and Branch/Undo.
 */
class ChatServiceAttachmentsTest {

    private static final String WORKER = "test-request-worker";

    @TempDir
    Path tmp;

    private final MockWebServer server = new MockWebServer();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<SlowSseBody> bodies = new ArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, WORKER));
    private Path dataDir;
    private Workspace workspace;
    private GatedJournal journal;
    private AttachmentStore files;
    private StoreParts parts;
    private ChatService chat;
    private RecordingProvider provider;

    /** The real journal, whose futures of a question's records complete only once the test opens the gate (when holding). */
    private static final class GatedJournal implements JournalAppender {
        final JournalAppender real;
        final CompletableFuture<Void> gate = new CompletableFuture<>();
        final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
        volatile boolean holding;

        GatedJournal(JournalAppender real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<Void> append(JournalRecord record) {
            CompletableFuture<Void> written = real.append(record);
            if (holding && (record instanceof JournalRecord.AttachmentStored
                    || record instanceof JournalRecord.UserMessage)) {
                held.add(written);
                return written.thenCombine(gate, (a, b) -> null);
            }
            return written;
        }
    }

    /** A real provider, and which thread asked it to stream what. */
    private static final class RecordingProvider implements ChatProvider {
        final ChatProvider real;
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

        RecordingProvider(ChatProvider real) {
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
            threads.add(Thread.currentThread().getName());
            requests.add(request);
            return real.stream(request, listener);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        server.start();
        dataDir = tmp.resolve("data");
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(),
                p -> problems.add(p.message()));
        files = new AttachmentStore(dataDir);
        parts = new StoreParts(files);
        journal = new GatedJournal(workspace.appender());
        chat = new ChatService(journal, workspace.store(), Clock.systemUTC(), Ids::next, worker);
        chat.useAttachments(parts);
        workspace.onSegmentLost(chat::journalAgain);
        provider = recording("sk-test");
    }

    private RecordingProvider recording(String key) {
        return new RecordingProvider(new OpenAiProvider(new OkHttpClient(), server.url("/v1").toString(), key));
    }

    @AfterEach
    void tearDown() {
        bodies.forEach(SlowSseBody::release);
        if (workspace != null) {
            workspace.close();
        }
        server.close();
        worker.shutdownNow();
    }

    private List<Attachment> attachThreeKinds(int seed) throws Exception {
        List<Attachment> out = new ArrayList<>();
        for (Path file : AttachmentFiles.threeKinds(tmp.resolve("source-" + seed), seed)) {
            out.add(files.store(file));
        }
        return out;
    }

    private void answer(String... words) {
        server.enqueue(SlowSseBody.openAi(List.of(words), Duration.ZERO).response());
    }

    /** Everything queued on the worker before now has run. */
    private void workerIdle() throws Exception {
        CompletableFuture.runAsync(() -> { }, worker).get(20, TimeUnit.SECONDS);
    }

    private List<JournalRecord> journaled() {
        return Journal.readOnly(dataDir).records().stream()
                .filter(r -> !(r instanceof JournalRecord.SessionCreated)).toList();
    }

    private static void assertFilesOf(List<JournalRecord> records, String messageId, List<Attachment> expected) {
        assertThat(records).filteredOn(r -> r instanceof JournalRecord.AttachmentStored a
                        && a.messageId().equals(messageId))
                .extracting(r -> ((JournalRecord.AttachmentStored) r).index(),
                        r -> ((JournalRecord.AttachmentStored) r).attachment())
                .containsExactly(expected.stream().map(a -> org.assertj.core.groups.Tuple.tuple(expected.indexOf(a), a))
                        .toArray(org.assertj.core.groups.Tuple[]::new));
    }

    @Test
    void theFilesAndTheMessageAreJournaledFirstAndTheRequestWaitsUntilTheyAreForced() throws Exception {
        List<Attachment> attached = attachThreeKinds(1);
        answer("seen ", "them");
        List<Reply> started = new CopyOnWriteArrayList<>();
        chat.addListener(new ChatService.Listener() {
            @Override
            public void replyStarted(Reply reply) {
                started.add(reply);
            }
        });
        Session session = chat.createSession();
        journal.holding = true;

        Reply reply = chat.send(session.id(), "What are these?", attached, provider, "m");

        assertThat(started).as("the reply shows at once").containsExactly(reply);
        patiently().until(() -> journal.held.size() == 4 && journal.held.stream().allMatch(CompletableFuture::isDone));
        patiently().until(() -> journaled().stream().anyMatch(r -> r instanceof JournalRecord.StreamStarted s
                && s.streamId().equals(reply.streamId())));
        workerIdle();
        assertThat(provider.threads).as("no request before the records' futures complete").isEmpty();
        assertThat(parts.threads).isEmpty();
        assertThat(reply.status()).isEqualTo(MessageStatus.STREAMING);

        journal.gate.complete(null);
        Message done = reply.finished().get(20, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.text()).isEqualTo("seen them");
        assertThat(parts.threads).as("the request is built on a worker").containsExactly(WORKER);
        assertThat(provider.threads).containsExactly(WORKER);
        ChatRequest.Turn question = provider.requests.get(0).messages().get(0);
        assertThat(question.text()).isEqualTo("What are these?");
        assertThat(question.parts()).hasSize(3);
        assertThat(((ChatRequest.Image) question.parts().get(0)).bytes())
                .isEqualTo(Files.readAllBytes(tmp.resolve("source-1").resolve("photo.png")));
        assertThat(((ChatRequest.Document) question.parts().get(1)).bytes())
                .isEqualTo(Files.readAllBytes(tmp.resolve("source-1").resolve("report.pdf")));
        assertThat(((ChatRequest.Text) question.parts().get(2)).text()).contains("print('high water at 1')");
        assertThat(server.getRequestCount()).isEqualTo(1);

        List<JournalRecord> records = journaled();
        String id = reply.userMessage().id();
        assertThat(records.subList(0, 5)).extracting(JournalRecord::type).containsExactly("attachment.stored",
                "attachment.stored", "attachment.stored", "user.message", "stream.start");
        assertFilesOf(records, id, attached);
        assertThat((JournalRecord.UserMessage) records.get(3)).satisfies(u -> {
            assertThat(u.messageId()).isEqualTo(id);
            assertThat(u.attachments()).isEqualTo(3);
        });
        assertThat(workspace.store().get(session.id()).orElseThrow().message(id).orElseThrow().attachments())
                .isEqualTo(attached);
    }

    @Test
    void stoppedWhileItsFilesAreBeingSavedTheRequestNeverLeaves() throws Exception {
        List<Attachment> attached = attachThreeKinds(2);
        answer("never");
        Session session = chat.createSession();
        journal.holding = true;
        Reply reply = chat.send(session.id(), "Look", attached, provider, "m");

        assertThat(chat.stop(session.id())).isTrue();
        Message stopped = reply.finished().get(20, TimeUnit.SECONDS);
        journal.gate.complete(null); // now the records are "forced": a request that ignored Stop would leave
        workerIdle();

        assertThat(stopped.status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(provider.threads).as("no request after Stop").isEmpty();
        assertThat(parts.threads).isEmpty();
        assertThat(server.getRequestCount()).isZero();
        assertThat(journaled()).filteredOn(r -> r instanceof JournalRecord.StreamEnded)
                .extracting(r -> ((JournalRecord.StreamEnded) r).status()).containsExactly(MessageStatus.STOPPED);
    }

    @Test
    void aQuestionTheJournalCouldNotKeepIsNeverSent() throws Exception {
        List<Attachment> attached = attachThreeKinds(9);
        Session session = chat.createSession();
        journal.holding = true;
        Reply reply = chat.send(session.id(), "Look", attached, provider, "m");
        journal.gate.completeExceptionally(new IllegalStateException("the journal is closed"));

        Message failed = reply.finished().get(20, TimeUnit.SECONDS);
        workerIdle();
        assertThat(failed.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(failed.detail()).startsWith("Nothing was sent: your message and its files could not be saved");
        assertThat(provider.threads).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aFileGoneFromTheStoreEndsTheReplyWithItsWordsAndNothingIsSent() throws Exception {
        List<Attachment> attached = attachThreeKinds(3);
        Files.delete(files.path(attached.get(0).sha256()));
        Session session = chat.createSession();

        Message failed = chat.send(session.id(), "Look", attached, provider, "m").finished().get(20, TimeUnit.SECONDS);

        assertThat(failed.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(failed.detail()).startsWith("photo.png is missing from Tidemark's data folder");
        assertThat(provider.threads).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void moreThanTenFilesAreRefusedInWordsBeforeAnythingIsJournaled() throws Exception {
        List<Attachment> eleven = new ArrayList<>();
        for (int i = 0; i < Attachment.MAX_PER_MESSAGE + 1; i++) {
            eleven.add(files.store(("file " + i).getBytes(StandardCharsets.UTF_8), "f" + i + ".txt"));
        }
        Session session = chat.createSession();

        assertThatThrownBy(() -> chat.send(session.id(), "all of them", eleven, provider, "m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A message can carry at most 10 files; this one has 11. Remove 1 of them and send again.");
        assertThatThrownBy(() -> chat.sendToMany(session.id(), "all of them", eleven,
                List.of(new ChatService.Target(provider, "a"), new ChatService.Target(recording("sk-2"), "b"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10 files");

        assertThat(workspace.store().get(session.id()).orElseThrow().allMessages()).isEmpty();
        assertThat(chat.activeReplies(session.id())).isEmpty();
        workspace.appender().append(new JournalRecord.SessionCreated("later", "x", Clock.systemUTC().instant()))
                .get(20, TimeUnit.SECONDS);
        assertThat(journaled()).isEmpty();
        answer("fine");
        assertThat(chat.send(session.id(), "ten", eleven.subList(0, 10), provider, "m").finished()
                .get(20, TimeUnit.SECONDS).status()).isEqualTo(MessageStatus.COMPLETE);
    }

    @Test
    void aConversationWithoutFilesStillSendsOnTheCallersThread() throws Exception {
        answer("plain");
        Session session = chat.createSession();
        Message done = chat.send(session.id(), "no files", provider, "m").finished().get(20, TimeUnit.SECONDS);
        assertThat(done.text()).isEqualTo("plain");
        assertThat(provider.threads).containsExactly(Thread.currentThread().getName());
        assertThat(parts.threads).as("nothing to add to the request").isEmpty();
        assertThat(journaled()).filteredOn(r -> r instanceof JournalRecord.UserMessage)
                .extracting(r -> ((JournalRecord.UserMessage) r).attachments()).containsExactly(0);
    }

    @Test
    void aLaterTurnOfTextCarriesTheEarlierFilesAgain() throws Exception {
        List<Attachment> attached = attachThreeKinds(4);
        answer("one");
        answer("two");
        Session session = chat.createSession();
        chat.send(session.id(), "first", attached, provider, "m").finished().get(20, TimeUnit.SECONDS);
        chat.send(session.id(), "and now?", provider, "m").finished().get(20, TimeUnit.SECONDS);

        assertThat(provider.threads).containsExactly(WORKER, WORKER);
        List<ChatRequest.Turn> second = provider.requests.get(1).messages();
        assertThat(second).extracting(ChatRequest.Turn::text).containsExactly("first", "one", "and now?");
        assertThat(second.get(0).parts()).hasSize(3);
        assertThat(second.get(2).parts()).isEmpty();
    }

    @Test
    void anEditedQuestionKeepsItsFilesAndTheyAreJournaledWithTheNewVersion() throws Exception {
        List<Attachment> attached = attachThreeKinds(5);
        answer("first answer");
        answer("second answer");
        Session session = chat.createSession();
        Reply first = chat.send(session.id(), "What is this?", attached, provider, "m");
        first.finished().get(20, TimeUnit.SECONDS);

        Reply edited = chat.editAsVersion(session.id(), first.userMessage().id(), "What is in the photo?", provider, "m");
        edited.finished().get(20, TimeUnit.SECONDS);

        Message version = workspace.store().get(session.id()).orElseThrow().message(edited.userMessage().id())
                .orElseThrow();
        assertThat(version.text()).isEqualTo("What is in the photo?");
        assertThat(version.attachments()).isEqualTo(attached);
        assertFilesOf(journaled(), version.id(), attached);
        assertThat(provider.requests.get(1).messages().get(0).parts()).hasSize(3);
    }

    @Test
    void aQuestionToTwoModelsJournalsItsFilesOnceAndEachRequestCarriesThem() throws Exception {
        List<Attachment> attached = attachThreeKinds(6);
        answer("a");
        answer("b");
        RecordingProvider other = recording("sk-other");
        Session session = chat.createSession();

        List<Reply> replies = chat.sendToMany(session.id(), "Compare", attached,
                List.of(new ChatService.Target(provider, "a"), new ChatService.Target(other, "b")));
        for (Reply r : replies) {
            assertThat(r.finished().get(20, TimeUnit.SECONDS).status()).isEqualTo(MessageStatus.COMPLETE);
        }

        List<JournalRecord> records = journaled();
        String question = replies.get(0).userMessage().id();
        assertThat(records).filteredOn(r -> r instanceof JournalRecord.AttachmentStored).hasSize(3);
        assertFilesOf(records, question, attached);
        assertThat(records).filteredOn(r -> r instanceof JournalRecord.UserMessage).singleElement()
                .satisfies(r -> {
                    assertThat(((JournalRecord.UserMessage) r).compared()).isTrue();
                    assertThat(((JournalRecord.UserMessage) r).attachments()).isEqualTo(3);
                });
        assertThat(parts.threads).containsExactly(WORKER, WORKER);
        assertThat(provider.requests.get(0).messages().get(0).parts()).hasSize(3);
        assertThat(other.requests.get(0).messages().get(0).parts()).hasSize(3);
    }

    @Test
    void aJournalFileRemovedUnderTheAppIsGivenTheFilesAgainAndACrashThenKeepsThem() throws Exception {
        List<Attachment> attached = attachThreeKinds(7);
        SlowSseBody held = SlowSseBody.openAi(List.of("partly ", "never"), Duration.ZERO).holdBefore(1);
        bodies.add(held);
        server.enqueue(held.response());
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "Keep these", attached, provider, "m");
        patiently().until(() -> reply.length() > 0);
        try (var segments = Files.list(dataDir.resolve(Journal.DIRECTORY))) {
            for (Path segment : segments.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                Files.delete(segment);
            }
        }
        chat.createSession(); // a barrier record: its force finds the file gone
        patiently().until(() -> problems.stream().anyMatch(p -> p.contains("was removed")));
        patiently().until(() -> journaled().stream().anyMatch(r -> r instanceof JournalRecord.TextDelta));

        List<JournalRecord> records = journaled();
        String id = reply.userMessage().id();
        assertFilesOf(records, id, attached);
        assertThat(records).filteredOn(r -> r instanceof JournalRecord.UserMessage).singleElement()
                .satisfies(r -> assertThat(((JournalRecord.UserMessage) r).attachments()).isEqualTo(3));
        Path copy = tmp.resolve("crashed-now");
        copyAllButTheLockAndTheSessions(dataDir, copy);
        try (Workspace recovered = Workspace.open(copy, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            Session back = recovered.store().get(session.id()).orElseThrow();
            assertThat(back.message(id).orElseThrow().attachments()).isEqualTo(attached);
            assertThat(back.message(reply.streamId()).orElseThrow().text()).isEqualTo("partly ");
        }
    }

    /** What a crash before the session file was saved would leave: the journal and the attachments. */
    private static void copyAllButTheLockAndTheSessions(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                String relative = from.relativize(p).toString();
                Path target = to.resolve(relative);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("tidemark.lock") && !relative.startsWith("sessions")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void aBranchAndAnUndoneDeleteKeepTheFiles() throws Exception {
        List<Attachment> attached = attachThreeKinds(8);
        answer("answer");
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "Photo", attached, provider, "m");
        reply.finished().get(20, TimeUnit.SECONDS);
        String question = reply.userMessage().id();

        Session branch = chat.edits().branchFrom(session.id(), reply.streamId());
        assertThat(branch.allMessages().get(0).attachments()).isEqualTo(attached);
        assertThat(workspace.store().get(branch.id()).orElseThrow().allMessages().get(0).attachments())
                .isEqualTo(attached);

        ConversationEdits.Deleted deleted = chat.edits().deleteWithVersions(session.id(), question);
        assertThat(workspace.store().get(deleted.trashId()).orElseThrow().allMessages().get(0).attachments())
                .as("the copy in the trash").isEqualTo(attached);
        Session restored = chat.edits().undo(deleted);
        assertThat(restored.allMessages().get(0).attachments()).isEqualTo(attached);
    }
}
