package dev.tidemark.app;

import org.junit.jupiter.api.Test;

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
}
