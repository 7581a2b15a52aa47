package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Startup recovery on real journal and session files, as a crash leaves them. */
class RecoveryTest {

    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void anOrphanedStreamComesBackAsARecoveredReplyOnce() throws Exception {
        crashedWhileStreaming("s1", "r1", "Hello, ", "wor", "ld");

        try (Workspace first = open()) {
            assertThat(first.recovery().recovered()).singleElement().satisfies(r -> {
                assertThat(r.sessionId()).isEqualTo("s1");
                assertThat(r.messageId()).isEqualTo("r1");
                assertThat(r.characters()).isEqualTo("Hello, world".length());
                assertThat(r.gap()).isFalse();
            });
            Session session = first.store().get("s1").orElseThrow();
            assertThat(session.title()).isEqualTo("tell me something");
            assertThat(session.messages()).extracting(Message::role, Message::text, Message::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Role.USER, "tell me something", MessageStatus.COMPLETE),
                    org.assertj.core.groups.Tuple.tuple(Role.ASSISTANT, "Hello, world", MessageStatus.RECOVERED));
            assertThat(session.messages().get(1).detail()).contains("recovered");
            first.checkpoint().get(10, TimeUnit.SECONDS);
        }
        assertThat(dataDir.resolve("journal/00000001.jsonl")).as("checkpointed away").doesNotExist();
        String storedAfterFirst = Files.readString(dataDir.resolve("sessions/s1.json"));

