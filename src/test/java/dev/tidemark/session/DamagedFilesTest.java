package dev.tidemark.session;

import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Setting a damaged chat aside, on real files: moved with a note, never over anything, and no longer listed. */
class DamagedFilesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T15:00:00Z");

    @TempDir
    Path dataDir;

    private final List<String> problems = new ArrayList<>();

    private SessionStore open() throws IOException {
        return SessionStore.open(dataDir, true, p -> problems.add(p.message()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Path sessions() {
        return dataDir.resolve(SessionStore.DIRECTORY);
    }

    /** Saves good chats, then cuts b's file short inside its fifth message, as a disk might leave it. */
    private byte[] oneDamagedAmongGoodOnes() throws Exception {
        try (SessionStore store = open()) {
            for (Session s : List.of(SessionStoreTest.session("a", "Alpha", 2), SessionStoreTest.session("b", "Beta", 6))) {
                store.put(s);
            }
            store.flush().get(10, TimeUnit.SECONDS);
        }
        Path b = sessions().resolve("b.json");
        String whole = Files.readString(b);
        Files.writeString(b, whole.substring(0, whole.indexOf("answer 5 of Beta") - 40));
        return Files.readAllBytes(b);
    }

    @Test
    void aDamagedFileIsMovedAsItWasBesideANoteAndIsNoLongerListed() throws Exception {
        byte[] damaged = oneDamagedAmongGoodOnes();
        try (SessionStore store = open()) {
            assertThat(store.summary("b").orElseThrow().damaged()).isTrue();

            Path aside = store.setAsideDamaged("b");

            assertThat(aside).isEqualTo(sessions().resolve("damaged").resolve("b.json"));
            assertThat(Files.readAllBytes(aside)).as("moved, not rewritten").isEqualTo(damaged);
            assertThat(sessions().resolve("b.json")).doesNotExist();
            String note = Files.readString(sessions().resolve("damaged").resolve("b.json.note.txt"));
            assertThat(note).contains("Chat:          Beta").contains("Original file: sessions/b.json")
                    .contains("Set aside at:  2026-12-06T15:00:00Z").contains("Why:           ")
                    .contains("move the file back");
            assertThat(store.summaries()).extracting(SessionSummary::id).containsExactly("a");
            assertThat(store.summary("b")).isEmpty();
            assertThat(store.get("b")).isEmpty();
            store.flush().get(10, TimeUnit.SECONDS);
        }
        // nor after a restart (what fsck and the window open), with or without the index
        try (SessionStore again = open()) {
            assertThat(again.summaries()).extracting(SessionSummary::id).containsExactly("a");
        }
        Files.delete(sessions().resolve(SessionStore.INDEX));
        try (SessionStore rebuilt = open()) {
            assertThat(rebuilt.summaries()).extracting(SessionSummary::id).containsExactly("a");
            assertThat(rebuilt.get("a")).isPresent();
        }
    }

    @Test
    void aNameAlreadyTakenInTheFolderGetsANumberAndIsLeftAsItWas() throws Exception {
        oneDamagedAmongGoodOnes();
        Path folder = Files.createDirectories(sessions().resolve("damaged"));
        Files.writeString(folder.resolve("b.json"), "set aside last week");
        Files.writeString(folder.resolve("b-2.json.note.txt"), "a note without its file");

        try (SessionStore store = open()) {
            Path aside = store.setAsideDamaged("b");

            assertThat(aside.getFileName().toString()).isEqualTo("b-3.json");
            assertThat(folder.resolve("b-3.json.note.txt")).exists();
        }
        assertThat(Files.readString(folder.resolve("b.json"))).isEqualTo("set aside last week");
        assertThat(Files.readString(folder.resolve("b-2.json.note.txt"))).isEqualTo("a note without its file");
        assertThat(folder.resolve("b-2.json")).doesNotExist();
    }

    @Test
    void aWholeChatIsNotSetAsideAndNothingMoves() throws Exception {
        oneDamagedAmongGoodOnes();
        try (SessionStore store = open()) {
            assertThatThrownBy(() -> store.setAsideDamaged("a")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("The chat 'Alpha' is not damaged; only a damaged chat can be set aside.");
            assertThatThrownBy(() -> store.setAsideDamaged("nope")).isInstanceOf(IllegalArgumentException.class);
            assertThat(store.summaries()).extracting(SessionSummary::id).containsExactlyInAnyOrder("a", "b");
        }
        assertThat(sessions().resolve("a.json")).exists();
        assertThat(sessions().resolve("damaged")).doesNotExist();
    }

    @Test
    void aProcessThatDoesNotOwnTheDirectoryMovesNothing() throws Exception {
        oneDamagedAmongGoodOnes();
        try (SessionStore readOnly = SessionStore.open(dataDir, false, p -> { })) {
            assertThatThrownBy(() -> readOnly.setAsideDamaged("b")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Another Tidemark owns this data directory");
        }
        assertThat(sessions().resolve("b.json")).exists();
    }
}
