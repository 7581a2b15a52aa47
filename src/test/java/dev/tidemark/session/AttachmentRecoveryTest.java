package dev.tidemark.session;

import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journal format 4 at start-up, on real journal and session files as a crash leaves them: a user
 * message gets its files from the {@code attachment.stored} records of its id, by index; a damaged
 * record leaves the message with the others and a gap said in words.
 */
class AttachmentRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-12-06T21:00:00Z");
    private static final Attachment PHOTO = new Attachment("photo.png", "image/png", 48213, "a".repeat(64));
    private static final Attachment REPORT = new Attachment("report \"final\".pdf", "application/pdf", 120_000,
            "b".repeat(64));
    private static final Attachment NOTES = new Attachment("notes ✓.py", "text/x-python", 38, "c".repeat(64));

    @TempDir
    Path dataDir;

    /** What a crash while streaming the reply to a message with three files leaves in the journal. */
    private void crashedWhileAnsweringThreeFiles(JournalRecord.AttachmentStored... files) throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.SessionCreated("s1", SessionTitles.UNTITLED, T0));
            for (JournalRecord.AttachmentStored file : files) {
                journal.append(file);
            }
            journal.append(new JournalRecord.UserMessage("s1", "u1", "What are these?", T0, "", false, 3));
            journal.append(new JournalRecord.StreamStarted("r1", "s1", "openai", "gpt-4o", T0, "u1"));
            journal.append(new JournalRecord.TextDelta("r1", 1, "A photo, ")).get(10, TimeUnit.SECONDS);
        }
    }

    private static JournalRecord.AttachmentStored stored(int index, Attachment file) {
        return new JournalRecord.AttachmentStored("s1", "u1", index, file, T0);
    }

    private Workspace open() throws Exception {
        return Workspace.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { });
    }

    @Test
    void aMessageOnlyTheJournalHoldsComesBackWithItsFilesByIndex() throws Exception {
        // in index order as ChatService writes them, but recovery goes by index, not by line
        crashedWhileAnsweringThreeFiles(stored(1, REPORT), stored(0, PHOTO), stored(2, NOTES));

        try (Workspace workspace = open()) {
            Session session = workspace.store().get("s1").orElseThrow();
            Message user = session.message("u1").orElseThrow();
            assertThat(user.attachments()).containsExactly(PHOTO, REPORT, NOTES);
            assertThat(user.gap()).isFalse();
            assertThat(user.detail()).isNull();
            assertThat(session.message("r1").orElseThrow().status()).isEqualTo(MessageStatus.RECOVERED);
            assertThat(session.message("r1").orElseThrow().text()).isEqualTo("A photo, ");
            assertThat(workspace.recovery().problems()).isEmpty();
        }
    }

    @Test
    void aDamagedFileRecordLeavesTheMessageWithTheOthersAndAGapInWords() throws Exception {
        crashedWhileAnsweringThreeFiles(stored(0, PHOTO), stored(1, REPORT), stored(2, NOTES));
        Path segment = dataDir.resolve("journal").resolve("00000001.jsonl");
        String journal = Files.readString(segment, StandardCharsets.UTF_8);
        assertThat(journal).contains("\"index\":1,");
        Files.writeString(segment, journal.replace("\"size\":120000", "\"size\":120001"), StandardCharsets.UTF_8);

        try (Workspace workspace = open()) {
            Message user = workspace.store().get("s1").orElseThrow().message("u1").orElseThrow();
            assertThat(user.text()).isEqualTo("What are these?");
            assertThat(user.attachments()).containsExactly(PHOTO, NOTES);
            assertThat(user.gap()).isTrue();
            assertThat(user.detail()).isEqualTo("Only 2 of the 3 files attached to this message could be recovered:"
                    + " the journal's record of the other was damaged on disk.");
            assertThat(workspace.recovery().problems()).anySatisfy(p -> assertThat(p).isEqualTo(
                    "message u1 in session s1 was recovered with 2 of its 3 attached files: the journal records of"
                            + " the others were damaged"));
            assertThat(workspace.recovery().problems()).anySatisfy(p -> assertThat(p).contains("checksum"));
        }
    }

    @Test
    void aSavedMessageWithoutItsFilesIsGivenTheJournalsAndOneWithoutAnyRecordsIsLeftAlone() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.SessionCreated("s1", SessionTitles.UNTITLED, T0));
            journal.append(stored(0, PHOTO));
            journal.append(new JournalRecord.UserMessage("s1", "u1", "What is this?", T0, "", false, 1));
            journal.append(new JournalRecord.UserMessage("s1", "u2", "No file here", T0.plusSeconds(5), "u1"))
                    .get(10, TimeUnit.SECONDS);
        }
        // saved before the crash by a store that did not keep the file's reference
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            Session saved = Session.empty("s1", "What is this?", T0)
                    .withChild(null, Message.user("u1", "What is this?", T0), T0)
                    .withChild("u1", Message.user("u2", "No file here", T0.plusSeconds(5)), T0.plusSeconds(5));
            store.put(saved);
            store.flush().get(10, TimeUnit.SECONDS);
        }

        try (Workspace workspace = open()) {
            Session session = workspace.store().get("s1").orElseThrow();
            assertThat(session.message("u1").orElseThrow().attachments()).containsExactly(PHOTO);
            assertThat(session.message("u2").orElseThrow().attachments()).isEmpty();
            assertThat(session.messages()).extracting(Message::id).containsExactly("u1", "u2");
        }
    }

    @Test
    void aJournalLineOfAnOlderFormatWithoutACountGivesNoFiles() throws Exception {
        try (Journal journal = Journal.open(dataDir, Journal.Options.defaults(), Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.SessionCreated("s1", SessionTitles.UNTITLED, T0));
            journal.append(stored(0, PHOTO)); // names the message, but the message says it has none
            journal.append(new JournalRecord.UserMessage("s1", "u1", "plain", T0, "")).get(10, TimeUnit.SECONDS);
        }
        try (Workspace workspace = open()) {
            Message user = workspace.store().get("s1").orElseThrow().message("u1").orElseThrow();
            assertThat(user.attachments()).isEmpty();
            assertThat(user.gap()).isFalse();
        }
    }
}
