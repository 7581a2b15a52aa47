package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.SyntheticChatGptExport;
import dev.tidemark.testing.TidemarkProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** search, export and import on the packaged jar, in child JVMs. */
class HistoryCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void importsChatGptThenSearchesAndExportsAndTheExportImportsEqual() throws Exception {
        Path first = tmp.resolve("first");
        TidemarkProcess imported = run(first, "import", fixture("conversations.json").toString());
        assertThat(imported.waitFor()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("Imported 4 sessions from conversations.json.")
                .contains("2 images could not be imported");

        TidemarkProcess search = run(first, "search", "--json", "coeffic");
        assertThat(search.waitFor()).as(search.err()).isZero();
        JsonNode hits = JSON.readTree(search.out());
        assertThat(hits).isNotEmpty();
        JsonNode best = hits.get(0);
        assertThat(best.path("sessionId").asText()).startsWith("chatgpt-");
        assertThat(best.has("messageIndex") || best.path("in").asText().equals("title")).isTrue();
        assertThat(hits.findValuesAsText("title")).contains("Spring tide coefficients", "Tide tables for Brest");

        TidemarkProcess text = run(first, "search", "high", "tide");
        assertThat(text.waitFor()).as(text.err()).isZero();
        assertThat(text.out()).contains("chatgpt-6738a1f0-0c4e-800c-9b1e-2f6c1d7e9a01  message 0 (user)"
                + "  Tide tables for Brest").contains("When is [high] [tide] in Brest tomorrow morning?");
        assertThat(tmp.resolve("first").resolve("index").resolve("tidemark-index.json")).exists();

        TidemarkProcess nothing = run(first, "search", "zeppelin");
        assertThat(nothing.waitFor()).isEqualTo(1);
        assertThat(nothing.out()).contains("No matches for \"zeppelin\".");

        Path export = tmp.resolve("out").resolve("all.tidemark.json");
        TidemarkProcess exported = run(first, "export", "--all", "--format", "json", "--out", export.toString());
        assertThat(exported.waitFor()).as(exported.err()).isZero();
        assertThat(exported.err()).contains("exported 4 sessions to");
        Path second = tmp.resolve("second");
        TidemarkProcess again = run(second, "import", export.toString());
        assertThat(again.waitFor()).as(again.err()).isZero();
        assertThat(sessionsJson(second)).isEqualTo(sessionsJson(first));
        for (JsonNode s : sessionsJson(first)) {
            assertThat(show(second, s.path("id").asText())).isEqualTo(show(first, s.path("id").asText()));
        }

        TidemarkProcess twice = run(second, "import", export.toString());
        assertThat(twice.waitFor()).isZero();
        assertThat(twice.out()).startsWith("Imported 0 sessions from all.tidemark.json. Skipped 4 sessions that are"
                + " already here (same id, in the list, in the trash or damaged; never replaced)");
    }

