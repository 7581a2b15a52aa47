package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidemark.testing.TidemarkProcess;
import dev.tidemark.testing.responses.ResponsesTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rest of issue 18's command line on the packaged jar: {@code resume} when the service no
 * longer has the reply, {@code --no-background}, {@code --api} for a provider that does not speak
 * OpenAI's protocols, {@code resume} while another Tidemark owns the data directory, and Ctrl+C
 * during a background {@code chat}.
 */
class ResumeCliIT {

    @TempDir
    Path dataDir;

    private BackgroundChats cli;

    @BeforeEach
    void setUp() {
        cli = new BackgroundChats(dataDir);
    }


    @Test
    void aResponseTheServiceNoLongerHasStaysRecoveredWithItsTextUnchangedAndResumeExits1() throws Exception {
        List<String> words = BackgroundChats.words(150);
        try (ResponsesTestServer server = ResponsesTestServer.start()) {
            server.script(words, Duration.ofMillis(40));
            TidemarkProcess chat = cli.chat(server, "--background", "tell me a long story");
            within(Duration.ofSeconds(60)).alias("the chat printed w005").until(() -> chat.out().contains("w005"));
            chat.killHard();
            String sessionId = ChatToolsCliIT.sessionIdFrom(chat);
            server.forget(server.lastResponseId());
            String recovered = cli.reply(sessionId).path("text").asText();

            TidemarkProcess resume = cli.resume();
            assertThat(resume.waitFor()).as(resume.err()).isEqualTo(1);
            assertThat(resume.out()).isEmpty();
            assertThat(resume.err().lines().filter(l -> l.startsWith("tidemark: session " + sessionId)).toList())
                    .as(resume.err()).singleElement().asString().contains("no longer has");

            JsonNode after = cli.reply(sessionId);
            assertThat(after.path("text").asText()).as("its text unchanged").isEqualTo(recovered);
            assertThat(after.path("status").asText()).isEqualTo("recovered");
            assertThat(after.path("recovered").asBoolean()).isTrue();
        }
    }

    @Test
    void noBackgroundNeverSendsBackgroundTrueEvenWhenSettingsTurnItOn() throws Exception {
        Files.writeString(dataDir.resolve("settings.json"), """
                {"providers": [{"id": "openai", "name": "OpenAI", "preset": "openai", "api": "responses",
                  "background": true}]}
                """);
        try (ResponsesTestServer server = ResponsesTestServer.start()) {
            server.script(List.of("all ", "at ", "once"), Duration.ZERO);
            TidemarkProcess chat = cli.chat(server, "--no-background", "hello");
            assertThat(chat.waitFor()).as(chat.err()).isZero();
            assertThat(chat.out().strip()).isEqualTo("all at once");
            assertThat(server.requests()).isNotEmpty().allSatisfy(request -> assertThat(
                    request.body().isEmpty() ? false : BackgroundChats.JSON.readTree(request.body()).path("background").asBoolean())
                    .as(request.body()).isFalse());
        }
    }

    @Test
    void apiWithAProviderThatDoesNotSpeakOpenAisProtocolsIsAUsageError() throws Exception {
        TidemarkProcess chat = TidemarkProcess.start(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789"), List.of(),
                "--data-dir", dataDir.toString(), "chat", "--provider", "anthropic", "--api", "responses", "hello");
        assertThat(chat.waitFor()).as(chat.err()).isEqualTo(2);
        assertThat(chat.err().lines().toList()).as(chat.err()).hasSize(1);
        assertThat(chat.out()).isEmpty();
    }

    @Test
    void resumeWhileAChatOwnsTheDataDirectoryIsOneLineAndCtrlCThenCancelsTheResponseOnTheService() throws Exception {
        try (ResponsesTestServer server = ResponsesTestServer.start()) {
            server.script(BackgroundChats.words(400), Duration.ofMillis(40)); // cancelled long before its end
            TidemarkProcess chat = cli.chat(server, "--background", "tell me a long story");
            within(Duration.ofSeconds(60)).alias("the chat printed w005").until(() -> chat.out().contains("w005"));

            TidemarkProcess resume = cli.resume(); // while the chat owns the data directory
            assertThat(resume.waitFor()).as(resume.err()).isEqualTo(1);
            assertThat(resume.err().lines().toList()).as(resume.err()).singleElement().asString()
                    .contains("Another Tidemark (process " + chat.pid() + ")");
            assertThat(resume.out()).isEmpty();
            assertThat(chat.process().isAlive()).as("still streaming when resume looked").isTrue();

            chat.signal("INT");
            assertThat(chat.waitFor()).as(chat.err()).isEqualTo(130);
            assertThat(server.cancels()).as("the cancel left before the process ended")
                    .containsExactly(server.lastResponseId());
        }
    }
}
