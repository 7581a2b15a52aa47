package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.TidemarkProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code search} finds words in every version of a conversation, not only on its active path, and
 * {@code --json} names the message: a ChatGPT export whose first question was edited, imported and
 * searched on the packaged jar, in child JVMs.
 */
class SearchVersionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aWordOnlyInAnEarlierVersionIsFoundWithItsMessageId() throws Exception {
        Path data = tmp.resolve("data");
        TidemarkProcess imported = run(data, "import", fixture("conversations.json").toString());
        assertThat(imported.waitFor()).as(imported.err()).isZero();

        // "roughly" is only in the reply to the question before it was edited: off the active path
        TidemarkProcess search = run(data, "search", "--json", "roughly");
        assertThat(search.waitFor()).as(search.err()).isZero();
        JsonNode hits = JSON.readTree(search.out());
        assertThat(hits).hasSize(1);
        JsonNode hit = hits.get(0);
        assertThat(hit.path("sessionId").asText()).isEqualTo("chatgpt-6738a1f0-0c4e-800c-9b1e-2f6c1d7e9a01");
        assertThat(hit.path("in").asText()).isEqualTo("message");
        assertThat(hit.path("messageId").asText()).isEqualTo("aaa-a1");
        assertThat(hit.path("messageIndex").asInt()).isEqualTo(1);
        assertThat(hit.path("role").asText()).isEqualTo("assistant");

        // both versions of the question are found, each by its id
        TidemarkProcess both = run(data, "search", "--json", "when", "high", "brest");
        assertThat(both.waitFor()).as(both.err()).isZero();
        assertThat(JSON.readTree(both.out()).findValuesAsText("messageId")).containsExactly("aaa-u1", "aaa-u1b");
    }

    private static TidemarkProcess run(Path dataDir, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return TidemarkProcess.start(all);
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(SearchVersionsIT.class.getResource("/fixtures/chatgpt/" + name).toURI());
    }
}
