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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's branch records: recovery puts a reply back at its place in the tree (its parent
 * the user's message, the earlier versions untouched), replays switches of version, and a journal
 * written by a newer Tidemark makes this one read-only.
 */
class TreeRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dataDir;

    private static Message reply(String id, String text, String parent) {
        return new Message(id, Role.ASSISTANT, text, MessageStatus.COMPLETE, T0, "demo/demo", null, "", List.of(),
                false, null, parent);
    }

    /** A saved chat: q1 → a1 → q2 → a2. */
    private void saveLinearChat() throws Exception {
        try (Workspace workspace = open()) {
            workspace.store().put(new Session("s1", "Chat", T0, T0, List.of(Message.user("q1", "first", T0),
                    reply("a1", "one", null), Message.user("q2", "second", T0), reply("a2", "two", null))));
            workspace.store().flush().get(10, TimeUnit.SECONDS);
        }
    }

    private void journal(JournalRecord... records) throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            for (JournalRecord r : records) {
                journal.append(r);
            }
            journal.append(new JournalRecord.SessionCreated("unrelated", "x", T0)).get(10, TimeUnit.SECONDS);
        }
    }

    private List<String> journalFiles() throws Exception {
        try (var files = Files.walk(dataDir.resolve(Journal.DIRECTORY))) {
            return files.map(p -> dataDir.relativize(p).toString()).sorted().toList();
        }
    }

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    @Test
    void aReplyVersionCutShortIsRecoveredBesideTheOldOneUnderItsQuestion() throws Exception {
        saveLinearChat();
        journal(new JournalRecord.BranchChosen("s1", "q2", T0),
                new JournalRecord.StreamStarted("a2b", "s1", "demo", "demo", T0.plusSeconds(5), "q2"),
                new JournalRecord.TextDelta("a2b", 1, "two, again but cut"));
        try (Workspace workspace = open()) {
            Session s = workspace.store().get("s1").orElseThrow();
            Message recovered = s.message("a2b").orElseThrow();
            assertThat(recovered.status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(recovered.parentId()).isEqualTo("q2");
            assertThat(s.children("q2")).extracting(Message::id).containsExactly("a2", "a2b");
            assertThat(s.message("a2").orElseThrow().text()).isEqualTo("two");
            assertThat(s.messages()).extracting(Message::id).containsExactly("q1", "a1", "q2", "a2b");
        }
    }

    @Test
    void anEditAndItsReplyCutShortAreRecoveredAsANewBranch() throws Exception {
        saveLinearChat();
        journal(new JournalRecord.UserMessage("s1", "q2b", "second, edited", T0.plusSeconds(5), "a1"),
                new JournalRecord.StreamStarted("a2c", "s1", "demo", "demo", T0.plusSeconds(6), "q2b"),
                new JournalRecord.TextDelta("a2c", 1, "partial"));
        try (Workspace workspace = open()) {
            Session s = workspace.store().get("s1").orElseThrow();
            assertThat(s.children("a1")).extracting(Message::id).containsExactly("q2", "q2b");
            assertThat(s.messages()).extracting(Message::id).containsExactly("q1", "a1", "q2b", "a2c");
            assertThat(s.pathTo("a2")).extracting(Message::id).containsExactly("q1", "a1", "q2", "a2");
        }
    }

    @Test
    void aSwitchOfVersionTheFileDoesNotHaveIsReplayed() throws Exception {
        saveLinearChat();
        try (Workspace workspace = open()) { // a second reply, saved
            workspace.store().update("s1", s -> s.withChild("q2", reply("a2b", "two b", null), T0));
            workspace.store().flush().get(10, TimeUnit.SECONDS);
        }
        journal(new JournalRecord.StreamStarted("a2b", "s1", "demo", "demo", T0, "q2"),
                new JournalRecord.TextDelta("a2b", 1, "two b"),
                new JournalRecord.StreamEnded("a2b", 2, MessageStatus.COMPLETE, null, T0),
                new JournalRecord.BranchChosen("s1", "a2", T0.plusSeconds(9)));
        try (Workspace workspace = open()) {
            assertThat(workspace.store().get("s1").orElseThrow().messages()).extracting(Message::id)
                    .containsExactly("q1", "a1", "q2", "a2");
        }
    }

    @Test
    void renamesPinsAndTrashTheFileDoesNotHaveAreApplied() throws Exception {
        saveLinearChat();
        journal(new JournalRecord.SessionRenamed("s1", "New title", T0),
                new JournalRecord.SessionPinned("s1", true, T0),
                new JournalRecord.SessionTrashed("s1", true, T0.plusSeconds(60)),
                new JournalRecord.SessionRenamed("gone", "a session removed for good", T0));
        try (Workspace workspace = open()) {
            Session s = workspace.store().get("s1").orElseThrow();
            assertThat(s.title()).isEqualTo("New title");
            assertThat(s.pinned()).isTrue();
            assertThat(s.deletedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(workspace.store().summary("gone")).isEmpty();
        }
    }

    @Test
    void aJournalFromANewerTidemarkOpensReadOnlyAndIsLeftAsItIs() throws Exception {
        saveLinearChat();
        Path segment = dataDir.resolve(Journal.DIRECTORY).resolve("00000099.jsonl");
        JournalEncoder encoder = new JournalEncoder();
        byte[] header = encoder.encode(new JournalRecord.SegmentHeader(Journal.FORMAT_VERSION + 1, 99, // newer than this build
                "0123456789abcdef", T0));
        byte[] line = encoder.encode(new JournalRecord.SessionRenamed("s1", "Renamed by the future", T0));
        byte[] torn = "{\"crc\":\"0000".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] content = new byte[header.length + line.length + torn.length];
        System.arraycopy(header, 0, content, 0, header.length);
        System.arraycopy(line, 0, content, header.length, line.length);
        System.arraycopy(torn, 0, content, header.length + line.length, torn.length);
        Files.write(segment, content);
        byte[] file = Files.readAllBytes(dataDir.resolve("sessions").resolve("s1.json"));
        List<String> journalBefore = journalFiles();

        try (Workspace workspace = open()) {
            assertThat(workspace.isReadOnly()).isTrue();
            assertThat(workspace.readOnlyReason().orElseThrow()).contains("newer Tidemark");
            assertThat(workspace.store().get("s1").orElseThrow().title()).isEqualTo("Renamed by the future");
        }
        assertThat(Files.readAllBytes(segment)).as("not cut, not quarantined").isEqualTo(content);
        assertThat(Files.readAllBytes(dataDir.resolve("sessions").resolve("s1.json"))).isEqualTo(file);
        assertThat(journalFiles()).as("nothing checkpointed, deleted or added").isEqualTo(journalBefore);
    }
}
