package dev.tidemark.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chat --api/--background/--no-background} refused before anything is opened or sent: a usage
 * error, exit 2, one line on stderr (issue 18's command line). Run in this JVM: nothing here reaches
 * a service or the data directory's journal.
 */
class ChatApiOptionsTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "--provider openai --api completions",
            "--provider openai --api auto",
            "--provider openai --background --no-background",
            "--provider anthropic --api responses",
            "--provider anthropic --background",
            "--provider anthropic --no-background",
            "--api chat",
            "--background",
            "--provider openai --base-url http://127.0.0.1:9/v1 --api chat --background",
    })
    void isAUsageErrorInOneLine(String options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(
                Map.of("OPENAI_API_KEY", "sk-test-OPTIONS0123456789", "ANTHROPIC_API_KEY", "sk-ant-test-0123456789"),
                new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), Duration.ZERO);
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "chat"));
        args.addAll(List.of(options.split(" ")));
        args.add("hello");

        int code = TidemarkCommand.commandLine(new TidemarkCommand(), environment).execute(args.toArray(String[]::new));

        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString().lines().toList()).as(err.toString()).hasSize(1)
                .allSatisfy(line -> assertThat(line).startsWith("tidemark: "));
        assertThat(out.toString()).isEmpty();
        assertThat(dataDir.resolve("journal")).as("nothing journaled").doesNotExist();
    }
}
