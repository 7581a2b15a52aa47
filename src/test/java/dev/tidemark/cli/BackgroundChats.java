package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.TidemarkProcess;
import dev.tidemark.testing.responses.ResponsesTestServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar's {@code chat --api responses}, {@code resume} and {@code show --json} on one data directory. */
final class BackgroundChats {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "sk-test-REATTACH0123456789abcdef";

    private final Path dataDir;

    BackgroundChats(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** {@code w001 w002 …}, each word with its space: one piece each. */
    static List<String> words(int n) {
        List<String> words = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            words.add(String.format("w%03d ", i));
        }
        return words;
    }

    /** {@code chat --provider openai --base-url SERVER --model bg-model --api responses ARGS…}, the key in the environment. */
    TidemarkProcess chat(ResponsesTestServer server, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                "--base-url", server.baseUrl(), "--model", "bg-model", "--api", "responses"));
        all.addAll(List.of(args));
        return TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(), all.toArray(String[]::new));
    }

    TidemarkProcess resume(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "resume"));
        all.addAll(List.of(args));
        return TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(), all.toArray(String[]::new));
    }

    JsonNode show(String sessionId) throws Exception {
        TidemarkProcess show = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", sessionId, "--json");
        assertThat(show.waitFor()).as("show; stderr: %s", show.err()).isZero();
        return JSON.readTree(show.out());
    }

    /** The reply of a session of one question. */
    JsonNode reply(String sessionId) throws Exception {
        JsonNode messages = show(sessionId).path("messages");
        assertThat(messages).hasSize(2);
        return messages.get(1);
    }
}
