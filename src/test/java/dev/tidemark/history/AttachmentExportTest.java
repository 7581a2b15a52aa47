package dev.tidemark.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import dev.tidemark.session.AttachmentStore;
import dev.tidemark.session.SessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Attachments in exports and imports, on real stores and real files: a Tidemark export's folder of
 * files by hash, Markdown's folder of named copies and its links, the stream's references, and an
 * import that checks every file before it adds anything.
 */
class AttachmentExportTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private final List<SessionStore> stores = new ArrayList<>();
    private SessionStore source;
    private AttachmentStore sourceFiles;
    private byte[] photo;
    private byte[] otherPhoto;
    private byte[] notes;
    private Attachment photoRef;
    private Attachment otherPhotoRef;
    private Attachment notesRef;
    private Attachment oddRef;

    @BeforeEach
    void aChatWithFiles() throws Exception {
        source = store("source");
        sourceFiles = new AttachmentStore(tmp.resolve("source"));
        photo = png(Color.ORANGE);
        otherPhoto = png(Color.BLUE);
        notes = "high water 14:32\nlow water 20:41\n".getBytes(StandardCharsets.UTF_8);
        photoRef = sourceFiles.store(photo, "photo.png");
        otherPhotoRef = sourceFiles.store(otherPhoto, "photo.png");
        notesRef = sourceFiles.store(notes, "notes.txt");
        oddRef = sourceFiles.store("odd".getBytes(StandardCharsets.UTF_8), "../up\u0007/tide<1>.txt");
        Message question = Message.user("q1", "What do these say?", T0, List.of(photoRef, notesRef));
        Message again = Message.user("q2", "And this one?", T0.plusSeconds(20), List.of(otherPhotoRef, oddRef))
                .withParent("a1");
        Message answer = new Message("a1", Role.ASSISTANT, "The tide tables.", MessageStatus.COMPLETE,
                T0.plusSeconds(5), "demo", null).withParent("q1");
        source.put(new Session("tides", "Tide photos", T0, T0.plusSeconds(20), List.of(question, answer, again)));
    }

    @AfterEach
    void closeStores() {
        stores.forEach(SessionStore::close);
    }

    @Test
    void markdownToAFileCopiesTheFilesBesideItUnderTheirNamesAndLinksThem() throws Exception {
        Path md = tmp.resolve("out").resolve("chat.md");
        assertThat(exporter().exportSessionTo("tides", ExportFormat.MARKDOWN, md)).isPresent();

        Path files = tmp.resolve("out").resolve("chat.files");
        assertThat(files.resolve("photo.png")).hasBinaryContent(photo);
        assertThat(files.resolve("photo (2).png")).hasBinaryContent(otherPhoto);
        assertThat(files.resolve("notes.txt")).hasBinaryContent(notes);
        assertThat(files.resolve("_up_tide_1_.txt")).hasContent("odd"); // no separator, control character or <>
        try (Stream<Path> all = Files.list(files)) {
            assertThat(all).hasSize(4);
        }
        try (Stream<Path> out = Files.list(tmp.resolve("out"))) {
            assertThat(out).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder("chat.md", "chat.files");
        }
        assertThat(Files.readString(md)).contains("What do these say?\n\n![photo.png](<chat.files/photo.png>)\n"
                        + "[notes.txt](<chat.files/notes.txt>)\n")
                .contains("![photo.png](<chat.files/photo (2).png>)\n")
                .contains("(<chat.files/_up_tide_1_.txt>)");
    }

    @Test
    void markdownToAStreamNamesEachFileWithItsTypeSizeAndWholeHash() throws Exception {
        StringWriter out = new StringWriter();
        exporter().exportSession("tides", ExportFormat.MARKDOWN, out);
        assertThat(out.toString()).contains("What do these say?\n\nAttachments: photo.png (image/png, "
                + AttachmentText.size(photo.length) + ", sha256 " + photoRef.sha256() + "), notes.txt (text/plain, "
                + notes.length + " bytes, sha256 " + notesRef.sha256() + ")\n");
        assertThat(photoRef.sha256()).hasSize(64);
    }

    @Test
    void aTidemarkExportToAFileCarriesItsFilesByHashInAFolderBesideIt() throws Exception {
        Path file = tmp.resolve("out").resolve("chats.json");
        assertThat(exporter().exportAllTo(ExportFormat.JSON, file).sessions()).isEqualTo(1);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("attachments").asText()).isEqualTo("chats.attachments");
        Path folder = tmp.resolve("out").resolve("chats.attachments");
        for (Attachment a : List.of(photoRef, otherPhotoRef, notesRef, oddRef)) {
            assertThat(folder.resolve(a.sha256())).hasBinaryContent(Files.readAllBytes(sourceFiles.path(a.sha256())));
        }
        try (Stream<Path> all = Files.list(folder)) {
            assertThat(all).hasSize(4); // no temporary file left
        }

        StringWriter stream = new StringWriter();
        exporter().exportAll(ExportFormat.JSON, stream);
        assertThat(new ObjectMapper().readTree(stream.toString()).has("attachments")).as("to a stream: references only")
                .isFalse();
    }

    /** Needs session format 5 (SessionCodec writing a message's attachments): att-store's part of issue 16. */
    @Test
    void eachExportedMessageCarriesItsAttachmentReferences() throws Exception {
        Path file = tmp.resolve("chats.json");
        exporter().exportAllTo(ExportFormat.JSON, file);
        JsonNode first = new ObjectMapper().readTree(file.toFile()).path("sessions").get(0).path("messages").get(0);
        assertThat(first.path("attachments")).hasSize(2);
        assertThat(first.path("attachments").get(0).path("sha256").asText()).isEqualTo(photoRef.sha256());
        assertThat(first.path("attachments").get(0).path("name").asText()).isEqualTo("photo.png");
    }

    @Test
    void anExportWithAFileMissingFromTheStoreIsRefusedInWordsAndWritesNoFile() throws Exception {
        Files.delete(sourceFiles.path(notesRef.sha256()));
        Path file = tmp.resolve("chats.json");
        assertThatThrownBy(() -> exporter().exportAllTo(ExportFormat.JSON, file))
                .isInstanceOf(Exporter.AttachmentProblem.class)
                .hasMessage("notes.txt in \"Tide photos\" is missing from Tidemark's data folder (attachments/"
                        + notesRef.sha256() + "). Nothing was exported: 'tidemark fsck' lists what is missing;"
                        + " restore it from a backup.");
        assertThat(file).doesNotExist();

        Files.write(sourceFiles.path(photoRef.sha256()), otherPhoto);
        assertThatThrownBy(() -> exporter().exportSessionTo("tides", ExportFormat.MARKDOWN, tmp.resolve("c.md")))
                .hasMessageStartingWith("photo.png in \"Tide photos\" is damaged in Tidemark's data folder");
        assertThat(tmp.resolve("c.md")).doesNotExist();
    }

    /** The round trip needs session format 5 (att-store's part): the codec must read messages' attachments back. */
    @Test
    void exportThenImportIntoAFreshDataDirectoryGivesTheSameSessionAndTheSameBytes() throws Exception {
        Path file = tmp.resolve("out").resolve("chats.json");
        exporter().exportAllTo(ExportFormat.JSON, file);
        Session exported = source.get("tides").orElseThrow();

        SessionStore target = store("target");
        StoreLibrary library = new StoreLibrary(target, new AttachmentStore(tmp.resolve("target")));
        Importer importer = new Importer();
        assertThat(importer.apply(importer.read(file), library).imported()).containsExactly("tides");
        target.flush().get(10, TimeUnit.SECONDS);

        assertThat(target.get("tides")).contains(exported);
        AttachmentStore targetFiles = new AttachmentStore(tmp.resolve("target"));
        for (Attachment a : List.of(photoRef, otherPhotoRef, notesRef, oddRef)) {
            assertThat(targetFiles.read(a)).isEqualTo(Files.readAllBytes(sourceFiles.path(a.sha256())));
        }
    }

    /** Needs session format 5 (att-store's part): without it the import sees no attachment to check. */
    @Test
    void aMissingOrDamagedFileInTheFolderRefusesTheWholeImportNamingIt() throws Exception {
        Path file = tmp.resolve("out").resolve("chats.json");
        exporter().exportAllTo(ExportFormat.JSON, file);
        Path folder = tmp.resolve("out").resolve("chats.attachments");
        Files.delete(folder.resolve(notesRef.sha256()));

        SessionStore target = store("target");
        StoreLibrary library = new StoreLibrary(target, new AttachmentStore(tmp.resolve("target")));
        Importer importer = new Importer();
        assertThatThrownBy(() -> importer.apply(importer.read(file), library)).isInstanceOf(ImportException.class)
                .hasMessage("Cannot import chats.json: its attachment notes.txt is missing: there is no chats.attachments/"
                        + notesRef.sha256() + " beside it. Copy the folder chats.attachments along with the file."
                        + " Nothing was imported.");
        assertThat(target.summaries()).isEmpty();
        assertThat(tmp.resolve("target").resolve("attachments")).satisfiesAnyOf(
                dir -> assertThat(dir).doesNotExist(), dir -> assertThat(dir).isEmptyDirectory());

        Files.write(folder.resolve(notesRef.sha256()), notes);
        byte[] flipped = photo.clone();
        flipped[flipped.length / 2] ^= 1;
        Files.write(folder.resolve(photoRef.sha256()), flipped);
        assertThatThrownBy(() -> importer.apply(importer.read(file), library))
                .hasMessage("Cannot import chats.json: its attachment photo.png is damaged: the bytes of chats.attachments/"
                        + photoRef.sha256() + " do not match its SHA-256. Nothing was imported.");
        assertThat(target.summaries()).isEmpty();
    }

    private Exporter exporter() {
        return new Exporter(new StoreLibrary(source, sourceFiles), CLOCK);
    }

    private SessionStore store(String name) throws Exception {
        SessionStore store = SessionStore.open(tmp.resolve(name), true, p -> { });
        stores.add(store);
        return store;
    }

    static byte[] png(Color color) throws Exception {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.WHITE);
        g.drawLine(0, 0, 63, 47);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
