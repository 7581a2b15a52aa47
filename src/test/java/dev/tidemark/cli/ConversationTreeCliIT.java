package dev.tidemark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation tree on the command line, as a real child JVM against a real HTTP server:
 * {@code show --json [--tree]}, {@code chat --after}, {@code regenerate}, and a reply killed
 * mid-stream during each recovered at its place.
 */
class ConversationTreeCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> KEY = Map.of("OPENAI_API_KEY", "sk-test-tree-0123456789");

    @TempDir
    Path dataDir;

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TidemarkProcess run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return TidemarkProcess.start(KEY, List.of(), all.toArray(String[]::new));
    }

    private String[] openai(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--provider", "openai", "--base-url", server.url("/v1").toString(), "--model", "tree-model"));
        return all.toArray(String[]::new);
    }

    /** Runs a command that streams a reply of {@code words}; returns it after checking stderr's first line. */
    private TidemarkProcess reply(List<String> words, String... args) throws Exception {
        server.enqueue(SlowSseBody.openAi(words, Duration.ZERO).response());
        TidemarkProcess p = run(args);
        assertThat(p.waitFor()).as("exit code; stderr: %s", p.err()).isZero();
        assertThat(p.out()).isEqualTo(String.join("", words) + "\n");
        return p;
    }

    private static String sessionOf(TidemarkProcess p) {
        String first = p.err().lines().findFirst().orElse("");
        assertThat(first).matches("session [0-9a-z]{12}");
        return first.substring("session ".length());
    }

    private JsonNode show(String id, boolean tree) throws Exception {
        TidemarkProcess show = tree ? run("show", id, "--json", "--tree") : run("show", id, "--json");
        assertThat(show.waitFor()).as("show exit code; stderr: %s", show.err()).isZero();
        return JSON.readTree(show.out());
    }

    private List<String> sentTexts() throws Exception {
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        List<String> texts = new ArrayList<>();
        for (JsonNode m : JSON.readTree(request.getBody().utf8()).path("messages")) {
            texts.add(m.path("content").asText());
        }
        return texts;
    }

    private static List<String> texts(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.path("text").asText()));
        return out;
    }

    @Test
    void versionsAreMadeShownAndSentAsTheActivePathOnly() throws Exception {
        String s = sessionOf(reply(List.of("a1"), openai("chat", "q1")));
        reply(List.of("a2"), openai("chat", "--session", s, "q2"));
        sentTexts();
        sentTexts();

        JsonNode linear = show(s, false);
        assertThat(texts(linear.path("messages"))).containsExactly("q1", "a1", "q2", "a2");
        JsonNode first = linear.path("messages").get(0);
        assertThat(first.has("parentId")).isTrue();
        assertThat(first.get("parentId").isNull()).isTrue();
        assertThat(first.path("version").asInt()).isEqualTo(1);
        assertThat(first.path("versions").asInt()).isEqualTo(1);
        assertThat(linear.path("messages").get(1).path("parentId").asText()).isEqualTo(first.path("id").asText());
        assertThat(linear.has("tree")).isFalse();
        String q1 = first.path("id").asText();
        String a1 = linear.path("messages").get(1).path("id").asText();
        String q2 = linear.path("messages").get(2).path("id").asText();

        // regenerate: by default the last question of the active path, with the reply's provider and model
        TidemarkProcess again = reply(List.of("a2 ", "again"), "regenerate", s, "--base-url", server.url("/v1").toString());
        assertThat(sessionOf(again)).isEqualTo(s);
        RecordedRequest regenerated = server.takeRequest(10, TimeUnit.SECONDS);
        JsonNode body = JSON.readTree(regenerated.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo("tree-model");
        assertThat(body.path("messages")).extracting(m -> m.path("content").asText()).containsExactly("q1", "a1", "q2");
        JsonNode afterRegenerate = show(s, true);
        assertThat(texts(afterRegenerate.path("messages"))).containsExactly("q1", "a1", "q2", "a2 again");
        JsonNode newest = afterRegenerate.path("messages").get(3);
        assertThat(newest.path("parentId").asText()).isEqualTo(q2);
        assertThat(newest.path("version").asInt()).isEqualTo(2);
        assertThat(newest.path("versions").asInt()).isEqualTo(2);
        assertThat(texts(afterRegenerate.path("tree"))).containsExactly("q1", "a1", "q2", "a2", "a2 again");
        assertThat(afterRegenerate.path("tree").get(3).path("version").asInt()).isEqualTo(1);

        // an edit of q2 is a new child of its parent
        reply(List.of("a3"), openai("chat", "--session", s, "--after", a1, "q2 edited"));
        assertThat(sentTexts()).containsExactly("q1", "a1", "q2 edited");
        JsonNode edited = show(s, true);
        assertThat(texts(edited.path("messages"))).containsExactly("q1", "a1", "q2 edited", "a3");
        assertThat(edited.path("messages").get(2).path("version").asInt()).isEqualTo(2);
        assertThat(edited.path("tree")).hasSize(7);

        // a new answer to q2, on the branch that is not active: that branch becomes the active path
        reply(List.of("a2 third"), openai("regenerate", s, "--message", q2));
        assertThat(sentTexts()).containsExactly("q1", "a1", "q2");
        JsonNode third = show(s, false);
        assertThat(texts(third.path("messages"))).containsExactly("q1", "a1", "q2", "a2 third");
        assertThat(third.path("messages").get(3).path("version").asInt()).isEqualTo(3);

        // --after root: a new version of the first message
        reply(List.of("b1"), openai("chat", "--session", s, "--after", "root", "another start"));
        assertThat(sentTexts()).containsExactly("another start");
        JsonNode rooted = show(s, true);
        assertThat(texts(rooted.path("messages"))).containsExactly("another start", "b1");
        assertThat(rooted.path("messages").get(0).get("parentId").isNull()).isTrue();
        assertThat(rooted.path("messages").get(0).path("version").asInt()).isEqualTo(2);
        assertThat(rooted.path("tree")).hasSize(10);
        assertThat(rooted.path("tree").get(0).path("id").asText()).isEqualTo(q1);

        TidemarkProcess active = run("export", s);
        assertThat(active.waitFor()).isZero();
        assertThat(active.out()).contains("another start").doesNotContain("q2 edited");
        TidemarkProcess every = run("export", s, "--all-versions");
        assertThat(every.waitFor()).as("stderr: %s", every.err()).isZero();
        assertThat(every.out()).containsSubsequence("q1", "a1", "q2", "a2\n", "a2 again", "a2 third", "q2 edited", "a3",
                "another start", "b1");
    }

    @Test
    void unknownMessagesAreUsageErrors() throws Exception {
        String s = sessionOf(reply(List.of("a1"), openai("chat", "q1")));
        String a1 = show(s, false).path("messages").get(1).path("id").asText();

        TidemarkProcess after = run(openai("chat", "--session", s, "--after", "nosuchmessage", "x"));
        assertThat(after.waitFor()).isEqualTo(2);
        assertThat(after.err()).contains("nosuchmessage").doesNotContain("Exception");
        TidemarkProcess notUser = run(openai("regenerate", s, "--message", a1));
        assertThat(notUser.waitFor()).isEqualTo(2);
        assertThat(notUser.err()).contains("is not one of your messages");
        TidemarkProcess missing = run(openai("regenerate", s, "--message", "nosuchmessage"));
        assertThat(missing.waitFor()).isEqualTo(2);
        TidemarkProcess noSession = run(openai("regenerate", "nosuchsession"));
        assertThat(noSession.waitFor()).isEqualTo(2);
        TidemarkProcess afterWithoutSession = run(openai("chat", "--after", a1, "x"));
        assertThat(afterWithoutSession.waitFor()).isEqualTo(2);
        assertThat(texts(show(s, true).path("tree"))).containsExactly("q1", "a1");
    }

    @Test
    void aRegeneratedReplyKilledMidStreamIsRecoveredAtItsPlace() throws Exception {
        String s = sessionOf(reply(List.of("a1"), openai("chat", "q1")));
        String q1 = show(s, false).path("messages").get(0).path("id").asText();
        String a1 = show(s, false).path("messages").get(1).path("id").asText();

        String streamId = killMidStream(openai("regenerate", s));

        JsonNode after = show(s, true);
        JsonNode recovered = find(after.path("tree"), streamId);
        assertThat(recovered.path("status").asText()).isEqualTo("recovered");
        assertThat(recovered.path("parentId").asText()).isEqualTo(q1);
        assertThat(recovered.path("text").asText()).startsWith("w0 w1 ");
        assertThat(recovered.path("version").asInt()).isEqualTo(2);
        JsonNode earlier = find(after.path("tree"), a1);
        assertThat(earlier.path("text").asText()).isEqualTo("a1");
        assertThat(earlier.path("status").asText()).isEqualTo("complete");
        assertThat(after.path("tree")).hasSize(3);
    }

    @Test
    void aReplyToAnEditKilledMidStreamIsRecoveredAtItsPlace() throws Exception {
        String s = sessionOf(reply(List.of("a1"), openai("chat", "q1")));
        reply(List.of("a2"), openai("chat", "--session", s, "q2"));
        JsonNode before = show(s, true);
        String a1 = before.path("messages").get(1).path("id").asText();

        String streamId = killMidStream(openai("chat", "--session", s, "--after", a1, "q2 edited"));

        JsonNode after = show(s, true);
        JsonNode recovered = find(after.path("tree"), streamId);
        assertThat(recovered.path("status").asText()).isEqualTo("recovered");
        JsonNode question = find(after.path("tree"), recovered.path("parentId").asText());
        assertThat(question.path("text").asText()).isEqualTo("q2 edited");
        assertThat(question.path("parentId").asText()).isEqualTo(a1);
        assertThat(texts(after.path("messages"))).containsExactly("q1", "a1", "q2 edited", recovered.path("text").asText());
        for (JsonNode old : before.path("tree")) {
            JsonNode now = find(after.path("tree"), old.path("id").asText());
            assertThat(now.path("text")).isEqualTo(old.path("text"));
            assertThat(now.path("parentId")).isEqualTo(old.path("parentId"));
            assertThat(now.path("status")).isEqualTo(old.path("status"));
        }
    }

    /** Starts a streaming command, kills it once two words are in the journal file; returns the stream's id. */
    private String killMidStream(String... args) throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            words.add("w" + i + " ");
        }
        SlowSseBody body = SlowSseBody.openAi(words, Duration.ZERO).holdBefore(2);
        server.enqueue(body.response());
        TidemarkProcess p = run(args);
        try {
            within(Duration.ofSeconds(30)).ignoreException(java.nio.file.NoSuchFileException.class)
                    .alias("the journal holds the second word before the kill")
                    .until(() -> journalText().contains("\"text\":\"w1 \""));
            p.killHard();
        } finally {
            body.release();
        }
        for (String line : journalText().split("\n")) {
            JsonNode record = JSON.readTree(line.isBlank() ? "{}" : line);
            if ("stream.start".equals(record.path("type").asText())) {
                last = record.path("stream").asText();
            }
        }
        return last;
    }

    private String last;

    private static JsonNode find(JsonNode messages, String id) {
        for (JsonNode m : messages) {
            if (m.path("id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no message " + id + " in " + messages);
    }

    private String journalText() throws Exception {
        StringBuilder all = new StringBuilder();
        Path dir = dataDir.resolve("journal");
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }
}
