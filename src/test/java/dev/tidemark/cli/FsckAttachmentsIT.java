package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.SessionStore;
import dev.tidemark.testing.TidemarkProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fsck} checks every attachment a chat refers to, on the packaged jar: a flipped byte and a
 * missing file are problems naming the chat, the message and the file; {@code --repair} keeps both
 * and removes only a file no chat refers to, and {@code *.part} leftovers.
 */
class FsckAttachmentsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dataDir;

    private Attachment photo;
    private Attachment notes;

    @BeforeEach
    void aChatWithTwoAttachments() throws Exception {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x00ff7f);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        AttachmentStore attachments = new AttachmentStore(dataDir);
        photo = attachments.store(png.toByteArray(), "photo.png");
        notes = attachments.store("Tides turn twice a day.\n".getBytes(StandardCharsets.UTF_8), "notes.txt");
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            Message question = Message.user("question0001", "What is in these?", T, List.of(photo, notes));
            Session chat = new Session("chatwithfile", "Tide pictures", T, T, List.of(question))
                    .withChild("question0001", new Message("answer000001", Role.ASSISTANT, "A green dot.",
                            MessageStatus.COMPLETE, T.plusSeconds(2), "m", null), T.plusSeconds(2));
            store.put(chat);
            store.flush().get(10, TimeUnit.SECONDS);
        }
    }

    private TidemarkProcess fsck(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--data-dir", dataDir.toString(), "fsck"));
        all.addAll(List.of(args));
        TidemarkProcess p = TidemarkProcess.start(all.toArray(String[]::new));
        p.waitFor();
        return p;
    }

    private Path stored(Attachment a) {
        return dataDir.resolve("attachments").resolve(a.sha256());
    }

    @Test
    void aToolResultImageMissingIsAProblemAndACallSavedRunningANote() throws Exception {
        Attachment gone = new Attachment("chart.png", "image/png", 4,
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        List<dev.tidemark.model.ToolCall> calls = List.of(
                new dev.tidemark.model.ToolCall("call_img", "chart", "{}", "t", "chart",
                        dev.tidemark.model.ToolCallState.DONE,
                        new dev.tidemark.model.ToolResult("a chart", false, List.of(gone, photo))),
                new dev.tidemark.model.ToolCall("call_run", "slow", "{}", "t", "slow",
                        dev.tidemark.model.ToolCallState.RUNNING, null));
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { })) {
            store.put(new Session("chatwithtool", "Tool chat", T, T, List.of(Message.user("toolq0000001", "go", T),
                    new Message("toolr0000001", Role.ASSISTANT, "", MessageStatus.COMPLETE, T, "m", null, "", calls,
                            false))));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        TidemarkProcess check = fsck();
        assertThat(check.waitFor()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out()).contains("\"Tool chat\" (chatwithtool), message toolr0000001, tool call call_img (chart):"
                + " image 'chart.png' is missing").doesNotContain("image 'photo.png'")
                .contains("note: sessions/chatwithtool.json: \"Tool chat\" (chatwithtool), message toolr0000001, tool"
                        + " call call_run (slow) was running");
    }

    @Test
    void intactAttachmentsAreClean() throws Exception {
        TidemarkProcess check = fsck();
        assertThat(check.waitFor()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("clean").doesNotContain("note:");
    }

    @Test
    void aFlippedByteAndAMissingFileAreProblemsNamingChatMessageAndFileAndRepairKeepsBothButRemovesAnOrphan()
            throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(stored(photo).toFile(), "rw")) {
            f.seek(40);
            int b = f.read();
            f.seek(40);
            f.write(b ^ 0x10);
        }
        byte[] damaged = Files.readAllBytes(stored(photo));
        Files.delete(stored(notes));
        Attachment orphan = new AttachmentStore(dataDir).store("nobody's".getBytes(StandardCharsets.UTF_8), "x.txt");
        Path part = Files.writeString(dataDir.resolve("attachments").resolve("incoming-cut.part"), "half");

        TidemarkProcess check = fsck();
        assertThat(check.waitFor()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out())
                .contains("\"Tide pictures\" (chatwithfile), message question0001: attachment 'photo.png' is damaged:"
                        + " its bytes no longer match (attachments/" + photo.sha256() + ")")
                .contains("\"Tide pictures\" (chatwithfile), message question0001: attachment 'notes.txt' is missing"
                        + " (attachments/" + notes.sha256() + ")")
                .contains("note: attachments/" + orphan.sha256() + ": no chat refers to this file")
                .contains("note: attachments/incoming-cut.part:")
                .contains("2 problems");
        assertThat(check.err()).doesNotContain("Exception");

        TidemarkProcess json = fsck("--json");
        assertThat(json.waitFor()).isEqualTo(1);
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.path("problems")).anySatisfy(p -> {
            assertThat(p.path("file").asText()).isEqualTo("sessions/chatwithfile.json");
            assertThat(p.path("what").asText()).contains("'photo.png' is damaged");
        });
        assertThat(root.path("notes")).hasSize(2);

        TidemarkProcess repair = fsck("--repair");
        assertThat(repair.waitFor()).as(repair.out() + repair.err()).isEqualTo(1); // the damage stays: a problem
        assertThat(repair.out()).contains("repaired: removed 1 attachment file no chat refers to")
                .contains("repaired: removed 1 unfinished attachment file")
                .contains("repaired: rebuilt the session index from the session files")
                .contains("'photo.png' is damaged").contains("'notes.txt' is missing")
                .doesNotContain("note:");
        assertThat(stored(photo)).as("a damaged attachment a chat refers to is never deleted").hasBinaryContent(damaged);
        assertThat(stored(orphan)).doesNotExist();
        assertThat(part).doesNotExist();

        // putting the right bytes back (as an import of an export carrying them does) makes it clean
        new AttachmentStore(dataDir).store("Tides turn twice a day.\n".getBytes(StandardCharsets.UTF_8), "notes.txt");
        TidemarkProcess still = fsck();
        assertThat(still.waitFor()).isEqualTo(1);
        assertThat(still.out()).contains("'photo.png' is damaged").doesNotContain("notes.txt");
    }

    @Test
    void aDisagreeingIndexIsANoteAndRepairRebuildsIt() throws Exception {
        Path index = dataDir.resolve("sessions").resolve("index.json");
        Path file = dataDir.resolve("sessions").resolve("chatwithfile.json");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(file, old);
        String text = Files.readString(index);
        assertThat(text).contains(photo.sha256());
        // an entry that matches its file's size and time, but forgot one of its attachments
        Files.writeString(index, text.replace("\"" + photo.sha256() + "\",", "").replace(",\"" + photo.sha256() + "\"", "")
                .replaceAll("\"mtime\":\\d+", "\"mtime\":" + old.to(TimeUnit.NANOSECONDS)));
        TidemarkProcess check = fsck();
        assertThat(check.waitFor()).as(check.out()).isZero();
        assertThat(check.out()).contains("note: sessions/index.json: its attachment references disagree");
        TidemarkProcess repair = fsck("--repair");
        assertThat(repair.waitFor()).as(repair.out() + repair.err()).isZero();
        assertThat(Files.readString(index)).contains(photo.sha256());
        assertThat(stored(photo)).as("kept: the chat refers to it, whatever the index said").exists();
        assertThat(fsck().out()).doesNotContain("note:");
    }
}
