package dev.tidemark.session;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user reads about a file that failed: a few words, never a class name when there is a message. */
class IoProblemsTest {

    @Test
    void saysWhatWentWrongInAFewWords() {
        assertThat(IoProblems.describe(new AccessDeniedException("/x/a.json"))).isEqualTo("permission denied");
        assertThat(IoProblems.describe(new NoSuchFileException("/x/a.json"))).isEqualTo("the file is gone");
        assertThat(IoProblems.describe(new IOException("No space left on device")))
                .isEqualTo("No space left on device");
        assertThat(IoProblems.describe(new IOException())).isEqualTo("IOException");
    }
}
