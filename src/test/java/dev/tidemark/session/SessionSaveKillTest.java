package dev.tidemark.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Atomic saves under SIGKILL: a child JVM saves the same session again and again with two
 * alternating contents (and renames another, so the index is rewritten all the time) and is
 * killed at a random moment, many times over the same data directory. After every kill the file
 * holds exactly one of the two contents, never a mix, the index is whole JSON or absent, and the
 * store opens and lists what the files hold.
 */
class SessionSaveKillTest {

    private static final int KILLS = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aKilledSaveLeavesTheOldFileOrTheNewOneNeverAMix() throws Exception {
        Session a = SessionSaveChild.content(true);
        Session b = SessionSaveChild.content(false);
        Random random = new Random(20261126);
        int sawA = 0;
        int sawB = 0;
        int tempLeft = 0;
        int indexTempLeft = 0;
        Path sessions = dataDir.resolve(SessionStore.DIRECTORY);
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start();
            try {
                waitForLine(child, "saving");
                Thread.sleep(30 + random.nextInt(400));
            } finally {
                child.destroyForcibly(); // SIGKILL
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            String where = "after kill " + (kill + 1);
            try (Stream<Path> files = Files.list(sessions)) {
                for (Path p : files.toList()) {
                    String name = p.getFileName().toString();
                    tempLeft += name.endsWith(".json.tmp") && !name.startsWith("index") ? 1 : 0;
                    indexTempLeft += name.equals(SessionStore.INDEX + ".tmp") ? 1 : 0;
                }
            }
            Path file = sessions.resolve(SessionSaveChild.SESSION + ".json");
            if (Files.exists(file)) {
                Session onDisk;
                try {
                    onDisk = new SessionCodec().decode(Files.readAllBytes(file));
                } catch (java.io.IOException e) {
                    throw new AssertionError(where + ": the session file is neither content (" + e.getMessage() + ")");
                }
                assertThat(onDisk).as(where).isIn(a, b);
                if (onDisk.equals(a)) {
                    sawA++;
                } else {
                    sawB++;
                }
            }
            Path index = sessions.resolve(SessionStore.INDEX);
            if (Files.exists(index)) {
                assertThat(JSON.readTree(Files.readAllBytes(index)).path("format").asInt()).as(where)
                        .isEqualTo(SessionStore.INDEX_FORMAT);
            }
            List<String> problems = new ArrayList<>();
            try (SessionStore store = SessionStore.open(dataDir, false, p -> problems.add(p.message()))) {
                assertThat(problems).as(where).allMatch(p -> p.startsWith("Unfinished save left behind"));
                if (Files.exists(file)) {
                    Session onDisk = new SessionCodec().decode(Files.readAllBytes(file));
                    SessionSummary listed = store.summary(SessionSaveChild.SESSION).orElseThrow();
                    assertThat(listed.title()).as(where).isEqualTo(onDisk.title());
                    assertThat(listed.messageCount()).as(where).isEqualTo(onDisk.messages().size());
                    assertThat(store.get(SessionSaveChild.SESSION).orElseThrow()).as(where).isEqualTo(onDisk);
                }
                Session other = new SessionCodec().decode(Files.readAllBytes(sessions.resolve(
                        SessionSaveChild.OTHER + ".json")));
                assertThat(store.summary(SessionSaveChild.OTHER).orElseThrow().title()).as(where)
                        .isEqualTo(other.title());
            }
        }
        System.out.printf("session save kill test: %d kills, file held A %d times and B %d times; a kill cut a"
                + " session save %d times and an index write %d times%n", KILLS, sawA, sawB, tempLeft, indexTempLeft);
        assertThat(sawA).as("kills that left content A").isPositive();
        assertThat(sawB).as("kills that left content B").isPositive();
    }

    private Process start() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-Dtidemark.sessions.indexDelayMillis=0"); // the index rewritten after every save, cut often
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SessionSaveChild.class.getName());
        command.add(dataDir.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void waitForLine(Process child, String line) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    if (l.equals(line)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(seen.get(60, TimeUnit.SECONDS)).as("the child said '" + line + "'").isTrue();
    }
}