    @Test
    void exportsOneSessionAsMarkdownToStandardOutput() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(run(data, "import", fixture("conversations.json").toString()).waitFor()).isZero();
        TidemarkProcess md = run(data, "export", "chatgpt-673c5d22-3333-800c-9d5e-88f2a1b4d004");
        assertThat(md.waitFor()).as(md.err()).isZero();
        assertThat(md.out()).startsWith("# Untitled chat\n").contains("## You\n\nWrite a long poem about the sea.")
                .contains("## Assistant").contains("> *Stopped:*");
    }

    @Test
    void exitCodesForAMissingSessionABadFileAndAUsageError() throws Exception {
        Path data = tmp.resolve("data");
        TidemarkProcess missing = run(data, "export", "nosuchsession");
        assertThat(missing.waitFor()).isEqualTo(1);
        assertThat(missing.err()).contains("there is no session 'nosuchsession'");

        TidemarkProcess neither = run(data, "export", "--format", "md");
        assertThat(neither.waitFor()).isEqualTo(2);
        assertThat(neither.err()).contains("Give a session ID or --all.");

        Path bad = Files.writeString(tmp.resolve("broken.json"), "[{\"title\": \"x\", \"mapping\": {}");
        TidemarkProcess broken = run(data, "import", bad.toString());
        assertThat(broken.waitFor()).isEqualTo(1);
        assertThat(broken.err()).contains("Cannot import broken.json: it is not valid JSON at line 1, column")
                .contains("Nothing was imported.").doesNotContain("Exception");
        assertThat(sessionsJson(data)).isEmpty();

        TidemarkProcess noMapping = run(data, "import", fixture("no-mapping.json").toString());
        assertThat(noMapping.waitFor()).isEqualTo(1);
        assertThat(noMapping.err()).contains("conversation 3 (\"Lighthouse photo\") has no mapping");
        assertThat(sessionsJson(data)).isEmpty();
    }

    @Test
    void exportNeverReplacesAFileWithoutForce() throws Exception {
        Path data = tmp.resolve("data");
        assertThat(run(data, "import", fixture("conversations.json").toString()).waitFor()).isZero();
        Path mine = Files.writeString(tmp.resolve("notes.md"), "my own notes");
        TidemarkProcess refused = run(data, "export", "--all", "--out", mine.toString());
        assertThat(refused.waitFor()).isEqualTo(1);
        assertThat(refused.err()).contains(mine + " already exists; nothing was exported. Give --force to replace"
                + " it, or another --out.");
        assertThat(Files.readString(mine)).isEqualTo("my own notes");

        TidemarkProcess forced = run(data, "export", "--all", "--force", "--out", mine.toString());
        assertThat(forced.waitFor()).as(forced.err()).isZero();
        assertThat(Files.readString(mine)).startsWith("# ");
    }

    @Test
    void everyBadChatGptFileIsNamedInWordsAndImportsNothing() throws Exception {
        Path data = tmp.resolve("data");
        String good = Files.readString(fixture("conversations.json"));
        assertThat(importProblem(data, "empty.json", "")).isEqualTo("tidemark: Cannot import empty.json: the file is"
                + " empty. Nothing was imported.");
        assertThat(importProblem(data, "notes.txt", "PK\u0003\u0004 zipped")).startsWith("tidemark: Cannot import"
                + " notes.txt: it is not a JSON file (");
        assertThat(importProblem(data, "cut.json", good.substring(0, good.length() / 2))).contains("the file ends too"
                + " soon in conversation 3 (it is cut short: was the download or copy complete?)");
        assertThat(importProblem(data, "huge.json", good.replace("\"create_time\": 1763200000.125",
                "\"create_time\": 99999999999999999999"))).contains("conversation 4 (\"Tide tables for Brest\"): its"
                + " create_time is 99999999999999999999, which is not a time");
        assertThat(importProblem(data, "node.json", good.replace("\"current_node\": \"aaa-a2\"",
                "\"current_node\": \"aaa-x\"").replace("\"mapping\": {\n   \"aaa-root\"",
                "\"mapping\": {\n   \"aaa-x\": [], \"aaa-root\""))).contains("conversation 4 (\"Tide tables for"
                + " Brest\"): its current_node is aaa-x, which is a list, not an object. Nothing was imported.");
        assertThat(importProblem(data, "types.json", good.replace("\"mapping\": {\n   \"aaa-root\"",
                "\"mapping\": 7, \"was\": {\n   \"aaa-root\""))).contains("conversation 4 (\"Tide tables for Brest\") has no mapping"
                + " (its \"mapping\" is a number, not an object)");
        assertThat(sessionsJson(data)).isEmpty();
    }

    /** ChatGPT exports reach hundreds of MB: a 150 MB one imports in a 64 MB heap (all of it was read at once). */
    @Test
    void aChatGptExportFarBiggerThanTheHeapImportsAsAStream() throws Exception {
        Path big = tmp.resolve("conversations.json");
        try {
            int conversations = SyntheticChatGptExport.write(big, 150L * 1024 * 1024);
            Path data = tmp.resolve("data");
            TidemarkProcess imported = TidemarkProcess.start(Map.of(), List.of("-Xmx64m"), "--data-dir",
                    data.toString(), "import", big.toString());
            assertThat(imported.waitFor(600)).as(imported.err()).isZero();
            assertThat(imported.out()).startsWith("Imported " + conversations + " sessions from conversations.json.");
            Files.delete(big);
            JsonNode sessions = sessionsJson(data);
            assertThat(sessions).hasSize(conversations);
            JsonNode last = show(data, "chatgpt-00000000-0000-4000-8000-" + String.format("%012d", conversations - 1));
            assertThat(last.path("messages")).hasSize(10);
            assertThat(last.path("messages").get(9).path("text").asText()).startsWith("Answer 10 of chat "
                    + (conversations - 1) + ". Line 0: the moon pulls the sea").hasSizeGreaterThan(40_000);
        } finally {
            Files.deleteIfExists(big);
        }
    }

    private String importProblem(Path data, String name, String content) throws Exception {
        Path file = Files.writeString(tmp.resolve(name), content);
        TidemarkProcess p = run(data, "import", file.toString());
        assertThat(p.waitFor()).as(p.out()).isEqualTo(1);
        assertThat(p.out()).isEmpty();
        assertThat(p.err()).doesNotContain("Exception").doesNotContain("Index ").doesNotContain("Instant exceeds");
        return p.err().strip();
    }

    private static TidemarkProcess run(Path dataDir, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return TidemarkProcess.start(all);
    }

    private static JsonNode sessionsJson(Path dataDir) throws Exception {
        TidemarkProcess p = run(dataDir, "sessions", "--json");
        assertThat(p.waitFor()).as(p.err()).isZero();
        return JSON.readTree(p.out());
    }

    private static JsonNode show(Path dataDir, String id) throws Exception {
        TidemarkProcess p = run(dataDir, "show", "--json", id);
        assertThat(p.waitFor()).as(p.err()).isZero();
        return JSON.readTree(p.out());
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(HistoryCliIT.class.getResource("/fixtures/chatgpt/" + name).toURI());
    }
}
