package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.OwnerLock;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery of background replies (journal format 6) on real journal and session files, as a crash
 * leaves them: recovered, carried forward in the journal for a re-attach, and listed in
 * {@link Recovery.Report#reattachable()} — or ended with the reason, when they cannot be picked up again.
 */
class BackgroundRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    private static final JournalRecord.Origin BACKGROUND =
            new JournalRecord.Origin("responses", "https://api.openai.com/v1", true, false);

    @TempDir
    Path dataDir;

    @Test
    void aBackgroundReplyCutByACrashIsRecoveredAndCarriedForwardForAReattach() throws Exception {
        crashedWhileStreamingInTheBackground();

        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            Message reply = reply(workspace);
            assertThat(reply.text()).isEqualTo("Hello, world");
            assertThat(reply.reasoning()).isEqualTo("Greet them.");
            assertThat(reply.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(workspace.recovery().recovered()).singleElement()
                    .satisfies(r -> assertThat(r.messageId()).isEqualTo("r1"));
            assertThat(workspace.recovery().reattachable()).singleElement().satisfies(r -> {
                assertThat(r.sessionId()).isEqualTo("s1");
                assertThat(r.messageId()).isEqualTo("r1");
                assertThat(r.provider()).isEqualTo("openai");
                assertThat(r.model()).isEqualTo("gpt-5");
                assertThat(r.api()).isEqualTo("responses");
                assertThat(r.baseUrl()).isEqualTo("https://api.openai.com/v1");
                assertThat(r.responseId()).isEqualTo("resp_1");
                assertThat(r.after()).isEqualTo(7);
                assertThat(r.lastSeq()).isEqualTo(3); // the copy: reasoning 1, text 2, stream.remote 3
                assertThat(r.startedAt()).isEqualTo(T0);
                assertThat(r.message().text()).isEqualTo("Hello, world");
                assertThat(r.message().status()).isEqualTo(MessageStatus.RECOVERED);
            });
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        List<JournalRecord> r1 = streamRecords("r1");
        assertThat(r1).noneMatch(r -> r instanceof JournalRecord.StreamEnded);
        assertThat(r1).filteredOn(r -> r instanceof JournalRecord.StreamStarted s && s.origin() != null
                && s.origin().carried()).singleElement().satisfies(r -> {
                    JournalRecord.StreamStarted start = (JournalRecord.StreamStarted) r;
                    assertThat(start.at()).isEqualTo(T0);
                    assertThat(start.parentId()).isEqualTo("u1");
                    assertThat(start.origin()).isEqualTo(BACKGROUND.withCarried(true));
                });
    }

    @Test
    void everyLaterStartCarriesTheReplyAgainWithoutDoublingItOrGrowingTheJournal() throws Exception {
        crashedWhileStreamingInTheBackground();
        List<Long> journalSizes = new ArrayList<>();
        for (int start = 1; start <= 5; start++) {
            try (Workspace workspace = open(T0.plus(Duration.ofMinutes(start)))) {
                assertThat(workspace.recovery().reattachable()).singleElement().satisfies(r -> {
                    assertThat(r.after()).isEqualTo(7);
                    assertThat(r.lastSeq()).isEqualTo(3);
                    assertThat(r.message().text()).isEqualTo("Hello, world");
                });
                Session session = workspace.store().get("s1").orElseThrow();
                assertThat(session.allMessages()).extracting(Message::id).containsExactly("u1", "r1");
                assertThat(reply(workspace).text()).isEqualTo("Hello, world");
                if (start > 1) { // recovered at the first start: waiting now, not interrupted (fsck says nothing)
                    assertThat(workspace.recovery().interrupted()).isEmpty();
                    assertThat(workspace.recovery().recovered()).isEmpty();
                }
                workspace.checkpoint().get(10, TimeUnit.SECONDS);
            }
            assertThat(segments()).as("segments after start %d", start).hasSizeLessThanOrEqualTo(2);
            assertThat(streamRecords("r1")).filteredOn(r -> r instanceof JournalRecord.StreamStarted)
                    .as("starts of r1 after start %d", start).hasSizeLessThanOrEqualTo(2);
            journalSizes.add(journalBytes());
        }
        assertThat(journalSizes.get(4)).as("the journal after five starts, by start: %s", journalSizes)
                .isLessThanOrEqualTo(journalSizes.get(2));
    }

    @Test
    void startsThatCloseAtOnceAsCommandsDoLeaveNoSegmentsBehindWhileAReplyWaits() throws Exception {
        crashedWhileStreamingInTheBackground();
        List<Integer> segmentCounts = new ArrayList<>();
        for (int start = 1; start <= 6; start++) {
            try (Workspace workspace = open(T0.plus(Duration.ofMinutes(start)))) {
                assertThat(workspace.recovery().reattachable()).hasSize(1); // closed at once: no checkpoint asked for
            }
            segmentCounts.add(segments().size());
        }
        assertThat(segmentCounts).as("segment files after each start").allMatch(n -> n <= 2);
        assertThat(streamRecords("r1")).filteredOn(r -> r instanceof JournalRecord.StreamStarted)
                .hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aReattachThatDiedHalfWayIsRecoveredWithEverythingItAddedAndAReattachGoesOnFromThere() throws Exception {
        crashedWhileStreamingInTheBackground();
        long lastSeq;
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            lastSeq = workspace.recovery().reattachable().get(0).lastSeq();
        }
        // the next run re-attached, journaled more of the reply, and was killed
        journal(j -> {
            j.append(new JournalRecord.StreamReattached("r1", lastSeq + 1, "resp_1", 7, T0.plusSeconds(400)));
            j.append(new JournalRecord.TextDelta("r1", lastSeq + 2, lastSeq + 2, "! How", 9));
            return j.append(new JournalRecord.TextDelta("r1", lastSeq + 3, lastSeq + 3, " are you?", 12));
        });

        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(10)))) {
            assertThat(reply(workspace).text()).isEqualTo("Hello, world! How are you?");
            assertThat(reply(workspace).status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(workspace.recovery().reattachable()).singleElement().satisfies(r -> {
                assertThat(r.after()).isEqualTo(12);
                assertThat(r.lastSeq()).isEqualTo(3);
                assertThat(r.message().text()).isEqualTo("Hello, world! How are you?");
            });
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(15)))) {
            assertThat(reply(workspace).text()).isEqualTo("Hello, world! How are you?");
            assertThat(workspace.recovery().reattachable()).singleElement()
                    .satisfies(r -> assertThat(r.after()).isEqualTo(12));
        }
    }

    @Test
    void aCopyCutShortByACrashLeavesTheOneBeforeItStanding() throws Exception {
        crashedWhileStreamingInTheBackground();
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            assertThat(workspace.recovery().reattachable()).hasSize(1);
        }
        // the next start was killed while it wrote the copy: its start and first piece, no stream.remote
        journal(j -> {
            j.append(new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", T0, "u1",
                    BACKGROUND.withCarried(true)));
            return j.append(new JournalRecord.ReasoningDelta("r1", 1, 1, "Greet them.", -1));
        });
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(10)))) {
            assertThat(workspace.recovery().reattachable()).singleElement().satisfies(r -> {
                assertThat(r.after()).isEqualTo(7);
                assertThat(r.message().text()).isEqualTo("Hello, world");
            });
            assertThat(reply(workspace).text()).isEqualTo("Hello, world");
        }
    }

    @Test
    void aCarriedReplyThatAReattachFinishedIsNotCarriedAgain() throws Exception {
        crashedWhileStreamingInTheBackground();
        long lastSeq;
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            lastSeq = workspace.recovery().reattachable().get(0).lastSeq();
            // the re-attach finished: the store holds the reply complete, then its end is journaled
            Message done = reply(workspace).withText("Hello, world!").withStatus(MessageStatus.COMPLETE, null);
            workspace.store().put(workspace.store().get("s1").orElseThrow().withMessage(done, T0.plusSeconds(400)));
            workspace.appender().append(new JournalRecord.StreamReattached("r1", lastSeq + 1, "resp_1", 7,
                    T0.plusSeconds(400)));
            workspace.appender().append(new JournalRecord.TextDelta("r1", lastSeq + 2, lastSeq + 2, "!", 9));
            workspace.appender().append(new JournalRecord.StreamEnded("r1", lastSeq + 3, MessageStatus.COMPLETE,
                    null, T0.plusSeconds(400))).get(10, TimeUnit.SECONDS);
        }

        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(10)))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            assertThat(workspace.recovery().interrupted()).isEmpty();
            assertThat(reply(workspace).text()).isEqualTo("Hello, world!");
            assertThat(reply(workspace).status()).isEqualTo(MessageStatus.COMPLETE);
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(streamRecords("r1")).as("ended: checkpointed away").isEmpty();
    }

    @Test
    void aReplyTheSessionFileHoldsFinishedWinsOverItsUnfinishedCarriedCopy() throws Exception {
        crashedWhileStreamingInTheBackground();
        long lastSeq;
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            lastSeq = workspace.recovery().reattachable().get(0).lastSeq();
            // the re-attach finished and the store saved it; the app died before the end record
            Message done = reply(workspace).withText("Hello, world! Bye.").withStatus(MessageStatus.COMPLETE, null);
            workspace.store().put(workspace.store().get("s1").orElseThrow().withMessage(done, T0.plusSeconds(400)));
            workspace.appender().append(new JournalRecord.StreamReattached("r1", lastSeq + 1, "resp_1", 7,
                    T0.plusSeconds(400)));
            workspace.appender().append(new JournalRecord.TextDelta("r1", lastSeq + 2, lastSeq + 2, "! Bye", 9))
                    .get(10, TimeUnit.SECONDS);
        }

        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(10)))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            assertThat(reply(workspace).text()).isEqualTo("Hello, world! Bye.");
            assertThat(reply(workspace).status()).isEqualTo(MessageStatus.COMPLETE);
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(streamRecords("r1")).as("ended: checkpointed away").isEmpty();
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(15)))) {
            assertThat(reply(workspace).text()).isEqualTo("Hello, world! Bye.");
            assertThat(reply(workspace).status()).isEqualTo(MessageStatus.COMPLETE);
        }
    }

    @Test
    void aLiveReplyWhoseReattachTriesRanOutIsPickedUpAtTheNextStart() throws Exception {
        crashedWhileStreamingInTheBackground();
        // the app saved it as an error ("restart Tidemark to fetch the rest"), its stream left open, and exited
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            Message reply = new Message("r1", Role.ASSISTANT, "Hello, world", MessageStatus.ERROR, T0, "openai/gpt-5",
                    "The connection was lost, and 5 tries to pick the reply up again failed.", "Greet them.",
                    List.of(), false);
            store.put(new Session("s1", "say hello", T0, T0, List.of(Message.user("u1", "say hello", T0), reply)));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            assertThat(reply(workspace).status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(reply(workspace).text()).isEqualTo("Hello, world");
            assertThat(workspace.recovery().reattachable()).singleElement()
                    .satisfies(r -> assertThat(r.after()).isEqualTo(7));
        }
    }

    @Test
    void aReplyOlderThanTheWindowIsEndedAsRecoveredAndSaysWhy() throws Exception {
        crashedWhileStreamingInTheBackground();
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            assertThat(workspace.recovery().reattachable()).hasSize(1);
        }
        // no re-attach happened; the next start is more than a day after the reply began
        try (Workspace workspace = open(T0.plus(Recovery.REATTACH_WINDOW).plusSeconds(1))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            Message reply = reply(workspace);
            assertThat(reply.text()).isEqualTo("Hello, world");
            assertThat(reply.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(reply.detail()).contains("could not pick this reply up again")
                    .contains("keeps background replies only for a while");
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(streamRecords("r1")).as("ended: checkpointed away").isEmpty();
        try (Workspace workspace = open(T0.plus(Recovery.REATTACH_WINDOW).plusSeconds(60))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            assertThat(reply(workspace).detail()).contains("only for a while");
        }
    }

    @Test
    void aReplyFoundTooOldAtItsFirstRecoveryIsNotCarried() throws Exception {
        crashedWhileStreamingInTheBackground();
        try (Workspace workspace = open(T0.plus(Duration.ofHours(30)))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            assertThat(workspace.recovery().recovered()).hasSize(1);
            assertThat(reply(workspace).detail()).contains("only for a while");
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(streamRecords("r1")).as("ended: checkpointed away").isEmpty();
    }

    @Test
    void aReplyThatIsNotABackgroundRunOrHasNoResponseIdIsRecoveredAsBefore() throws Exception {
        journal(j -> {
            j.append(new JournalRecord.SessionCreated("s1", SessionTitles.UNTITLED, T0));
            j.append(new JournalRecord.UserMessage("s1", "u1", "hi", T0, ""));
            // streamed in the foreground: the service stops with the connection
            j.append(new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", T0, "u1",
                    new JournalRecord.Origin("responses", "https://api.openai.com/v1", false, false)));
            j.append(new JournalRecord.StreamRemote("r1", 1, "resp_1", T0));
            j.append(new JournalRecord.TextDelta("r1", 2, 2, "one", 3));
            // in the background, but killed before the service named it
            j.append(new JournalRecord.UserMessage("s1", "u2", "again", T0, "r1"));
            j.append(new JournalRecord.StreamStarted("r2", "s1", "openai", "gpt-5", T0, "u2", BACKGROUND));
            return j.append(new JournalRecord.TextDelta("r2", 1, 1, "two", -1));
        });
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            assertThat(workspace.recovery().recovered()).extracting(Recovery.RecoveredReply::messageId)
                    .containsExactly("r1", "r2");
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(streamRecords("r1")).as("ended: checkpointed away").isEmpty();
        assertThat(streamRecords("r2")).as("ended: checkpointed away").isEmpty();
    }

    @Test
    void aReplyInAChatInTheTrashIsEndedNotCarried() throws Exception {
        crashedWhileStreamingInTheBackground();
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            assertThat(workspace.recovery().reattachable()).hasSize(1);
        }
        journal(j -> j.append(new JournalRecord.SessionTrashed("s1", true, T0.plusSeconds(400))));
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(10)))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            assertThat(workspace.store().get("s1").orElseThrow().inTrash()).isTrue();
            assertThat(reply(workspace).detail()).contains("its chat is in the trash");
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(streamRecords("r1")).as("ended: checkpointed away").isEmpty();
    }

    @Test
    void aDeletedReplyIsEndedNotCarried() throws Exception {
        crashedWhileStreamingInTheBackground();
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(5)))) {
            assertThat(workspace.recovery().reattachable()).hasSize(1);
            Session session = workspace.store().get("s1").orElseThrow();
            workspace.store().put(session.without(List.of("r1"), T0.plusSeconds(400)));
            workspace.appender().append(new JournalRecord.MessageDeleted("s1", "r1", T0.plusSeconds(400)))
                    .get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open(T0.plus(Duration.ofMinutes(10)))) {
            assertThat(workspace.recovery().reattachable()).isEmpty();
            assertThat(workspace.store().get("s1").orElseThrow().hasMessage("r1")).isFalse();
            workspace.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(streamRecords("r1")).as("ended: checkpointed away").isEmpty();
    }

    @Test
    void aReaderWritesNothingAndListsNothing() throws Exception {
        crashedWhileStreamingInTheBackground();
        String before = journalContents();
        try (var lock = OwnerLock.tryAcquire(dataDir).orElseThrow();
             Workspace reader = open(T0.plus(Duration.ofMinutes(5)))) {
            assertThat(reader.isReadOnly()).isTrue();
            assertThat(reader.recovery().reattachable()).isEmpty();
            assertThat(reply(reader).status()).isEqualTo(MessageStatus.STREAMING);
            assertThat(reply(reader).text()).isEqualTo("Hello, world");
        }
        assertThat(journalContents()).isEqualTo(before);
        assertThat(dataDir.resolve("sessions/s1.json")).doesNotExist();
    }

    @Test
    void aReplyWithAPartMissingIsCarriedWithItsGap() throws Exception {
        journal(j -> {
            j.append(new JournalRecord.SessionCreated("s1", SessionTitles.UNTITLED, T0));
            j.append(new JournalRecord.UserMessage("s1", "u1", "hi", T0, ""));
            j.append(new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", T0, "u1", BACKGROUND));
            j.append(new JournalRecord.StreamRemote("r1", 1, "resp_1", T0));
            j.append(new JournalRecord.TextDelta("r1", 2, 2, "Hello", 4));
            return j.append(new JournalRecord.TextDelta("r1", 4, 4, " there", 8)); // 3 was on a damaged line
        });
        for (int start = 1; start <= 2; start++) {
            try (Workspace workspace = open(T0.plus(Duration.ofMinutes(start)))) {
                assertThat(reply(workspace).gap()).as("start %d", start).isTrue();
                assertThat(workspace.recovery().reattachable()).singleElement()
                        .satisfies(r -> assertThat(r.after()).isEqualTo(8));
                workspace.checkpoint().get(10, TimeUnit.SECONDS);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Leaves the journal as a process killed mid-reply leaves it: a background reply whose response id
     * the service gave, some reasoning and text (the wire's sequence numbers up to 7), no end.
     */
    private void crashedWhileStreamingInTheBackground() throws Exception {
        journal(j -> {
            j.append(new JournalRecord.SessionCreated("s1", SessionTitles.UNTITLED, T0));
            j.append(new JournalRecord.UserMessage("s1", "u1", "say hello", T0, ""));
            j.append(new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-5", T0, "u1", BACKGROUND));
            j.append(new JournalRecord.StreamRemote("r1", 1, "resp_1", T0));
            j.append(new JournalRecord.ReasoningDelta("r1", 2, 2, "Greet them.", 3));
            j.append(new JournalRecord.TextDelta("r1", 3, 3, "Hello, ", 5));
            return j.append(new JournalRecord.TextDelta("r1", 4, 4, "world", 7));
        });
    }

    private interface Appends {
        java.util.concurrent.CompletableFuture<Void> to(Journal journal);
    }

    /** Appends to the journal as a run of the app does, without recovery (the app is killed after). */
    private void journal(Appends appends) throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            appends.to(journal).get(10, TimeUnit.SECONDS);
        }
    }

    private Workspace open(Instant now) throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.fixed(now, ZoneOffset.UTC), p -> { });
    }

    private static Message reply(Workspace workspace) {
        return workspace.store().get("s1").orElseThrow().message("r1").orElseThrow();
    }

    private List<JournalRecord> streamRecords(String streamId) {
        return Journal.readOnly(dataDir).records().stream()
                .filter(r -> r instanceof JournalRecord.StreamRecord s && s.streamId().equals(streamId)).toList();
    }

    private List<Path> segments() throws Exception {
        try (var files = Files.list(dataDir.resolve("journal"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private long journalBytes() throws Exception {
        long bytes = 0;
        for (Path segment : segments()) {
            bytes += Files.size(segment);
        }
        return bytes;
    }

    private String journalContents() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(dataDir.resolve("journal"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
