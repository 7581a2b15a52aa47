package dev.tidemark.app;

import dev.tidemark.testing.LaunchedProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The window keeps its data directory private too: the packaged jar's real window, in a child JVM. */
class PrivateDataDirectoryIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void theWindowCreatesItsDataDirectoryAndEveryFileInItReadableOnlyByTheOwner() throws Exception {
        Path dataDir = temp.resolve("new").resolve("tidemark");
        LaunchedProgram window = LaunchedProgram.run(LaunchedProgram.headlessWindow(
                "--data-dir", dataDir.toString(), "--exit-after-first-frame"), Map.of(), LIMIT);
        assertThat(window.exitCode()).as("stderr: %s", window.err()).isZero();

        assertThat(mode(dataDir)).isEqualTo("rwx------");
        try (Stream<Path> all = Files.walk(dataDir)) {
            List<Path> entries = all.toList();
            assertThat(entries).anyMatch(p -> p.endsWith("tidemark.log")).anyMatch(p -> p.endsWith("tidemark.lock")
                    || p.toString().endsWith(".jsonl"));
            for (Path p : entries) {
                assertThat(mode(p)).as(dataDir.relativize(p).toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void theWindowClosesAnOpenDataDirectoryAndSaysSo() throws Exception {
        Path dataDir = Files.createDirectory(temp.resolve("tidemark"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxr-x"));
        LaunchedProgram window = LaunchedProgram.run(LaunchedProgram.headlessWindow(
                "--data-dir", dataDir.toString(), "--exit-after-first-frame"), Map.of(), LIMIT);
        assertThat(window.exitCode()).as("stderr: %s", window.err()).isZero();

        assertThat(mode(dataDir)).isEqualTo("rwx------");
        assertThat(Files.readString(dataDir.resolve("logs/tidemark.log")))
                .as("the note reached the window's problem area (and the log)")
                .contains("The data directory " + dataDir + " was open to other users (rwxrwxr-x);"
                        + " Tidemark made it readable only by you.");
    }

    private static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
