package dev.tidemark.chat;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Ids;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import dev.tidemark.model.StreamEvent;
import dev.tidemark.provider.Endpoint;
import dev.tidemark.provider.SseStream;
import dev.tidemark.provider.openai.ResponsesProvider;
import dev.tidemark.session.Recovery;
import dev.tidemark.session.Workspace;
import dev.tidemark.testing.responses.ResponsesTestServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Background replies of the Responses API through the real path (issue 18): the real
 * {@link ResponsesProvider} against the scripted {@link ResponsesTestServer} over loopback, the
 * journal and the session store on real files (forced), recovery by a real second open.
 */
class ReattachTest {

    private static final List<Duration> QUICK = List.of(Duration.ofMillis(20), Duration.ofMillis(40),
            Duration.ofMillis(80), Duration.ofMillis(160), Duration.ofMillis(320));

    @TempDir
    Path dataDir;

    private final OkHttpClient http = new OkHttpClient();
    private ResponsesTestServer server;
    private Workspace workspace;
    private ChatService chat;
    private final List<StreamEvent> updates = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = ResponsesTestServer.start();
        open();
    }

    @AfterEach
    void tearDown() {
        if (chat != null) {
            chat.stopAll();
        }
        if (workspace != null) {
            workspace.close();
        }
        server.close();
    }

    @Test
    void theResponseIdIsABarrierBeforeAnyTextAndEachPieceCarriesTheNumberOfItsEvent() throws Exception {
        List<String> pieces = words("tide", 12);
        server.script(pieces, Duration.ZERO);
        Session session = chat.createSession();

        Reply reply = chat.send(session.id(), "go", provider(true), "gpt-test");
        Message done = reply.finished().get(20, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.text()).isEqualTo(String.join("", pieces));
        assertThat(reply.responseId()).contains(server.lastResponseId());
        List<JournalRecord.StreamRecord> stream = streamRecords(reply.streamId());
        assertThat(stream.get(0)).isInstanceOfSatisfying(JournalRecord.StreamStarted.class, s ->
                assertThat(s.origin()).isEqualTo(new JournalRecord.Origin("responses", server.baseUrl(), true, false)));
        int remote = indexOf(stream, JournalRecord.StreamRemote.class);
        int firstText = indexOf(stream, JournalRecord.TextDelta.class);
        assertThat(remote).as("stream.remote is journaled").isPositive();
        assertThat(remote).as("before any text of the reply").isLessThan(firstText);
        JournalRecord.StreamRemote record = (JournalRecord.StreamRemote) stream.get(remote);
        assertThat(record.responseId()).isEqualTo(server.lastResponseId());
        assertThat(record.isBarrier()).as("forced at once").isTrue();
        // a seq like any stream record's: 0 (the start), then 1, 2 … with no gap
        assertThat(stream).extracting(JournalRecord.StreamRecord::seq).isSorted();
        assertThat(stream.get(stream.size() - 1).seq()).isEqualTo(pieces.size() + 1 + 1);

        // the server numbers its events created 0, in_progress 1, output_item.added 2, content_part.added 3,
        // then one text delta each: every piece is journaled with the number of the event it came in
        assertThat(texts(stream)).extracting(JournalRecord.TextDelta::remoteSeq)
                .containsExactlyElementsOf(LongStream.range(4, 4 + pieces.size()).boxed().toList());
    }

    @Test
    void aDroppedConnectionIsPickedUpAgainAfterTheLastJournaledEventAndTheTextIsExact() throws Exception {
        List<String> pieces = words("swell", 40);
        server.script(pieces, Duration.ofMillis(5));
        server.dropFirstConnectionAfter(14);
        Session session = chat.createSession();

        Reply reply = chat.send(session.id(), "go", provider(true), "gpt-test");
        Message done = reply.finished().get(30, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.text()).isEqualTo(String.join("", pieces));
        assertThat(updates).filteredOn(StreamEvent.Retrying.class::isInstance).first()
                .isInstanceOfSatisfying(StreamEvent.Retrying.class, r -> {
                    assertThat(r.reason()).isEqualTo(Reattaching.PICKING_UP);
                    assertThat(r.attempt()).isEqualTo(1);
                });
        List<JournalRecord.StreamRecord> stream = streamRecords(reply.streamId());
        int reattach = indexOf(stream, JournalRecord.StreamReattached.class);
        assertThat(reattach).as("stream.reattach journaled").isPositive();
        long lastJournaled = texts(stream.subList(0, reattach)).stream().mapToLong(JournalRecord.TextDelta::remoteSeq)
                .max().orElseThrow();
        assertThat(((JournalRecord.StreamReattached) stream.get(reattach)).after()).isEqualTo(lastJournaled);
        assertThat(resumeRequests()).singleElement().satisfies(query ->
                assertThat(query).contains("starting_after=" + lastJournaled));
        assertThat(texts(stream).stream().map(JournalRecord.TextDelta::text).reduce("", String::concat))
                .as("the journal holds every word once").isEqualTo(String.join("", pieces));
        assertThat(stream.get(stream.size() - 1)).isInstanceOfSatisfying(JournalRecord.StreamEnded.class,
                e -> assertThat(e.status()).isEqualTo(MessageStatus.COMPLETE));
    }

    @Test
    void afterTheLastTryALiveReplyEndsAsAnErrorWithItsTextAndItsStreamLeftForALaterStart() throws Exception {
        server.script(words("rip", 60), Duration.ofMillis(5));
        server.dropFirstConnectionAfter(12);
        // the first wait gives the test time to take the service away before the first try
        chat.reattachDelays(List.of(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(10),
                Duration.ofMillis(10), Duration.ofMillis(10)));
        Session session = chat.createSession();

        Reply reply = chat.send(session.id(), "go", provider(true), "gpt-test");
        patiently().until(() -> updates.stream().anyMatch(u -> u instanceof StreamEvent.Retrying r
                && r.reason().equals(Reattaching.PICKING_UP)));
        String before = reply.text();
        server.close(); // the service cannot be reached again
        Message done = reply.finished().get(60, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(done.text()).isEqualTo(before).isNotEmpty();
        assertThat(done.detail()).contains("5 tries").contains("restart Tidemark").contains("tidemark resume");
        assertThat(updates).filteredOn(u -> u instanceof StreamEvent.Retrying r && r.reason().equals(Reattaching.PICKING_UP))
                .extracting(u -> ((StreamEvent.Retrying) u).attempt()).containsExactly(1, 2, 3, 4, 5);
        workspace.store().flush().get(10, TimeUnit.SECONDS);
        assertThat(workspace.store().get(session.id()).orElseThrow().message(reply.streamId()).orElseThrow().status())
                .isEqualTo(MessageStatus.ERROR);
        List<JournalRecord.StreamRecord> stream = streamRecords(reply.streamId());
        assertThat(stream).filteredOn(JournalRecord.StreamReattached.class::isInstance).hasSize(5);
        assertThat(stream).as("no end: a later start or resume finds it").noneMatch(JournalRecord.StreamEnded.class::isInstance);
        assertThat(chat.busy(session.id())).isFalse();
        long lastJournaled = texts(stream).stream().mapToLong(JournalRecord.TextDelta::remoteSeq).max().orElseThrow();

        workspace.close(); // the next start finds it waiting to be picked up
        chat = null;
        open();
        assertThat(workspace.recovery().reattachable()).singleElement().satisfies(r -> {
            assertThat(r.messageId()).isEqualTo(reply.streamId());
            assertThat(r.responseId()).isEqualTo(reply.responseId().orElseThrow());
            assertThat(r.after()).isEqualTo(lastJournaled);
            assertThat(r.message().text()).isEqualTo(before);
        });
    }

    @Test
    void afterTheLastTryAReattachStaysRecoveredWithTheReason() throws Exception {
        Crashed crashed = crashMidReply(words("fog", 30), 8);
        chat.reattachDelays(List.of(Duration.ofMillis(10)));
        server.close();

        Message done = chat.reattach(crashed.reattachable(), provider(true)).finished().get(60, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(MessageStatus.RECOVERED);
        assertThat(done.text()).isEqualTo(crashed.reattachable().message().text());
        assertThat(done.detail()).contains("1 try");
        List<JournalRecord.StreamRecord> stream = streamRecords(done.id());
        assertThat(stream.get(stream.size() - 1)).isInstanceOfSatisfying(JournalRecord.StreamEnded.class,
                e -> assertThat(e.status()).isEqualTo(MessageStatus.RECOVERED));
    }

    @Test
    void aReplyThatDoesNotRunInTheBackgroundEndsAsAnErrorWhenItsConnectionDrops() throws Exception {
        server.script(words("ebb", 30), Duration.ofMillis(5));
        server.dropFirstConnectionAfter(10);
        Session session = chat.createSession();

        Reply reply = chat.send(session.id(), "go", provider(false), "gpt-test");
        Message done = reply.finished().get(20, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(MessageStatus.ERROR);
        assertThat(done.text()).isNotEmpty();
        assertThat(reply.responseId()).isEmpty();
        assertThat(updates).noneMatch(StreamEvent.Retrying.class::isInstance);
        assertThat(server.requests()).extracting(ResponsesTestServer.Recorded::method).containsOnly("POST");
        assertThat(server.requests().get(0).body()).doesNotContain("\"background\":true");
    }

    @Test
    void aRecoveredReplyIsReattachedAndFinishesCompleteStillMarkedRecovered() throws Exception {
        List<String> pieces = words("moon", 30);
        Crashed crashed = crashMidReply(pieces, 8);

        Reply reply = chat.reattach(crashed.reattachable(), provider(true));
        assertThat(reply.reattaching()).isTrue();
        Message done = reply.finished().get(30, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.recovered()).isTrue();
        assertThat(done.text()).isEqualTo(String.join("", pieces));
        assertThat(reply.reattaching()).isFalse();
        workspace.store().flush().get(10, TimeUnit.SECONDS);
        Message stored = workspace.store().get(crashed.sessionId()).orElseThrow().message(reply.streamId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(stored.recovered()).isTrue();
        assertThat(stored.text()).isEqualTo(String.join("", pieces));

        assertThat(resumeRequests()).singleElement().satisfies(query ->
                assertThat(query).contains("starting_after=" + crashed.reattachable().after()));
        List<JournalRecord.StreamRecord> stream = streamRecords(reply.streamId());
        int reattach = indexOf(stream, JournalRecord.StreamReattached.class);
        assertThat(stream.get(reattach)).isInstanceOfSatisfying(JournalRecord.StreamReattached.class, r -> {
            assertThat(r.seq()).isEqualTo(crashed.reattachable().lastSeq() + 1);
            assertThat(r.after()).isEqualTo(crashed.reattachable().after());
            assertThat(r.responseId()).isEqualTo(crashed.reattachable().responseId());
        });
        String rest = texts(stream.subList(reattach, stream.size())).stream().map(JournalRecord.TextDelta::text)
                .reduce("", String::concat);
        assertThat(crashed.reattachable().message().text() + rest).isEqualTo(String.join("", pieces));
        assertThat(stream.get(stream.size() - 1)).isInstanceOfSatisfying(JournalRecord.StreamEnded.class,
                e -> assertThat(e.status()).isEqualTo(MessageStatus.COMPLETE));
    }

    @Test
    void aResponseTheServiceNoLongerHasLeavesTheReplyRecoveredWithItsTextAndTheReason() throws Exception {
        Crashed crashed = crashMidReply(words("gone", 30), 8);
        server.forget(crashed.reattachable().responseId());

        Reply reply = chat.reattach(crashed.reattachable(), provider(true));
        Message done = reply.finished().get(20, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(MessageStatus.RECOVERED);
        assertThat(done.recovered()).isTrue();
        assertThat(done.text()).isEqualTo(crashed.reattachable().message().text());
        assertThat(done.detail()).startsWith("Tidemark could not pick this reply up again: ").hasSizeGreaterThan(50);
        List<JournalRecord.StreamRecord> stream = streamRecords(reply.streamId());
        assertThat(stream.get(stream.size() - 1)).isInstanceOfSatisfying(JournalRecord.StreamEnded.class, e -> {
            assertThat(e.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(e.detail()).isEqualTo(done.detail());
        });
    }

    @Test
    void givingUpEndsTheCarriedStreamAndSaysWhyOnTheMessage() throws Exception {
        Crashed crashed = crashMidReply(words("tern", 20), 6);

        chat.giveUpReattach(crashed.reattachable(), "No key for OpenAI was found.");

        Message stored = workspace.store().get(crashed.sessionId()).orElseThrow()
                .message(crashed.reattachable().messageId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(MessageStatus.RECOVERED);
        assertThat(stored.detail()).isEqualTo("No key for OpenAI was found.");
        assertThat(stored.text()).isEqualTo(crashed.reattachable().message().text());
        patiently().until(() -> streamRecords(crashed.reattachable().messageId()).stream()
                .anyMatch(r -> r instanceof JournalRecord.StreamEnded end && end.seq() == crashed.reattachable().lastSeq() + 1));
        List<JournalRecord.StreamRecord> stream = streamRecords(crashed.reattachable().messageId());
        assertThat(stream.get(stream.size() - 1)).isInstanceOfSatisfying(JournalRecord.StreamEnded.class, e -> {
            assertThat(e.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(e.seq()).isEqualTo(crashed.reattachable().lastSeq() + 1);
        });
    }

    @Test
    void aReattachIsRefusedWhileAReplyStreamsInItsSession() throws Exception {
        Crashed crashed = crashMidReply(words("gull", 20), 6);
        server.script(words("busy", 200), Duration.ofMillis(20));
        chat.send(crashed.sessionId(), "another", provider(false), "gpt-test");

        assertThatThrownBy(() -> chat.reattach(crashed.reattachable(), provider(true)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopCancelsTheBackgroundRunOnTheServiceAsWellAsHere() throws Exception {
        server.script(words("long", 400), Duration.ofMillis(10));
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "go", provider(true), "gpt-test");
        patiently().until(() -> reply.length() > 20);

        assertThat(chat.stop(session.id())).isTrue();
        chat.remoteCancelsSent().get(20, TimeUnit.SECONDS);

        assertThat(reply.finished().get(10, TimeUnit.SECONDS).status()).isEqualTo(MessageStatus.STOPPED);
        assertThat(server.cancels()).containsExactly(reply.responseId().orElseThrow());
    }

    @Test
    void aBackgroundReplyJournaledAgainKeepsItsOriginItsPositionAndItsResponseId() throws Exception {
        server.script(words("wave", 300), Duration.ofMillis(10));
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "go", provider(true), "gpt-test");
        patiently().until(() -> reply.length() > 20);
        try (var files = Files.list(dataDir.resolve(Journal.DIRECTORY))) {
            for (Path segment : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                Files.delete(segment);
            }
        }
        chat.createSession(); // a barrier record: its force finds the file gone
        patiently().until(() -> problems.stream().anyMatch(p -> p.contains("was removed")));
        patiently().until(() -> streamRecords(reply.streamId()).stream()
                .anyMatch(JournalRecord.StreamRemote.class::isInstance));

        List<JournalRecord.StreamRecord> all = streamRecords(reply.streamId());
        // pieces queued before the start was journaled again come first; recovery reads from the start on
        List<JournalRecord.StreamRecord> again = all.subList(indexOf(all, JournalRecord.StreamStarted.class), all.size());
        assertThat(again.get(0)).isInstanceOfSatisfying(JournalRecord.StreamStarted.class, s ->
                assertThat(s.origin()).isEqualTo(new JournalRecord.Origin("responses", server.baseUrl(), true, false)));
        int remote = indexOf(again, JournalRecord.StreamRemote.class);
        assertThat(((JournalRecord.StreamRemote) again.get(remote)).responseId()).isEqualTo(reply.responseId().orElseThrow());
        assertThat(again.get(remote - 1)).isInstanceOfSatisfying(JournalRecord.TextDelta.class, text -> {
            assertThat(text.remoteSeq()).as("the position the reply had reached").isGreaterThanOrEqualTo(4);
            assertThat(text.through()).isEqualTo(again.get(remote).seq() - 1);
        });
        assertThat(again).extracting(JournalRecord.StreamRecord::seq).doesNotHaveDuplicates().isSorted();
        chat.stop(session.id());
    }

    @Test
    void quittingWhileABackgroundReplyStreamsLeavesItRunningThereAndTheNextStartFinishesIt() throws Exception {
        List<String> pieces = words("quay", 40);
        server.script(pieces, Duration.ofMillis(15));
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "go", provider(true), "gpt-test");
        patiently().until(() -> reply.length() > 30);

        chat.stopAll(); // the window closes
        workspace.store().flush().get(10, TimeUnit.SECONDS);
        workspace.close();
        chat = null;

        assertThat(server.cancels()).as("the run is not cancelled on the service").isEmpty();
        assertThat(streamRecords(reply.streamId())).as("no end record: the next start picks it up")
                .noneMatch(JournalRecord.StreamEnded.class::isInstance);
        open();
        Recovery.Reattachable waiting = workspace.recovery().reattachable().stream()
                .filter(r -> r.messageId().equals(reply.streamId())).findFirst().orElseThrow();
        Message done = chat.reattach(waiting, provider(true)).finished().get(30, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(done.recovered()).isTrue();
        assertThat(done.text()).isEqualTo(String.join("", pieces));
    }

    /** A reply whose app died while it streamed, and what the next start knows of it. */
    private record Crashed(String sessionId, Recovery.Reattachable reattachable) {
    }

    /**
     * Streams a background reply until {@code arrived} pieces are in, then "crashes": the stream is
     * dropped without an end, the workspace closed and opened again (recovery runs). The reply to
     * re-attach is the one recovery reports; with a recovery that does not yet report it, one built
     * from the journal as recovery would.
     */
    private Crashed crashMidReply(List<String> pieces, int arrived) throws Exception {
        server.script(pieces, Duration.ofMillis(15));
        Session session = chat.createSession();
        Reply reply = chat.send(session.id(), "go", provider(true), "gpt-test");
        patiently().until(() -> reply.text().length() >= String.join("", pieces.subList(0, arrived)).length());
        reply.cancellable().cancel(); // the app dies: nothing more arrives, and the stream has no end
        workspace.store().flush().get(10, TimeUnit.SECONDS);
        workspace.close();
        chat = null;
        List<JournalRecord.StreamRecord> stream = streamRecords(reply.streamId());
        open();
        Recovery.Report report = workspace.recovery();
        if (!report.reattachable().isEmpty()) {
            return new Crashed(session.id(), report.reattachable().get(0));
        }
        // built as recovery reports it: after the recovered end record the start journals
        Message recovered = workspace.store().get(session.id()).orElseThrow().message(reply.streamId()).orElseThrow();
        long after = texts(stream).stream().mapToLong(JournalRecord.TextDelta::remoteSeq).max().orElse(-1);
        long lastSeq = stream.get(stream.size() - 1).seq() + 1;
        return new Crashed(session.id(), new Recovery.Reattachable(session.id(), reply.streamId(), "openai",
                "gpt-test", "responses", server.baseUrl(), reply.responseId().orElseThrow(), after, lastSeq,
                recovered.createdAt(), recovered));
    }

    private ResponsesProvider provider(boolean background) {
        // no retries of its own within one connection: the re-attach's tries are what is tested
        return new ResponsesProvider(http, new Endpoint(server.baseUrl(), "sk-test"), background,
                new SseStream.Policy(0, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1)));
    }

    private void open() throws Exception {
        workspace = Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> problems.add(p.message()));
        chat = new ChatService(workspace.appender(), workspace.store(), Clock.systemUTC(), Ids::next);
        workspace.onSegmentLost(chat::journalAgain);
        chat.reattachDelays(QUICK);
        chat.addListener(new ChatService.Listener() {
            @Override
            public void replyUpdated(Reply reply, StreamEvent piece) {
                updates.add(piece);
            }
        });
    }

    /** The queries of the GET requests that asked for the rest of a response. */
    private List<String> resumeRequests() {
        return server.requests().stream().filter(r -> r.method().equals("GET")).map(r -> String.valueOf(r.query()))
                .toList();
    }

    private List<JournalRecord.StreamRecord> streamRecords(String streamId) throws Exception {
        List<JournalRecord.StreamRecord> out = new ArrayList<>();
        for (JournalRecord r : Journal.readOnly(dataDir).records()) {
            if (r instanceof JournalRecord.StreamRecord s && s.streamId().equals(streamId)) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<JournalRecord.TextDelta> texts(List<JournalRecord.StreamRecord> records) {
        return records.stream().filter(JournalRecord.TextDelta.class::isInstance).map(JournalRecord.TextDelta.class::cast)
                .toList();
    }

    private static int indexOf(List<JournalRecord.StreamRecord> records, Class<?> type) {
        return IntStream.range(0, records.size()).filter(i -> type.isInstance(records.get(i))).findFirst().orElse(-1);
    }

    private static List<String> words(String stem, int n) {
        return IntStream.range(0, n).mapToObj(i -> stem + i + " ").toList();
    }
}
