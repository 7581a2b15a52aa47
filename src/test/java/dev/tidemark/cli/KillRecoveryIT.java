package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of Tidemark, end to end: the CLI streams a reply from a slow server, is killed with
 * SIGKILL in the middle, and the next start brings the reply back as "recovered", holding
 * everything that had reached the journal file before the kill.
 */
class KillRecoveryIT {

    /** How many words are in the journal file when the CLI is killed. */
    private static final int ON_DISK = 150;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void recoversPartialReplyAfterSigkill() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            words.add(String.format("w%03d ", i));
        }
        String fullText = String.join("", words);
        SlowSseBody body = SlowSseBody.openAi(words, Duration.ofMillis(10));
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(body.response());
            server.start();

            TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", "sk-test-kill-0123456789"), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                    "--base-url", server.url("/v1").toString(), "--model", "slow-model", "tell me a long story");
            // kill once the 150th word has reached the journal file (written: a killed process loses
            // nothing the kernel already holds); how fast words get there is JournalBenchmark's business
            String last = words.get(ON_DISK - 1);
            within(Duration.ofSeconds(30)).ignoreException(java.nio.file.NoSuchFileException.class)
                    .alias("the journal holds word " + ON_DISK + " before the kill")
                    .until(() -> journalText().contains("\"text\":\"" + last + "\""));
            chat.killHard();

            assertThat(body.sentCount()).as("killed mid-reply").isLessThan(words.size());
            String firstErrLine = chat.err().lines().findFirst().orElse("");
            assertThat(firstErrLine).matches("session [0-9a-z]{12}");
            String sessionId = firstErrLine.substring("session ".length());
            String mustHave = String.join("", words.subList(0, ON_DISK));

            JsonNode session = show(sessionId);
            JsonNode messages = session.path("messages");
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
            assertThat(messages.get(0).path("text").asText()).isEqualTo("tell me a long story");
            JsonNode reply = messages.get(1);
            assertThat(reply.path("role").asText()).isEqualTo("assistant");
            assertThat(reply.path("status").asText()).isEqualTo("recovered");
            String recovered = reply.path("text").asText();
            assertThat(fullText).as("the recovered text is a prefix of what the server sent").startsWith(recovered);
            assertThat(recovered).as("it holds everything that had reached the journal before the kill")
                    .startsWith(mustHave);

            // A second start recovers nothing new and changes nothing.
            JsonNode again = show(sessionId);
            assertThat(again.path("messages")).isEqualTo(messages);
            assertThat(endRecordsOf(reply.path("id").asText()))
                    .as("the journal keeps at most the record that closed the stream, never a second start")
                    .isIn(List.of(), List.of("recovered"));
            assertThat(startRecordsOf(reply.path("id").asText())).isLessThanOrEqualTo(1);
        }
    }

    /** Every journal segment's text as it is on disk now. */
    private String journalText() throws Exception {
        StringBuilder all = new StringBuilder();
        Path dir = dataDir.resolve("journal");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                all.append(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private JsonNode show(String sessionId) throws Exception {
        TidemarkProcess show = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", sessionId, "--json");
        assertThat(show.waitFor()).as("show exit code; stderr: %s", show.err()).isZero();
        return JSON.readTree(show.out());
    }

    private long startRecordsOf(String streamId) throws Exception {
        long starts = 0;
        try (var files = Files.list(dataDir.resolve("journal"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode record = JSON.readTree(line);
                    starts += "stream.start".equals(record.path("type").asText())
                            && streamId.equals(record.path("stream").asText()) ? 1 : 0;
                }
            }
        }
        return starts;
    }

    private List<String> endRecordsOf(String streamId) throws Exception {
        List<String> statuses = new ArrayList<>();
        try (var files = Files.list(dataDir.resolve("journal"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode record = JSON.readTree(line);
                    if ("stream.end".equals(record.path("type").asText())
                            && streamId.equals(record.path("stream").asText())) {
                        statuses.add(record.path("status").asText());
                    }
                }
            }
        }
        return statuses;
    }
}
