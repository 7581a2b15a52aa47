package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalEncoder;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A question sent to several models at once ({@code user.message} with {@code compare}) recovers
 * every reply at its place: below the question, in the order they were asked, the fork compared and
 * the first chosen, whether the question was already in the session file or only in the journal.
 */
class ComparedRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    /** The three replies, asked in this order, each a nanosecond after the one before (as ChatService starts them). */
    private static final List<String> ASKED = List.of("r1", "r2", "r3");

    @TempDir
    Path dataDir;

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    private static Message reply(String id, String text, MessageStatus status, String parent, Instant at) {
        return new Message(id, Role.ASSISTANT, text, status, at, "p/" + id, null, "", List.of(), false, null, parent);
    }

    /** A saved chat: q1 → a1. */
    private void saveChat(Session session) throws Exception {
        try (Workspace workspace = open()) {
            workspace.store().put(session);
            workspace.store().flush().get(10, TimeUnit.SECONDS);
        }
    }

    private static Session linearChat() {
        return new Session("s1", "Chat", T0, T0, List.of(Message.user("q1", "first", T0),
                reply("a1", "one", MessageStatus.COMPLETE, "q1", T0)));
    }

    private void journal(List<JournalRecord> records) throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            for (JournalRecord r : records) {
                journal.append(r);
            }
            journal.append(new JournalRecord.SessionCreated("unrelated", "x", T0)).get(10, TimeUnit.SECONDS);
        }
    }

    private static Instant asked(int i) {
        return T0.plusSeconds(10).plusNanos(i + 1);
    }

    /** The compared question q2 after a1, three streams started and streaming (r2 ended when {@code ended}). */
    private static List<JournalRecord> comparedTurn(boolean ended) {
        List<JournalRecord> records = new ArrayList<>();
        records.add(new JournalRecord.UserMessage("s1", "q2", "which?", T0.plusSeconds(10), "a1", true));
        for (int i = 0; i < ASKED.size(); i++) {
            records.add(new JournalRecord.StreamStarted(ASKED.get(i), "s1", "p", ASKED.get(i), asked(i), "q2"));
        }
        // the pieces arrive interleaved, the last asked first
        for (int seq = 1; seq <= 2; seq++) {
            for (int i = ASKED.size() - 1; i >= 0; i--) {
                records.add(new JournalRecord.TextDelta(ASKED.get(i), seq, ASKED.get(i) + "-" + seq + " "));
            }
        }
        if (ended) {
            records.add(new JournalRecord.StreamEnded("r2", 3, MessageStatus.COMPLETE, null, T0.plusSeconds(12)));
        }
        return records;
    }

    private static void assertRecoveredAtTheirPlaces(Session s, MessageStatus second) {
        assertThat(s.isCompared("q2")).as("the fork is still compared").isTrue();
        assertThat(s.children("q2")).extracting(Message::id).containsExactlyElementsOf(ASKED);
        assertThat(s.children("q2")).extracting(Message::parentId).containsOnly("q2");
        assertThat(s.children("q2")).extracting(Message::status)
                .containsExactly(MessageStatus.RECOVERED, second, MessageStatus.RECOVERED);
        assertThat(s.children("q2")).extracting(Message::text).containsExactly("r1-1 r1-2 ", "r2-1 r2-2 ", "r3-1 r3-2 ");
        assertThat(s.messages()).extracting(Message::id).as("the first asked is chosen").containsExactly("q1", "a1", "q2", "r1");
    }

    @Test
    void aComparedTurnOnlyInTheJournalRecoversEveryReplyAtItsPlace() throws Exception {
        saveChat(linearChat());
        journal(comparedTurn(false));
        try (Workspace workspace = open()) {
            assertRecoveredAtTheirPlaces(workspace.store().get("s1").orElseThrow(), MessageStatus.RECOVERED);
            assertThat(workspace.recovery().recovered()).extracting(Recovery.RecoveredReply::messageId)
                    .containsExactlyInAnyOrderElementsOf(ASKED);
        }
        try (Workspace again = open()) { // recovered once: the next start changes nothing
            assertThat(again.recovery().recovered()).isEmpty();
            assertRecoveredAtTheirPlaces(again.store().get("s1").orElseThrow(), MessageStatus.RECOVERED);
        }
    }

    @Test
    void aComparedTurnOfANewChatOnlyInTheJournalIsRecoveredWithItsChat() throws Exception {
        List<JournalRecord> records = new ArrayList<>();
        records.add(new JournalRecord.SessionCreated("s9", "New chat", T0));
        records.add(new JournalRecord.UserMessage("s9", "q", "which?", T0, "", true));
        for (int i = 0; i < ASKED.size(); i++) {
            records.add(new JournalRecord.StreamStarted(ASKED.get(i), "s9", "p", ASKED.get(i), asked(i), "q"));
            records.add(new JournalRecord.TextDelta(ASKED.get(i), 1, "from " + ASKED.get(i)));
        }
        journal(records);
        try (Workspace workspace = open()) {
            Session s = workspace.store().get("s9").orElseThrow();
            assertThat(s.isCompared("q")).isTrue();
            assertThat(s.children("q")).extracting(Message::id).containsExactlyElementsOf(ASKED);
            assertThat(s.messages()).extracting(Message::id).containsExactly("q", "r1");
        }
    }

    @Test
    void aComparedQuestionAlreadySavedWithOneReplyFinishedRecoversTheOthersBesideIt() throws Exception {
        // what the session file holds when one of the three had finished and was saved
        Session saved = linearChat().withChild("a1", Message.user("q2", "which?", T0.plusSeconds(10)), T0)
                .withCompared("q2")
                .withChild("q2", reply("r2", "r2-1 r2-2 ", MessageStatus.COMPLETE, "q2", asked(1)), T0);
        saveChat(saved);
        journal(comparedTurn(true));
        try (Workspace workspace = open()) {
            Session s = workspace.store().get("s1").orElseThrow();
            assertRecoveredAtTheirPlaces(s, MessageStatus.COMPLETE);
            assertThat(s.message("r2").orElseThrow()).isEqualTo(saved.message("r2").orElseThrow());
            assertThat(workspace.recovery().recovered()).extracting(Recovery.RecoveredReply::messageId)
                    .containsExactlyInAnyOrder("r1", "r3");
        }
    }

    @Test
    void aComparedQuestionAlreadySavedWithEveryReplyStaysComparedWithTheFirstChosen() throws Exception {
        Session saved = linearChat().withChild("a1", Message.user("q2", "which?", T0.plusSeconds(10)), T0)
                .withCompared("q2");
        for (int i = 0; i < ASKED.size(); i++) {
            String id = ASKED.get(i);
            saved = saved.withChild("q2", reply(id, id + "-1 " + id + "-2 ", MessageStatus.COMPLETE, "q2", asked(i)), T0);
        }
        saveChat(saved);
        List<JournalRecord> records = new ArrayList<>(comparedTurn(false));
        for (String id : ASKED) {
            records.add(new JournalRecord.StreamEnded(id, 3, MessageStatus.COMPLETE, null, T0.plusSeconds(12)));
        }
        journal(records);
        try (Workspace workspace = open()) {
            assertThat(workspace.store().get("s1").orElseThrow()).isEqualTo(saved);
        }
    }

    @Test
    void useThisOneInTheJournalEndsTheComparisonAtTheChosenReply() throws Exception {
        saveChat(linearChat());
        List<JournalRecord> records = new ArrayList<>(comparedTurn(true));
        records.add(new JournalRecord.BranchChosen("s1", "r2", T0.plusSeconds(20)));
        journal(records);
        try (Workspace workspace = open()) {
            Session s = workspace.store().get("s1").orElseThrow();
            assertThat(s.isCompared("q2")).isFalse();
            assertThat(s.children("q2")).extracting(Message::id).containsExactlyElementsOf(ASKED);
            assertThat(s.messages()).extracting(Message::id).containsExactly("q1", "a1", "q2", "r2");
        }
    }

    @Test
    void goingOnBelowOneReplyInTheJournalEndsTheComparisonThere() throws Exception {
        saveChat(linearChat());
        List<JournalRecord> records = new ArrayList<>(comparedTurn(true));
        records.add(new JournalRecord.UserMessage("s1", "q3", "go on", T0.plusSeconds(30), "r3"));
        journal(records);
        try (Workspace workspace = open()) {
            Session s = workspace.store().get("s1").orElseThrow();
            assertThat(s.isCompared("q2")).isFalse();
            assertThat(s.children("q2")).extracting(Message::id).containsExactlyElementsOf(ASKED);
            assertThat(s.messages()).extracting(Message::id).containsExactly("q1", "a1", "q2", "r3", "q3");
        }
    }

    @Test
    void aJournalOfFormatTwoLeftByThePreviousBuildIsRecoveredAndWrittenOn() throws Exception {
        saveChat(linearChat());
        JournalEncoder encoder = new JournalEncoder();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.writeBytes(encoder.encode(new JournalRecord.SegmentHeader(2, 1, "0123456789abcdef", T0)));
        segment.writeBytes(encoder.encode(new JournalRecord.UserMessage("s1", "q2", "second", T0.plusSeconds(5), "a1")));
        segment.writeBytes(encoder.encode(new JournalRecord.StreamStarted("a2", "s1", "p", "m", T0.plusSeconds(6), "q2")));
        segment.writeBytes(encoder.encode(new JournalRecord.TextDelta("a2", 1, "cut")));
        Files.createDirectories(dataDir.resolve(Journal.DIRECTORY));
        Files.write(dataDir.resolve(Journal.DIRECTORY).resolve("00000001.jsonl"), segment.toByteArray());
        try (Workspace workspace = open()) {
            assertThat(workspace.isReadOnly()).as("an older journal is no reason to be read-only").isFalse();
            Session s = workspace.store().get("s1").orElseThrow();
            assertThat(s.messages()).extracting(Message::id).containsExactly("q1", "a1", "q2", "a2");
            assertThat(s.message("a2").orElseThrow().status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(s.compared()).isEmpty();
        }
    }
}
