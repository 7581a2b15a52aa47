package dev.tidemark.cli;

import dev.tidemark.testing.Mounts;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk never makes the command line hang, and damages nothing: the data directory on a
 * real tmpfs of a few hundred KB, mounted for the test (the tests and CI run as root), filled
 * before a command starts or while a reply streams.
 */
class FullDiskIT {

    private static final List<String> FAST_DEMO = List.of("-Dtidemark.demo.tokenMillis=1");
    private static final String KEY = "sk-test-SECRET0123456789abcdef";

    @TempDir
    Path temp;

    private Path mount;
    private Path dataDir;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        mount = Files.createDirectory(temp.resolve("disk"));
        Mounts.tmpfs(mount, "400k");
        dataDir = mount.resolve("tidemark");
    }

    @AfterEach
    void unmount() throws Exception {
        Mounts.unmount(mount);
    }

    @Test
    void chatOnADiskFullBeforeItStartsPrintsTheReplyAndExitsOneSayingWhatWasNotSaved() throws Exception {
        String earlier = chatDemo("an earlier question");
        String earlierShown = show(earlier);
        Mounts.fill(mount.resolve("filler"));

        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", dataDir.toString(),
                "chat", "hello");
        assertThat(chat.waitFor()).as(chat.err()).isEqualTo(1);
        assertThat(chat.out()).contains("Demo reply");
        assertThat(chat.err()).contains("The disk is full").contains("not saved").doesNotContain("Exception");

        assertEarlierSessionIntact(earlier, earlierShown);
    }

    @Test
    void chatOnADiskThatFillsWhileTheReplyStreamsPrintsAllOfItAndExitsOne() throws Exception {
        String earlier = chatDemo("an earlier question");
        String earlierShown = show(earlier);
        Path filler = mount.resolve("filler");
        Mounts.fill(filler);
        // give back 40 KB: the start fits, the reply (about 200 KB) does not
        try (FileChannel f = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            f.truncate(f.size() - 40 * 1024);
        }

        List<String> words = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            words.add("word" + i + " of a long reply that the disk cannot hold. ");
        }
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(SlowSseBody.openAi(words, Duration.ZERO).response());
            server.start();
            TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", KEY), List.of(),
                    "--data-dir", dataDir.toString(), "chat", "--provider", "openai", "--base-url",
                    server.url("/v1").toString(), "--model", "m", "tell me a long story");
            assertThat(chat.waitFor()).as(chat.err()).isEqualTo(1);
            assertThat(chat.out()).contains("word0 of").contains("word3999 of");
            assertThat(chat.err()).contains("The disk is full").contains("not saved").doesNotContain("Exception");
        }
        assertEarlierSessionIntact(earlier, earlierShown);
    }

    @Test
    void importOnAFullDiskFailsInWordsAndLeavesNoHalfWrittenFiles() throws Exception {
        Path source = temp.resolve("source");
        for (int i = 0; i < 3; i++) {
            TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", source.toString(),
                    "chat", "question " + i);
            assertThat(chat.waitFor()).as(chat.err()).isZero();
        }
        Path export = temp.resolve("all.tidemark.json");
        TidemarkProcess exported = TidemarkProcess.start("--data-dir", source.toString(), "export", "--all",
                "--format", "json", "--out", export.toString());
        assertThat(exported.waitFor()).as(exported.err()).isZero();
        String earlier = chatDemo("an earlier question");
        String earlierShown = show(earlier);
        Mounts.fill(mount.resolve("filler"));

        TidemarkProcess imported = TidemarkProcess.start("--data-dir", dataDir.toString(), "import", export.toString());
        assertThat(imported.waitFor()).as(imported.err()).isEqualTo(1);
        assertThat(imported.err()).contains("could not all be saved").doesNotContain("Exception");
        try (Stream<Path> files = Files.walk(dataDir)) {
            assertThat(files.map(Path::toString).filter(name -> name.endsWith(".tmp"))).isEmpty();
        }
        assertEarlierSessionIntact(earlier, earlierShown);
    }

    @Test
    void fsckNamesAnUnfinishedSaveLeftBehind() throws Exception {
        String earlier = chatDemo("an earlier question");
        Files.writeString(dataDir.resolve("sessions").resolve(earlier + ".json.tmp"), "{\"half");
        Files.writeString(dataDir.resolve("settings.json.tmp"), "{\"half");
        Files.writeString(dataDir.resolve("journal").resolve("checkpoint.json.tmp"), "{\"half");
        TidemarkProcess fsck = TidemarkProcess.start("--data-dir", dataDir.toString(), "fsck");
        assertThat(fsck.waitFor()).as(fsck.out()).isEqualTo(1);
        assertThat(fsck.out()).contains(earlier + ".json.tmp")
                .contains("settings.json.tmp: an unfinished save left behind")
                .contains("journal/checkpoint.json.tmp: an unfinished save left behind");
    }

    /** fsck finds nothing wrong with the earlier session, and it reads as it did before the disk filled. */
    private void assertEarlierSessionIntact(String id, String shownBefore) throws Exception {
        TidemarkProcess fsck = TidemarkProcess.start("--data-dir", dataDir.toString(), "fsck");
        fsck.waitFor();
        assertThat(fsck.out()).doesNotContain(id);
        assertThat(fsck.err()).doesNotContain("Exception");
        assertThat(show(id)).isEqualTo(shownBefore);
    }

    private String chatDemo(String prompt) throws Exception {
        TidemarkProcess chat = TidemarkProcess.start(Map.of(), FAST_DEMO, "--data-dir", dataDir.toString(),
                "chat", prompt);
        assertThat(chat.waitFor()).as(chat.err()).isZero();
        return chat.err().lines().findFirst().orElseThrow().substring("session ".length());
    }

    private String show(String id) throws Exception {
        TidemarkProcess show = TidemarkProcess.start("--data-dir", dataDir.toString(), "show", id);
        assertThat(show.waitFor()).as(show.err()).isZero();
        return show.out();
    }
}
