package dev.tidemark.app;

import dev.tidemark.journal.OwnerLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import static dev.tidemark.testing.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;

/** The handshake between a running window and a second launch, over a real loopback socket and real files. */
class RunningInstanceTest {

    private static final Logger LOG = Logger.getLogger(RunningInstanceTest.class.getName());

    @TempDir
    Path dataDir;

    @Test
    void theOwnerShowsItsWindowWhenAskedWithItsToken() throws Exception {
        AtomicInteger shown = new AtomicInteger();
        try (OwnerLock lock = OwnerLock.tryAcquire(dataDir).orElseThrow();
             RunningInstance instance = RunningInstance.listen(dataDir, shown::incrementAndGet, LOG)) {
            Path file = dataDir.resolve(RunningInstance.FILE_NAME);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            RunningInstance.Answer answer = RunningInstance.askToShow(dataDir, Duration.ofSeconds(5));

            assertThat(answer.outcome()).isEqualTo(RunningInstance.Outcome.SHOWN);
            assertThat(answer.ownerPid()).contains(ProcessHandle.current().pid());
            assertThat(shown).hasValue(1);
        }
    }

    @Test
    void aRequestWithoutTheTokenIsRefusedAndShowsNothing() throws Exception {
        AtomicInteger shown = new AtomicInteger();
        try (OwnerLock lock = OwnerLock.tryAcquire(dataDir).orElseThrow();
             RunningInstance instance = RunningInstance.listen(dataDir, shown::incrementAndGet, LOG)) {
            int port = Integer.parseInt(Files.readString(dataDir.resolve(RunningInstance.FILE_NAME)).strip().split(" ")[1]);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getOutputStream().write("0123456789abcdef show\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(answer).isEqualTo("no");
            }
            assertThat(shown).hasValue(0);
        }
    }

    @Test
    void anOwnerThatDoesNotListenIsReportedAsNotAnswering() throws Exception {
        try (OwnerLock lock = OwnerLock.tryAcquire(dataDir).orElseThrow()) {
            RunningInstance.Answer answer = RunningInstance.askToShow(dataDir, Duration.ofMillis(300));

            assertThat(answer.outcome()).isEqualTo(RunningInstance.Outcome.NO_ANSWER);
            assertThat(answer.ownerPid()).contains(ProcessHandle.current().pid());
        }
    }

    @Test
    void withNoOwnerTheLaunchOpensTheDirectoryItselfAndAStaleFileIsIgnored() throws Exception {
        AtomicInteger shown = new AtomicInteger();
        OwnerLock lock = OwnerLock.tryAcquire(dataDir).orElseThrow();
        RunningInstance instance = RunningInstance.listen(dataDir, shown::incrementAndGet, LOG);
        Path file = dataDir.resolve(RunningInstance.FILE_NAME);
        String written = Files.readString(file);
        instance.close();
        lock.close();
        assertThat(file).as("removed on close").doesNotExist();
        Files.writeString(file, written); // as left by an owner that was killed

        RunningInstance.Answer answer = RunningInstance.askToShow(dataDir, Duration.ofSeconds(5));

        assertThat(answer.outcome()).isEqualTo(RunningInstance.Outcome.NOT_RUNNING);
        assertThat(shown).hasValue(0);
    }

    @Test
    void hostileClientsConnectedAtOnceDoNotKeepARealLaunchFromTheWindow() throws Exception {
        AtomicInteger shown = new AtomicInteger();
        ScheduledExecutorService hostile = Executors.newScheduledThreadPool(2);
        try (OwnerLock lock = OwnerLock.tryAcquire(dataDir).orElseThrow();
             RunningInstance instance = RunningInstance.listen(dataDir, shown::incrementAndGet, LOG);
             Socket endless = new Socket(InetAddress.getLoopbackAddress(), port());
             Socket trickling = new Socket(InetAddress.getLoopbackAddress(), port())) {
            // one sends a line that never ends, as fast as it can, until it is cut off
            AtomicLong sent = new AtomicLong();
            hostile.execute(() -> {
                byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream out = endless.getOutputStream();
                    while (true) {
                        out.write(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException cutOff) {
                    // the owner stopped reading and closed the connection: what it should do
                }
            });
            // the other sends one byte of a plausible request every half second
            hostile.scheduleAtFixedRate(() -> {
                try {
                    trickling.getOutputStream().write('0');
                } catch (IOException cutOff) {
                    // closed by the owner
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            within(Duration.ofSeconds(10)).until(() -> sent.get() > 0);

            RunningInstance.Answer answer = RunningInstance.askToShow(dataDir, Duration.ofSeconds(5));

            assertThat(answer.outcome()).isEqualTo(RunningInstance.Outcome.SHOWN);
            assertThat(shown).hasValue(1);
            // both were refused and cut off; nothing they sent showed the window
            assertThat(new BufferedReader(new InputStreamReader(trickling.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine()).isEqualTo("no");
            RunningInstance.Answer again = RunningInstance.askToShow(dataDir, Duration.ofSeconds(5));
            assertThat(again.outcome()).as("the listener is still alive").isEqualTo(RunningInstance.Outcome.SHOWN);
            assertThat(shown).hasValue(2);
        } finally {
            hostile.shutdownNow();
        }
    }

    @Test
    void aLineLongerThanARequestIsRefusedWithoutWaitingForItsEnd() throws Exception {
        AtomicInteger shown = new AtomicInteger();
        try (OwnerLock lock = OwnerLock.tryAcquire(dataDir).orElseThrow();
             RunningInstance instance = RunningInstance.listen(dataDir, shown::incrementAndGet, LOG);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            String token = Files.readString(dataDir.resolve(RunningInstance.FILE_NAME)).strip().split(" ")[2];
            // the right request, but buried in a line far longer than any request
            socket.getOutputStream().write((token + " show" + " ".repeat(RunningInstance.MAX_REQUEST))
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(answer).isEqualTo("no");
            assertThat(shown).hasValue(0);
        }
    }

    private int port() throws IOException {
        return Integer.parseInt(Files.readString(dataDir.resolve(RunningInstance.FILE_NAME)).strip().split(" ")[1]);
    }
}
