package dev.tidemark.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WindowRequestTest {

    @Test
    void noArgumentsOpensTheWindowOnTheUsualDataDirectory() {
        assertThat(WindowRequest.parse(List.of())).contains(new WindowRequest(null, false));
    }

    @Test
    void dataDirectoryInEitherFormAndTheHiddenExitFlag() {
        assertThat(WindowRequest.parse(List.of("--data-dir", "/tmp/x", "--exit-after-first-frame")))
                .contains(new WindowRequest(Path.of("/tmp/x"), true));
        assertThat(WindowRequest.parse(List.of("--data-dir=/tmp/x"))).contains(new WindowRequest(Path.of("/tmp/x"), false));
    }

    @Test
    void commandsHelpVersionAndMistakesGoToTheFullCommandLine() {
        for (List<String> args : List.of(List.of("--version"), List.of("--help"), List.of("sessions"),
                List.of("--data-dir", "/tmp/x", "chat", "hi"), List.of("--data-dir"), List.of("--data-dir", "--version"),
                List.of("--data-dir="), List.of("--data-dir", "a", "--data-dir", "b"), List.of("--bogus"))) {
            assertThat(WindowRequest.parse(args)).as("%s", args).isEqualTo(Optional.empty());
        }
    }

    @Test
    void anExportedChatWhosePathHasAColonReachesTheWindowWhole(@TempDir Path dir) throws Exception {
        // a desktop file manager passes such paths as they are (Exec=… %F); ':' is Linux's path separator
        Path colon = Files.writeString(Files.createDirectories(dir.resolve("backup: 2026")).resolve("tides: brest.tidemark.json"), "{}");
        Path plain = Files.writeString(dir.resolve("plain.tidemark.json"), "{}");
        List<String> parameters = new java.util.ArrayList<>(List.of("--data-dir=" + dir));
        parameters.addAll(WindowRequest.importArguments(List.of(colon.toString(), plain.toString())));

        List<Path> files = WindowRequest.importedFiles(parameters);

        assertThat(files).containsExactly(colon, plain);
        assertThat(files).allMatch(Files::isRegularFile);
    }
}
