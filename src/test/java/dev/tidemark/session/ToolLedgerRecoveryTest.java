package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.ToolLedger;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.model.ToolCall;
import dev.tidemark.model.ToolCallState;
import dev.tidemark.model.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery of the tool ledger (journal format 5) through real journal files and a real store: the
 * last record of each call decides, a call never moves backwards, a call started and never
 * finished is interrupted for the owner (closed in the journal, once) and running for a reader.
 */
class ToolLedgerRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");
    private static final Attachment IMAGE = new Attachment("picture.png", "image/png", 4,
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    @TempDir
    Path dataDir;

    /** A saved chat: q1 → r1, whose reply r1 has these calls. */
    private void saveChat(ToolCall... calls) throws Exception {
        try (Workspace workspace = open()) {
            workspace.store().put(new Session("s1", "Chat", T0, T0, List.of(Message.user("q1", "go", T0),
                    new Message("r1", Role.ASSISTANT, "", MessageStatus.COMPLETE, T0, "demo/demo", null, "",
                            List.of(calls), false, null, "q1"))));
            workspace.store().flush().get(10, TimeUnit.SECONDS);
        }
    }

    private static ToolCall shown(String id) {
        return new ToolCall(id, "files__append", "{\"line\":\"" + id + "\"}");
    }

    private void journal(JournalRecord... records) throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            for (JournalRecord r : records) {
                journal.append(r);
            }
            journal.append(new JournalRecord.SessionCreated("unrelated", "x", T0)).get(10, TimeUnit.SECONDS);
        }
    }

    private static ToolLedger.Requested requested(String call) {
        return new ToolLedger.Requested("s1", "r1", call, 0, "files", "append", "files__append",
                "{\"line\":\"" + call + "\"}", T0);
    }

    private static ToolLedger.Decided decided(String call, boolean allowed) {
        return new ToolLedger.Decided("s1", "r1", call, allowed, allowed ? "once" : "rule", T0);
    }

    private static ToolLedger.Started started(String call) {
        return new ToolLedger.Started("s1", "r1", call, T0);
    }

    private static ToolLedger.Finished finished(String call, ToolCallState state, String text) {
        return new ToolLedger.Finished("s1", "r1", call, state, text, state != ToolCallState.DONE,
                state == ToolCallState.DONE ? List.of(IMAGE) : List.of(), T0);
    }

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    private ToolCall call(Workspace w, String id) {
        return w.store().get("s1").orElseThrow().message("r1").orElseThrow().toolCalls().stream()
                .filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void eachLastRecordDecidesTheCallsState() throws Exception {
        saveChat(shown("req"), shown("allowed"), shown("denied"), shown("started"), shown("done"), shown("failed"));
        journal(requested("req"),
                requested("allowed"), decided("allowed", true),
                requested("denied"), decided("denied", false),
                requested("started"), decided("started", true), started("started"),
                requested("done"), decided("done", true), started("done"), finished("done", ToolCallState.DONE, "ok"),
                requested("failed"), decided("failed", true), started("failed"),
                finished("failed", ToolCallState.ERROR, "It broke."));
        try (Workspace w = open()) {
            assertThat(call(w, "req")).isEqualTo(shown("req").requested("files", "append"));
            assertThat(call(w, "allowed").state()).as("allowed, never started: asks again")
                    .isEqualTo(ToolCallState.REQUESTED);
            assertThat(call(w, "denied").state()).isEqualTo(ToolCallState.DENIED);
            assertThat(call(w, "started").state()).isEqualTo(ToolCallState.INTERRUPTED);
            assertThat(call(w, "started").result()).isNull();
            assertThat(call(w, "started").server()).isEqualTo("files");
            assertThat(call(w, "done").state()).isEqualTo(ToolCallState.DONE);
            assertThat(call(w, "done").result()).isEqualTo(new ToolResult("ok", false, List.of(IMAGE)));
            assertThat(call(w, "failed").result()).isEqualTo(ToolResult.failure("It broke."));
            assertThat(w.recovery().interruptedCalls()).containsExactly(
                    new Recovery.InterruptedCall("s1", "r1", "started", "append"));
        }
    }

    @Test
    void anInterruptedCallIsClosedInTheJournalOnceSoASecondStartChangesNothing() throws Exception {
        saveChat(shown("c1"));
        journal(requested("c1"), decided("c1", true), started("c1"));
        byte[] first;
        try (Workspace w = open()) {
            assertThat(call(w, "c1").state()).isEqualTo(ToolCallState.INTERRUPTED);
            assertThat(w.recovery().interruptedCalls()).hasSize(1);
            w.store().flush().get(10, TimeUnit.SECONDS);
        }
        first = Files.readAllBytes(dataDir.resolve("sessions").resolve("s1.json"));
        try (Workspace w = open()) {
            assertThat(call(w, "c1").state()).isEqualTo(ToolCallState.INTERRUPTED);
            assertThat(w.recovery().interruptedCalls()).as("said once, not at every start").isEmpty();
            w.store().flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllBytes(dataDir.resolve("sessions").resolve("s1.json"))).isEqualTo(first);
    }

    @Test
    void theClosingRecordOfAnInterruptedCallReadAgainLeavesItAsItWas() throws Exception {
        // the first start found c1 interrupted and journaled its closing record; the checkpoint had not
        // removed that record when the next start read it (it may, or may not, by then)
        saveChat(shown("c1").requested("files", "append").with(ToolCallState.INTERRUPTED, null));
        journal(requested("c1"), decided("c1", true), started("c1"), finished("c1", ToolCallState.INTERRUPTED, ""));
        try (Workspace w = open()) {
            assertThat(call(w, "c1").state()).isEqualTo(ToolCallState.INTERRUPTED);
            assertThat(call(w, "c1").result()).as("no answer, as when it was found interrupted").isNull();
            assertThat(w.recovery().interruptedCalls()).isEmpty();
        }
    }

    @Test
    void aReaderShowsAStartedCallStillRunningAndWritesNothing() throws Exception {
        saveChat(shown("c1"));
        journal(requested("c1"), decided("c1", true), started("c1"));
        byte[] before = Files.readAllBytes(dataDir.resolve("sessions").resolve("s1.json"));
        try (SessionStore store = SessionStore.open(dataDir, false, p -> { }, Clock.systemUTC())) {
            Recovery.Report report = new Recovery(Clock.systemUTC()).apply(Journal.readOnly(dataDir), store,
                    Optional.empty());
            ToolCall c = store.get("s1").orElseThrow().message("r1").orElseThrow().toolCalls().get(0);
            assertThat(c.state()).isEqualTo(ToolCallState.RUNNING);
            assertThat(report.interruptedCalls()).isEmpty();
        }
        assertThat(Files.readAllBytes(dataDir.resolve("sessions").resolve("s1.json"))).isEqualTo(before);
        try (Workspace w = open()) {
            assertThat(call(w, "c1").state()).as("the owner, later").isEqualTo(ToolCallState.INTERRUPTED);
        }
    }

    @Test
    void aCallNeverMovesBackwards() throws Exception {
        ToolCall done = shown("c1").requested("files", "append").with(ToolCallState.DONE, ToolResult.text("ran"));
        ToolCall denied = shown("c2").requested("files", "append").with(ToolCallState.DENIED, ToolResult.failure("No."));
        saveChat(done, denied);
        // the store held the outcome, the app died before the journal did (store first, then the journal)
        journal(requested("c1"), decided("c1", true), started("c1"), requested("c2"));
        try (Workspace w = open()) {
            assertThat(call(w, "c1")).isEqualTo(done);
            assertThat(call(w, "c2")).isEqualTo(denied);
            assertThat(w.recovery().interruptedCalls()).isEmpty();
        }
        try (Workspace w = open()) {
            assertThat(call(w, "c1")).as("closed in the journal with what the file says").isEqualTo(done);
        }
    }

    @Test
    void aRetryAfterAFinishIsDecidedByItsOwnRecords() throws Exception {
        saveChat(shown("again"), shown("cut"));
        journal(requested("again"), decided("again", true), started("again"),
                finished("again", ToolCallState.INTERRUPTED, ""), started("again"),
                finished("again", ToolCallState.DONE, "second time"),
                requested("cut"), decided("cut", true), started("cut"), finished("cut", ToolCallState.ERROR, "x"),
                started("cut"));
        try (Workspace w = open()) {
            assertThat(call(w, "again").state()).isEqualTo(ToolCallState.DONE);
            assertThat(call(w, "again").result().text()).isEqualTo("second time");
            assertThat(call(w, "cut").state()).as("the retry started and never finished")
                    .isEqualTo(ToolCallState.INTERRUPTED);
        }
    }

    @Test
    void aCallTheMessageLacksIsBuiltFromItsRequest() throws Exception {
        saveChat();
        journal(new ToolLedger.Requested("s1", "r1", "c9", 0, "files", "append", "files__append", "{\"a\":1}", T0),
                decided("c9", true), started("c9"));
        try (Workspace w = open()) {
            ToolCall c = call(w, "c9");
            assertThat(c.name()).isEqualTo("files__append");
            assertThat(c.arguments()).isEqualTo("{\"a\":1}");
            assertThat(c.tool()).isEqualTo("append");
            assertThat(c.state()).isEqualTo(ToolCallState.INTERRUPTED);
        }
    }

    @Test
    void aReplyRestoredFromTheJournalGetsItsLedgerToo() throws Exception {
        try (Workspace w = open()) {
            w.store().put(new Session("s1", "Chat", T0, T0, List.of(Message.user("q1", "go", T0))));
            w.store().flush().get(10, TimeUnit.SECONDS);
        }
        journal(new JournalRecord.StreamStarted("r1", "s1", "demo", "demo", T0, "q1"),
                new JournalRecord.ToolCallDelta("r1", 1, 0, "c1", "files__append", "{\"line\":\"c1\"}"),
                new JournalRecord.StreamEnded("r1", 2, MessageStatus.COMPLETE, null, T0),
                requested("c1"), decided("c1", true), started("c1"), finished("c1", ToolCallState.DONE, "ok"));
        try (Workspace w = open()) {
            assertThat(call(w, "c1").state()).isEqualTo(ToolCallState.DONE);
            assertThat(call(w, "c1").result().images()).containsExactly(IMAGE);
        }
    }

    @Test
    void aFileSayingRunningWithNoRecordIsInterruptedByTheOwner() throws Exception {
        // the app died after a checkpoint dropped the call's tool.started (journal format 5 no longer allows that)
        saveChat(shown("c1").requested("files", "append").with(ToolCallState.RUNNING, null));
        journal(new JournalRecord.SessionRenamed("s1", "Chat, renamed", T0));
        try (Workspace w = open()) {
            assertThat(call(w, "c1").state()).isEqualTo(ToolCallState.INTERRUPTED);
            assertThat(w.recovery().interruptedCalls()).extracting(Recovery.InterruptedCall::callId)
                    .containsExactly("c1");
        }
    }
}
