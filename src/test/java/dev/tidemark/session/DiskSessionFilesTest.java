package dev.tidemark.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real file system behind the store, on a temp dir. */
class DiskSessionFilesTest {

    @TempDir
    Path dir;

    private final SessionFiles files = SessionFiles.disk();

    @Test
    void replacesAFileWholeAndLeavesNoTempFile() throws Exception {
        Path file = dir.resolve("a.json");
        files.replace(file, "one".getBytes());
        files.replace(file, "two".getBytes());
        assertThat(files.read(file)).isEqualTo("two".getBytes());
        assertThat(files.list(dir, "")).containsExactly(file);
        assertThat(files.attributes(file).size()).isEqualTo(3);
    }

    @Test
    void movesOverAnotherFileAndIntoAnotherFolder() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), "a");
        Path b = Files.writeString(dir.resolve("b.json"), "b");
        files.move(a, b);
        assertThat(Files.readString(b)).isEqualTo("a");
        Path aside = dir.resolve("aside");
        files.createDirectory(aside);
        files.move(b, aside.resolve("b.json.1"));
        assertThat(files.list(dir, ".json")).isEmpty();
        assertThat(files.list(aside, ".1")).containsExactly(aside.resolve("b.json.1"));
    }

    @Test
    void deletesFilesAndEmptyFoldersAndSaysWhetherTheyWereThere() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), "a");
        assertThat(files.delete(a)).isTrue();
        assertThat(files.delete(a)).isFalse();
        assertThat(files.exists(a)).isFalse();
        assertThatThrownBy(() -> files.attributes(a)).isInstanceOf(NoSuchFileException.class);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThat(files.delete(empty)).isTrue();
    }
}
