package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.TidemarkProcess;
import dev.tidemark.testing.responses.ResponsesTestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's promise, end to end: {@code chat --api responses --background} on the packaged jar,
 * against a local Responses API server that keeps generating after its client is gone; the chat is
 * killed with SIGKILL mid-reply. {@code show} then says {@code recovered} without asking the server
 * anything; {@code resume} prints exactly the rest, asking for the events after the last one the
 * journal holds; {@code show} then holds the whole reply — no word doubled or missing — complete and
 * still marked recovered.
 */
class ReattachKillIT {

    private static final ObjectMapper JSON = BackgroundChats.JSON;
    /** The wire events before the first word: created, in_progress, output_item.added, content_part.added. */
    private static final int EVENTS_BEFORE_TEXT = 4;

    @TempDir
    Path dataDir;

    private BackgroundChats cli;

    @BeforeEach
    void setUp() {
        cli = new BackgroundChats(dataDir);
    }

    /** @param printed how many words the chat printed when it is killed */
    @ParameterizedTest(name = "killed after {0} words")
    @ValueSource(ints = {3, 60})
    void resumeAfterAKillPrintsExactlyTheRestAndShowHoldsTheWholeReply(int printed) throws Exception {
        List<String> words = BackgroundChats.words(150);
        String script = String.join("", words);
        try (ResponsesTestServer server = ResponsesTestServer.start()) {
            server.script(words, Duration.ofMillis(40));
            TidemarkProcess chat = cli.chat(server, "--background", "tell me a long story");
            String mark = words.get(printed - 1);
            within(Duration.ofSeconds(60)).alias("the chat printed " + mark).until(() -> chat.out().contains(mark));
            chat.killHard();
            String sessionId = ChatToolsCliIT.sessionIdFrom(chat);
            String responseId = server.lastResponseId();

            JsonNode created = JSON.readTree(server.requests().get(0).body());
            assertThat(created.path("background").asBoolean()).as("background").isTrue();
            assertThat(created.path("stream").asBoolean()).as("stream").isTrue();
            assertThat(created.path("store").asBoolean()).as("store").isTrue();

            int before = server.requests().size();
            JsonNode waiting = cli.reply(sessionId);
            assertThat(server.requests()).as("show never contacts the service").hasSize(before);
            assertThat(waiting.path("status").asText()).isEqualTo("recovered");
            assertThat(waiting.path("recovered").asBoolean()).isTrue();
            String recovered = waiting.path("text").asText();
            assertThat(script).as("the recovered text is a prefix of the script").startsWith(recovered);
            long journaled = lastJournaledSequence(waiting.path("id").asText());
            assertThat(journaled).as("the journal holds the wire position of its last piece")
                    .isEqualTo(recovered.isEmpty() ? -1 : EVENTS_BEFORE_TEXT - 1 + wordsIn(recovered));

            TidemarkProcess resume = cli.resume();
            assertThat(resume.waitFor(120)).as(resume.err()).isZero();
            assertThat(resume.out()).as("exactly the rest, nothing before it")
                    .isEqualTo(script.substring(recovered.length()));
            List<ResponsesTestServer.Recorded> gets = server.requests().stream()
                    .filter(r -> r.method().equals("GET")).toList();
            assertThat(gets).hasSize(1);
            assertThat(gets.get(0).path()).isEqualTo("/v1/responses/" + responseId);
            assertThat(gets.get(0).query()).contains("stream=true")
                    .contains("starting_after=" + journaled);

            JsonNode finished = cli.reply(sessionId);
            assertThat(finished.path("text").asText()).as("the whole script, no word doubled or missing")
                    .isEqualTo(script);
            assertThat(finished.path("status").asText()).isEqualTo("complete");
            assertThat(finished.path("recovered").asBoolean()).isTrue();

            if (printed == 3) { // once is enough: nothing is left to resume
                int asked = server.requests().size();
                TidemarkProcess again = cli.resume();
                assertThat(again.waitFor()).as(again.err()).isZero();
                assertThat(again.out()).isEmpty();
                assertThat(server.requests()).as("nothing to re-attach: nothing asked").hasSize(asked);
            }
        }
    }

    private static int wordsIn(String text) {
        return text.length() / "w001 ".length();
    }

    /** The highest wire sequence number ({@code rseq}) the journal holds for this stream; -1 when none. */
    private long lastJournaledSequence(String streamId) throws Exception {
        long last = -1;
        try (var files = Files.list(dataDir.resolve("journal"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode record = JSON.readTree(line);
                    if (streamId.equals(record.path("stream").asText()) && record.has("rseq")) {
                        last = Math.max(last, record.path("rseq").asLong());
                    }
                }
            }
        }
        return last;
    }
}
