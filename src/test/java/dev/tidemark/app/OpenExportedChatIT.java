package dev.tidemark.app;

import dev.tidemark.testing.LaunchedProgram;
import dev.tidemark.testing.TidemarkProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desktop opens an exported chat with Tidemark (the installers' file association passes it as
 * an argument, {@code Exec=… %F}): a real window in a child JVM imports it, even when its path has
 * a {@code :} in it, which is Linux's path separator.
 */
class OpenExportedChatIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void anExportedChatWhosePathHasAColonIsImportedWhenTheWindowOpensIt() throws Exception {
        Path from = tmp.resolve("from");
        Path conversations = Path.of(OpenExportedChatIT.class.getResource("/fixtures/chatgpt/conversations.json").toURI());
        TidemarkProcess imported = TidemarkProcess.start("--data-dir", from.toString(), "import", conversations.toString());
        assertThat(imported.waitFor()).as(imported.err()).isZero();
        Path export = Files.createDirectories(tmp.resolve("backup: 2026")).resolve("tides: all.tidemark.json");
        TidemarkProcess exported = TidemarkProcess.start("--data-dir", from.toString(), "export", "--all",
                "--format", "json", "--out", export.toString());
        assertThat(exported.waitFor()).as(exported.err()).isZero();
        Path dataDir = tmp.resolve("data");

        try (LaunchedProgram window = LaunchedProgram.start(
                LaunchedProgram.headlessWindow("--data-dir", dataDir.toString(), export.toString()), Map.of())) {
            assertThat(window.awaitLine("tidemark-startup window-ready", LIMIT))
                    .as("window; stderr: %s", window.err()).isPresent();

            within(LIMIT).untilAsserted(() -> {
                TidemarkProcess sessions = TidemarkProcess.start("--data-dir", dataDir.toString(), "sessions");
                assertThat(sessions.waitFor()).as(sessions.err()).isZero();
                assertThat(sessions.out()).contains("Tide tables for Brest");
            });
        }
    }
}
