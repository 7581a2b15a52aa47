package dev.tidemark.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Attachment;
import dev.tidemark.model.Message;
import dev.tidemark.model.MessageStatus;
import dev.tidemark.model.Role;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Session format 5 (a message's {@code attachments}) and index format 3 (each entry's hashes): what
 * the store says its files and unsaved sessions refer to, and when it cannot know.
 */
class AttachmentReferencesTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    static String hash(String seed) {
        return AttachmentStore.hash(seed.getBytes(StandardCharsets.UTF_8));
    }

    static Attachment file(String name, String seed) {
        return new Attachment(name, name.endsWith(".png") ? "image/png" : "text/plain", 100 + seed.length(), hash(seed));
    }

    /** A chat whose first question carries {@code first}; a second version of it (not chosen) carries {@code other}. */
    static Session chat(String id, Attachment first, Attachment other) {
        Message q1 = Message.user(id + "q1", "Look at this", T, List.of(first));
        Message a1 = new Message(id + "a1", Role.ASSISTANT, "I see", MessageStatus.COMPLETE, T.plusSeconds(1), "m", null);
        Session s = new Session(id, "Chat " + id, T, T, List.of(q1)).withChild(id + "q1", a1, T.plusSeconds(1));
        if (other != null) {
            s = s.withChild(null, Message.user(id + "q2", "Or this", T.plusSeconds(2), List.of(other)), T.plusSeconds(2))
                    .withActive(id + "q1");
        }
        return s;
    }

    private SessionStore open(boolean writable, List<String> problems) throws Exception {
        return SessionStore.open(dataDir, writable, p -> problems.add(p.message()));
    }

    private Path sessions() {
        return dataDir.resolve(SessionStore.DIRECTORY);
    }

    @Test
    void aMessagesAttachmentsAreWrittenInFormatFiveAndReadBackAbsentWhenNone() throws Exception {
        Attachment photo = file("photo.png", "photo");
        Session chat = chat("c1", photo, null);
        byte[] bytes = new SessionCodec().encode(chat);
        JsonNode root = JSON.readTree(bytes);
        assertThat(root.path("format").asInt()).isEqualTo(SessionCodec.FORMAT_VERSION);
        JsonNode entry = root.path("messages").get(0).path("attachments").get(0);
        assertThat(entry.path("name").asText()).isEqualTo("photo.png");
        assertThat(entry.path("mediaType").asText()).isEqualTo("image/png");
        assertThat(entry.path("size").asLong()).isEqualTo(photo.size());
        assertThat(entry.path("sha256").asText()).isEqualTo(photo.sha256());
        assertThat(root.path("messages").get(1).has("attachments")).as("absent when empty").isFalse();
        SessionCodec.Decoded back = new SessionCodec().decodeFile(bytes);
        assertThat(back.session()).isEqualTo(chat);
    }

    @Test
    void aFileWithAnAttachmentEntryThatCannotBeReadIsDamagedShownReadOnlyAndNeverWrittenOver() throws Exception {
        Attachment good = file("notes.txt", "notes");
        Session chat = chat("c2", good, null).withChild("c2a1",
                Message.user("c2q3", "Two files", T.plusSeconds(5), List.of(good, file("photo.png", "p"))), T);
        String text = new String(new SessionCodec().encode(chat), StandardCharsets.UTF_8)
                .replace(hash("p"), "NOT-A-HASH");
        assertThatThrownBy(() -> new SessionCodec().decodeFile(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SessionCodec.UnreadableSession.class)
                .hasMessageContaining("message c2q3: attachment 'photo.png' cannot be read (its sha256"
                        + " is not 64 lowercase hex digits)");

        Files.createDirectories(sessions());
        Path file = sessions().resolve("c2.json");
        Files.writeString(file, text);
        List<String> problems = new ArrayList<>();
        try (SessionStore store = open(true, problems)) {
            Message kept = store.get("c2").orElseThrow().message("c2q3").orElseThrow();
            assertThat(kept.text()).isEqualTo("Two files");
            assertThat(kept.attachments()).containsExactly(good);
            assertThat(store.summary("c2").orElseThrow().readOnly()).isTrue();
            assertThat(store.summary("c2").orElseThrow().damaged()).isTrue();
            // its references are not known: emptying the trash deletes nothing while it is so
            assertThat(store.attachmentsUnknown()).hasSize(1);
            store.flush().get(10, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(file)).as("opened read-only: not migrated, not saved").isEqualTo(text);
        assertThat(problems).anyMatch(p -> p.contains("c2") && p.contains("attachment 'photo.png'"));
    }

    @Test
    void theIndexNamesEveryDistinctHashOfEachFileAllVersionsIncluded() throws Exception {
        Attachment a = file("a.png", "a");
        Attachment b = file("b.txt", "b");
        List<String> problems = new ArrayList<>();
        try (SessionStore store = open(true, problems)) {
            store.put(chat("c3", a, b));
            store.put(chat("c4", a, null));
            store.put(new Session("c5", "Plain", T, T, List.of(Message.user("c5q", "hi", T))));
            store.flush().get(10, TimeUnit.SECONDS);
            assertThat(store.attachmentsReferenced()).containsExactlyInAnyOrder(a.sha256(), b.sha256());
        }
        assertThat(problems).isEmpty();
        JsonNode index = JSON.readTree(sessions().resolve(SessionStore.INDEX).toFile());
        assertThat(index.path("format").asInt()).isEqualTo(3);
        for (JsonNode entry : index.path("sessions")) {
            List<String> hashes = new ArrayList<>();
            entry.path("attachments").forEach(h -> hashes.add(h.asText()));
            switch (entry.path("id").asText()) {
                case "c3" -> assertThat(hashes).containsExactlyInAnyOrder(a.sha256(), b.sha256());
                case "c4" -> assertThat(hashes).containsExactly(a.sha256());
                default -> assertThat(entry.path("attachments").isArray()).as("an empty list, known").isTrue();
            }
        }
        // reopened from the index alone (files older than it): the same references
        FileTime old = FileTime.from(Instant.now().minusSeconds(600));
        for (String id : List.of("c3", "c4", "c5")) {
            Files.setLastModifiedTime(sessions().resolve(id + ".json"), old);
        }
        try (SessionStore store = open(true, problems)) {
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (SessionStore store = open(false, problems)) {
            assertThat(store.attachmentsReferenced()).containsExactlyInAnyOrder(a.sha256(), b.sha256());
            assertThat(store.attachmentsUnknown()).isEmpty();
        }
    }

    @Test
    void anEntryOfAFileChangedSinceTheIndexIsReadAgain() throws Exception {
        Attachment a = file("a.png", "a");
        Attachment c = file("c.png", "c");
        try (SessionStore store = open(true, new ArrayList<>())) {
            store.put(chat("c6", a, null));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        // another version of the file written behind the index's back (as a crash before the index write leaves it)
        Files.write(sessions().resolve("c6.json"), new SessionCodec().encode(chat("c6", a, c)));
        try (SessionStore store = open(false, new ArrayList<>())) {
            assertThat(store.attachmentsReferenced()).containsExactlyInAnyOrder(a.sha256(), c.sha256());
        }
    }

    @Test
    void anIndexOfFormatTwoIsRebuiltFromTheFilesWithTheirReferences() throws Exception {
        Attachment a = file("a.png", "a");
        try (SessionStore store = open(true, new ArrayList<>())) {
            store.put(chat("c7", a, null));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        Path index = sessions().resolve(SessionStore.INDEX);
        String v2 = Files.readString(index).replace("{\"format\":3,", "{\"format\":2,")
                .replaceAll(",\"attachments\":\\[[^\\]]*\\]", "");
        assertThat(v2).startsWith("{\"format\":2,").doesNotContain("attachments");
        Files.writeString(index, v2);
        Files.setLastModifiedTime(sessions().resolve("c7.json"), FileTime.from(Instant.now().minusSeconds(600)));
        CountingFiles counting = new CountingFiles(SessionFiles.disk());
        try (SessionStore store = SessionStore.open(dataDir, true, p -> { }, java.time.Clock.systemUTC(), counting)) {
            assertThat(counting.readNames()).contains("c7.json");
            assertThat(store.attachmentsReferenced()).containsExactly(a.sha256());
            store.flush().get(10, TimeUnit.SECONDS);
        }
        JsonNode rebuilt = JSON.readTree(index.toFile());
        assertThat(rebuilt.path("format").asInt()).isEqualTo(3);
        assertThat(rebuilt.path("sessions").get(0).path("attachments").get(0).asText()).isEqualTo(a.sha256());
    }

    @Test
    void anUnsavedSessionsAttachmentsAreReferencedToo() throws Exception {
        Attachment a = file("a.png", "a");
        try (SessionStore store = open(false, new ArrayList<>())) { // a reader never saves: it stays in memory
            store.put(chat("c8", a, null));
            assertThat(store.attachmentsReferenced()).containsExactly(a.sha256());
        }
    }

    @Test
    void aDamagedFileMakesTheReferencesUnknown() throws Exception {
        Files.createDirectories(sessions());
        Files.writeString(sessions().resolve("bad.json"), "{\"format\":5,\"id\":\"bad\",\"title\":\"Broken\",\"messa");
        try (SessionStore store = open(true, new ArrayList<>())) {
            assertThat(store.attachmentsUnknown()).hasSize(1).allMatch(s -> s.contains("(bad)"));
            store.flush().get(10, TimeUnit.SECONDS);
        }
        try (SessionStore store = open(false, new ArrayList<>())) {
            assertThat(store.attachmentsUnknown()).as("also when listed from the index").hasSize(1);
        }
        JsonNode index = JSON.readTree(sessions().resolve(SessionStore.INDEX).toFile());
        assertThat(index.path("sessions").get(0).has("attachments")).isFalse();
    }

    @Test
    void aFileOfANewerFormatOpensReadOnlyItsReferencesUnknown() throws Exception {
        Files.createDirectories(sessions());
        String v6 = new String(new SessionCodec().encode(chat("c9", file("a.png", "a"), null)), StandardCharsets.UTF_8)
                .replace("\"format\" : " + SessionCodec.FORMAT_VERSION, "\"format\" : " + (SessionCodec.FORMAT_VERSION + 1));
        Files.writeString(sessions().resolve("c9.json"), v6);
        try (SessionStore store = open(true, new ArrayList<>())) {
            assertThat(store.summary("c9").orElseThrow().readOnly()).isTrue();
            assertThat(store.get("c9").orElseThrow().messages().get(0).attachments()).hasSize(1);
            assertThat(store.attachmentsUnknown()).hasSize(1);
        }
        assertThat(Files.readString(sessions().resolve("c9.json"))).isEqualTo(v6);
    }
}