        try (Workspace second = open()) {
            assertThat(second.recovery().recovered()).isEmpty();
            assertThat(second.recovery().restored()).isZero();
            assertThat(second.store().get("s1").orElseThrow().messages()).hasSize(2);
        }
        assertThat(Files.readString(dataDir.resolve("sessions/s1.json"))).isEqualTo(storedAfterFirst);
        assertThat(Journal.readOnly(dataDir).records()).noneMatch(r -> r instanceof JournalRecord.StreamStarted);
    }

    @Test
    void messagesTheStoreNeverSavedAreRestoredInOrderAroundOnesItHas() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.SessionCreated("s1", SessionTitles.UNTITLED, T0));
            journal.append(new JournalRecord.UserMessage("s1", "u1", "first", T0.plusSeconds(1)));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", T0.plusSeconds(1)));
            journal.append(new JournalRecord.TextDelta("r1", 1, "answer one"));
            journal.append(new JournalRecord.StreamEnded("r1", 2, MessageStatus.COMPLETE, null, T0.plusSeconds(2)));
            journal.append(new JournalRecord.UserMessage("s1", "u2", "second", T0.plusSeconds(3)));
            journal.append(new JournalRecord.StreamStarted("r2", "s1", "demo", "demo", T0.plusSeconds(3)));
            journal.append(new JournalRecord.TextDelta("r2", 1, "answer "));
            journal.append(new JournalRecord.TextDelta("r2", 2, "two"))
                    .get(10, TimeUnit.SECONDS);
        }
        // the store saved the session with only the first user message before the crash
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            store.put(new Session("s1", "first", T0, T0.plusSeconds(1),
                    List.of(Message.user("u1", "first", T0.plusSeconds(1)))));
            store.flush().get(10, TimeUnit.SECONDS);
        }

        try (Workspace workspace = open()) {
            assertThat(workspace.recovery().restored()).isEqualTo(3);
            assertThat(workspace.store().get("s1").orElseThrow().messages())
                    .extracting(Message::id, Message::text, Message::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("u1", "first", MessageStatus.COMPLETE),
                            org.assertj.core.groups.Tuple.tuple("r1", "answer one", MessageStatus.COMPLETE),
                            org.assertj.core.groups.Tuple.tuple("u2", "second", MessageStatus.COMPLETE),
                            org.assertj.core.groups.Tuple.tuple("r2", "answer two", MessageStatus.RECOVERED));
        }
    }

    @Test
    void aReplyTheStoreAlreadyHoldsIsLeftAsTheStoreHasIt() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("s1", "u1", "first", T0));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", T0));
            journal.append(new JournalRecord.TextDelta("r1", 1, "as journaled"));
            journal.append(new JournalRecord.StreamEnded("r1", 2, MessageStatus.COMPLETE, null, T0))
                    .get(10, TimeUnit.SECONDS);
        }
        Message saved = new Message("r1", Role.ASSISTANT, "as saved", MessageStatus.COMPLETE, T0, "demo/demo", null,
                "", List.of(), false, null);
        Session stored = new Session("s1", "first", T0, T0, List.of(Message.user("u1", "first", T0), saved));
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            store.put(stored);
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open()) {
            assertThat(workspace.recovery().restored()).isZero();
            assertThat(workspace.store().get("s1").orElseThrow()).isEqualTo(stored);
        }
    }

    @Test
    void aMissingSequenceNumberMarksTheRecoveredReplyAsHavingAGap() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("s1", "u1", "q", T0));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", T0));
            journal.append(new JournalRecord.TextDelta("r1", 1, "a"));
            journal.append(new JournalRecord.TextDelta("r1", 3, "c")).get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open()) {
            assertThat(workspace.recovery().recovered()).singleElement()
                    .satisfies(r -> assertThat(r.gap()).isTrue());
            assertThat(workspace.store().get("s1").orElseThrow().messages().get(1).detail())
                    .contains("Part of the reply is missing");
        }
    }

    @Test
    void aReaderWhileTheOwnerLivesWritesNothing() throws Exception {
        crashedWhileStreaming("s1", "r1", "still ", "going");
        try (Workspace owner = open()) {
            owner.checkpoint().get(10, TimeUnit.SECONDS);
            String journalBefore = journalContents();
            try (Workspace reader = open()) {
                assertThat(reader.isReadOnly()).isTrue();
                assertThat(reader.readOnlyReason()).get().asString()
                        .contains("Another Tidemark (process " + ProcessHandle.current().pid() + ")");
                assertThat(reader.recovery().recovered()).isEmpty();
                assertThat(reader.store().get("s1").orElseThrow().messages().get(1).status())
                        .isEqualTo(MessageStatus.RECOVERED);
                reader.store().put(Session.empty("from-reader", "x", T0));
                reader.store().flush().get(10, TimeUnit.SECONDS);
                assertThat(reader.appender().append(new JournalRecord.UserMessage("s1", "u9", "no", T0)))
                        .isCompletedExceptionally();
            }
            assertThat(dataDir.resolve("sessions/from-reader.json")).doesNotExist();
            assertThat(journalContents()).isEqualTo(journalBefore);
        }
    }

    @Test
    void aReaderShowsAnUnfinishedStreamAsStreaming() throws Exception {
        crashedWhileStreaming("s1", "r1", "live");
        try (var lock = dev.tidemark.journal.OwnerLock.tryAcquire(dataDir).orElseThrow();
             Workspace reader = open()) {
            assertThat(reader.isReadOnly()).isTrue();
            Message reply = reader.store().get("s1").orElseThrow().messages().get(1);
            assertThat(reply.status()).isEqualTo(MessageStatus.STREAMING);
            assertThat(reply.text()).isEqualTo("live");
        }
        assertThat(Journal.readOnly(dataDir).records()).noneMatch(r -> r instanceof JournalRecord.StreamEnded);
    }

    @Test
    void aReplyCutInsideItsReasoningComesBackWithTheReasoningAndSaysWhere() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("s1", "u1", "think hard", T0));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "openai", "deepseek", T0));
            journal.append(new JournalRecord.ReasoningDelta("r1", 1, "First, the moon "));
            journal.append(new JournalRecord.ReasoningDelta("r1", 2, "pulls the")).get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open()) {
            Message reply = workspace.store().get("s1").orElseThrow().messages().get(1);
            assertThat(reply.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(reply.reasoning()).isEqualTo("First, the moon pulls the");
            assertThat(reply.text()).isEmpty();
            assertThat(reply.detail()).contains("while the model was still reasoning, before its answer");
        }
    }

    @Test
    void aReplyCutInsideAToolCallKeepsTheArgumentsSoFarAsText() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("s1", "u1", "weather?", T0));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "anthropic", "claude", T0));
            journal.append(new JournalRecord.TextDelta("r1", 1, "Let me check."));
            journal.append(new JournalRecord.ToolCallDelta("r1", 2, 0, "toolu_1", "get_weather", ""));
            journal.append(new JournalRecord.ToolCallDelta("r1", 3, 0, null, null, "{\"city\": \"Os"))
                    .get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open()) {
            Message reply = workspace.store().get("s1").orElseThrow().messages().get(1);
            assertThat(reply.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(reply.text()).isEqualTo("Let me check.");
            assertThat(reply.toolCalls()).containsExactly(
                    new dev.tidemark.model.ToolCall("toolu_1", "get_weather", "{\"city\": \"Os"));
            assertThat(reply.detail()).contains("while the model was writing a tool call (get_weather)")
                    .contains("may be incomplete");
        }
        // and it survives the session file's round trip
        try (Workspace again = open()) {
            assertThat(again.store().get("s1").orElseThrow().messages().get(1).toolCalls()).hasSize(1);
        }
    }

    @Test
    void anIdThatCouldEscapeTheSessionsFolderIsNeverUsedAsAFileName() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.UserMessage("../../escape", "u1", "hi", T0)).get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open()) {
            assertThat(workspace.store().summaries()).isEmpty();
            assertThat(workspace.recovery().problems()).anySatisfy(p -> assertThat(p).contains("not one Tidemark writes"));
        }
        assertThat(dataDir.resolveSibling("escape.json")).doesNotExist();
        assertThat(dataDir.getParent().resolveSibling("escape.json")).doesNotExist();
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

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    /** Leaves the journal as a process killed mid-reply leaves it: a start, some text, no end. */
    private void crashedWhileStreaming(String sessionId, String streamId, String... deltas) throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.SessionCreated(sessionId, SessionTitles.UNTITLED, T0));
            journal.append(new JournalRecord.UserMessage(sessionId, "u-" + streamId, "tell me something", T0));
            journal.append(new JournalRecord.StreamStarted(streamId, sessionId, "demo", "demo", T0));
            for (int i = 0; i < deltas.length; i++) {
                journal.append(new JournalRecord.TextDelta(streamId, i + 1, deltas[i]));
            }
            journal.append(new JournalRecord.SessionCreated("unrelated", SessionTitles.UNTITLED, T0))
                    .get(10, TimeUnit.SECONDS);
        }
    }
}
