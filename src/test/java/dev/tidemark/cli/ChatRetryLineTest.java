package dev.tidemark.cli;

import dev.tidemark.testing.SlowSseBody;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a reply pauses to try again (a rate limit; a background reply re-attached after a lost
 * connection), {@code chat} says so on stderr and its standard output stays the reply alone. Run
 * in this JVM against a model service on loopback.
 */
class ChatRetryLineTest {

    @TempDir
    Path dataDir;

    @Test
    void aRetryIsOneLineOnStderrAndStdoutStaysTheReply() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0")
                    .body("{\"error\":{\"message\":\"slow down\"}}").build());
            server.enqueue(SlowSseBody.openAi(List.of("after ", "a pause"), Duration.ZERO).response());
            server.start();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CliEnvironment environment = new CliEnvironment(Map.of("OPENAI_API_KEY", "sk-test-RETRY0123456789"),
                    new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), Duration.ZERO);

            int code = TidemarkCommand.commandLine(new TidemarkCommand(), environment).execute("--data-dir",
                    dataDir.toString(), "chat", "--provider", "openai", "--base-url", server.url("/v1").toString(),
                    "--model", "m", "hello");

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).isEqualTo("after a pause" + System.lineSeparator());
            assertThat(err.toString().lines().filter(l -> l.contains("trying again")).toList()).as(err.toString())
                    .singleElement().asString().startsWith("tidemark: ").endsWith("(attempt 1).");
        }
    }
}
