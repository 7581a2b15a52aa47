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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.tidemark.testing.Waits.patiently;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code fsck} on the packaged jar, against data directories left as crashes leave them. */
class FsckIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FAST_DEMO = List.of("-Dtidemark.demo.tokenMillis=1");

    @TempDir
    Path dataDir;

    @Test
    void aCleanDirectoryIsClean() throws Exception {
        assertThat(run(FAST_DEMO, "chat", "hello").waitFor()).isZero();
        TidemarkProcess fsck = run(List.of(), "fsck");
        assertThat(fsck.waitFor()).as(fsck.out()).isZero();
        assertThat(fsck.out()).contains("clean");
    }

    @Test
    void aKilledChatAndATornTailAreFoundThenRepaired() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            words.add("w" + i + " ");
        }
        SlowSseBody body = SlowSseBody.openAi(words, Duration.ofMillis(10));
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(body.response());
            server.start();
            TidemarkProcess chat = run(List.of(), "chat", "--provider", "openai", "--base-url",
                    server.url("/v1").toString(), "go");
            patiently().until(() -> chat.out().length() >= 100);
            chat.killHard();
        }
        Path newest;
        try (var files = Files.list(dataDir.resolve("journal"))) {
            newest = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        long tornAt = Files.size(newest);
        Files.write(newest, "{\"crc\":\"1234".getBytes(), StandardOpenOption.APPEND);

        TidemarkProcess check = run(List.of(), "fsck", "--json");
        assertThat(check.waitFor()).isEqualTo(1);
        JsonNode found = JSON.readTree(check.out());
        assertThat(found.path("clean").asBoolean()).isFalse();
        assertThat(found.path("problems")).anySatisfy(p -> {
            assertThat(p.path("file").asText()).isEqualTo("journal/" + newest.getFileName());
            // the kill itself may have cut a line short before the bytes added here
            assertThat(p.path("offset").asLong()).isLessThanOrEqualTo(tornAt).isPositive();
            assertThat(p.path("what").asText()).contains("torn tail of").contains("bytes after the last complete record");
        });
        assertThat(found.path("problems")).anySatisfy(p ->
                assertThat(p.path("what").asText()).contains("was interrupted").contains("recovers it"));
        assertThat(Files.size(newest)).as("fsck without --repair changes nothing").isEqualTo(tornAt + 12);

        TidemarkProcess repair = run(List.of(), "fsck", "--repair");
        assertThat(repair.waitFor()).as(repair.out() + repair.err()).isZero();
        assertThat(repair.out()).contains("repaired: cut a torn tail of")
                .contains("repaired: recovered an interrupted reply").contains("clean");

        TidemarkProcess again = run(List.of(), "fsck");
        assertThat(again.waitFor()).as(again.out()).isZero();
    }

    @Test
    void aDamagedSessionFileIsReportedAndNeverOverwritten() throws Exception {
        assertThat(run(FAST_DEMO, "chat", "one").waitFor()).isZero();
        assertThat(run(FAST_DEMO, "chat", "two").waitFor()).isZero();
        Path one = sessionFileContaining("\"one\"");
        String damage = "{\"format\":1,\"id\":";
        Files.writeString(one, damage);
        TidemarkProcess fsck = run(List.of(), "fsck");
        assertThat(fsck.waitFor()).isEqualTo(1);
        assertThat(fsck.out()).contains(one.getFileName().toString());
        TidemarkProcess sessions = run(List.of(), "sessions", "--json");
        assertThat(sessions.waitFor()).as("the other session still opens").isZero();
        // the damaged one is listed, flagged, under its file's name (nothing of its header is readable)
        assertThat(JSON.readTree(sessions.out())).hasSize(2)
                .anySatisfy(s -> {
                    assertThat(s.path("title").asText()).isEqualTo("two");
                    assertThat(s.path("damaged").asBoolean()).isFalse();
                })
                .anySatisfy(s -> {
                    assertThat(s.path("title").asText()).isEqualTo("Damaged: " + one.getFileName());
                    assertThat(s.path("damaged").asBoolean()).isTrue();
                    assertThat(s.path("readOnly").asBoolean()).isTrue();
                });
        assertThat(one).as("left as it is for whoever can save it").hasContent(damage);
    }

    @Test
    void aDamagedSessionFileThatTheJournalStillHoldsIsRebuiltAndTheDamagedCopyKept() throws Exception {
        assertThat(run(FAST_DEMO, "chat", "only").waitFor()).isZero();
        Path only = sessionFileContaining("\"only\"");
        // the journal's segment still holds this session until the next start checkpoints it
        String damage = "{\"format\":1,\"id\":";
        Files.writeString(only, damage);
        TidemarkProcess show = run(List.of(), "sessions", "--json");
        assertThat(show.waitFor()).isZero();
        JsonNode rebuilt = JSON.readTree(show.out());
        assertThat(rebuilt).singleElement().satisfies(s -> assertThat(s.path("messageCount").asInt()).isEqualTo(2));
        try (var kept = Files.list(dataDir.resolve("sessions/damaged"))) {
            assertThat(kept.toList()).singleElement().satisfies(p -> assertThat(p).hasContent(damage));
        }
    }

    private Path sessionFileContaining(String text) throws Exception {
        try (var files = Files.list(dataDir.resolve("sessions"))) {
            // the index lists titles too: it is not a session file
            for (Path p : files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("index.json")).toList()) {
                if (Files.readString(p).contains(text)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no session file contains " + text);
    }

    @Test
    void repairRefusesWhileAnotherTidemarkOwnsTheDirectory() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            words.add("x" + i + " ");
        }
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(SlowSseBody.openAi(words, Duration.ofMillis(20)).response());
            server.start();
            TidemarkProcess owner = run(List.of(), "chat", "--provider", "openai", "--base-url",
                    server.url("/v1").toString(), "long");
            patiently().until(() -> owner.out().length() >= 20);
            TidemarkProcess repair = run(List.of(), "fsck", "--repair");
            assertThat(repair.waitFor()).isEqualTo(1);
            assertThat(repair.err()).contains("cannot repair").contains("Another Tidemark");
            TidemarkProcess check = run(List.of(), "fsck");
            assertThat(check.waitFor()).as("a live reply is not a problem: %s", check.out()).isZero();
            owner.killHard();
        }
    }

    @Test
    void aMissingDirectoryIsAnError() throws Exception {
        TidemarkProcess fsck = TidemarkProcess.start("--data-dir", dataDir.resolve("nothing").toString(), "fsck");
        assertThat(fsck.waitFor()).isEqualTo(1);
        assertThat(fsck.err()).contains("no Tidemark data");
    }

    private TidemarkProcess run(List<String> jvm, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        // the chats here go to the openai preset on loopback, which sends nothing without a key
        return TidemarkProcess.start(Map.of("OPENAI_API_KEY", "sk-test-fsck-0123456789"), jvm,
                all.toArray(String[]::new));
    }
}
