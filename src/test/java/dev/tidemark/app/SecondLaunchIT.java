package dev.tidemark.app;

import dev.tidemark.testing.LaunchedProgram;
import dev.tidemark.testing.SlowSseBody;
import dev.tidemark.testing.TidemarkProcess;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real Tidemark JVMs on one data directory (windows headless on Monocle): the second launch
 * brings the first window forward and goes away instead of opening a read-only copy; when the
 * owner cannot answer (a command-line run owns the directory) the second window opens read-only
 * and says so; and the command line still reads while a window owns the directory.
 */
class SecondLaunchIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void secondLaunchBringsTheRunningWindowForwardAndExits() throws Exception {
        try (LaunchedProgram first = LaunchedProgram.start(
                LaunchedProgram.headlessWindow("--data-dir", dataDir.toString()), Map.of())) {
            assertThat(first.awaitLine("tidemark-startup window-ready", LIMIT))
                    .as("first window; stderr: %s", first.err()).isPresent();

            LaunchedProgram second = LaunchedProgram.run(
                    LaunchedProgram.headlessWindow("--data-dir", dataDir.toString()), Map.of(), LIMIT);

            assertThat(second.exitCode()).as("stderr: %s", second.err()).isZero();
            assertThat(second.out()).contains("Tidemark is already running (process " + first.pid()
                    + "); its window was brought to the front.");
            assertThat(second.out()).as("the second launch opened no window").doesNotContain("tidemark-startup");
            assertThat(Files.readString(dataDir.resolve("logs/tidemark.log")))
                    .contains("A second launch asked for the window; it was brought to the front");
            assertThat(first.isAlive()).isTrue();

            // the command line still reads while the window owns the directory
            TidemarkProcess sessions = TidemarkProcess.start("--data-dir", dataDir.toString(), "sessions");
            assertThat(sessions.waitFor()).as("stderr: %s", sessions.err()).isZero();
        }
    }

    @Test
    void aSecondLaunchStillBringsTheWindowForwardWhileHostileClientsHoldTheListener() throws Exception {
        try (LaunchedProgram first = LaunchedProgram.start(
                LaunchedProgram.headlessWindow("--data-dir", dataDir.toString()), Map.of())) {
            assertThat(first.awaitLine("tidemark-startup window-ready", LIMIT))
                    .as("first window; stderr: %s", first.err()).isPresent();
            int port = Integer.parseInt(Files.readString(dataDir.resolve(RunningInstance.FILE_NAME)).strip()
                    .split(" ")[1]);
            ScheduledExecutorService hostile = Executors.newScheduledThreadPool(2);
            try (Socket endless = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket trickling = new Socket(InetAddress.getLoopbackAddress(), port)) {
                AtomicLong sent = new AtomicLong();
                hostile.execute(() -> {
                    byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                    try {
                        OutputStream out = endless.getOutputStream();
                        while (true) {
                            out.write(chunk); // a line that never ends
                            sent.addAndGet(chunk.length);
                        }
                    } catch (IOException cutOff) {
                        // the owner closed the connection
                    }
                });
                hostile.scheduleAtFixedRate(() -> {
                    try {
                        trickling.getOutputStream().write('0'); // a byte now and then
                    } catch (IOException cutOff) {
                        // the owner closed the connection
                    }
                }, 0, 1500, TimeUnit.MILLISECONDS);
                within(LIMIT).until(() -> sent.get() > 0);

                LaunchedProgram second = LaunchedProgram.run(
                        LaunchedProgram.headlessWindow("--data-dir", dataDir.toString()), Map.of(), LIMIT);

                assertThat(second.exitCode()).as("stderr: %s", second.err()).isZero();
                assertThat(second.out()).contains("Tidemark is already running (process " + first.pid()
                        + "); its window was brought to the front.").doesNotContain("read-only");
                assertThat(first.isAlive()).isTrue();
            } finally {
                hostile.shutdownNow();
            }
        }
    }

    @Test
    void secondWindowOpensReadOnlyAndSaysSoWhenTheOwnerDoesNotAnswer() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            words.add("w" + i + " ");
        }
        SlowSseBody body = SlowSseBody.openAi(words, Duration.ofMillis(20));
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(body.response());
            server.start();
            // a command-line chat owns the data directory while it streams; it does not listen for launches
            TidemarkProcess chat = TidemarkProcess.start(Map.of("OPENAI_API_KEY", "sk-test-second-0123456789"),
                    List.of(), "--data-dir", dataDir.toString(), "chat", "--provider", "openai",
                    "--base-url", server.url("/v1").toString(), "--model", "slow-model", "a long story");
            try {
                within(LIMIT).untilAsserted(() -> assertThat(body.sentCount())
                        .as("the chat is streaming; stderr: %s", chat.err()).isGreaterThanOrEqualTo(5));

                LaunchedProgram window = LaunchedProgram.run(LaunchedProgram.headlessWindow(
                        "--data-dir", dataDir.toString(), "--exit-after-first-frame"), Map.of(), LIMIT);

                assertThat(window.exitCode()).as("stderr: %s", window.err()).isZero();
                String note = "Another Tidemark (process " + chat.pid() + ") is using " + dataDir.toAbsolutePath()
                        + " and did not answer; this window opens it read-only.";
                assertThat(window.out()).contains(note).contains("tidemark-startup window-ready");
                assertThat(Files.readString(dataDir.resolve("logs/tidemark.log")))
                        .as("the note reached the window's problem area (and the log)").contains(note);
                assertThat(chat.process().isAlive()).as("the owner was left alone").isTrue();
            } finally {
                chat.killHard();
            }
        }
    }
}
