package dev.tidemark.app;

import dev.tidemark.journal.OwnerLock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets a second launch bring the running Tidemark's window forward, instead of opening the data
 * directory read-only beside it. The window that owns the data directory listens on a loopback
 * port and writes {@code <pid> <port> <token>} to {@value #FILE_NAME} in the data directory (only
 * its user can read it); a second launch reads the file, connects, sends {@code <token> show}, and
 * the owner answers {@code ok} once it has asked its window to come forward. The random token keeps
 * other local processes, which can reach any loopback port, from poking the window.
 */
final class RunningInstance implements AutoCloseable {

    static final String FILE_NAME = "tidemark.instance";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** The longest request a client may send: {@code <32 hex digits> show} and a newline fit with room to spare. */
    static final int MAX_REQUEST = 64;
    /** How long a client has, in all, to send its request line. */
    static final Duration REQUEST_DEADLINE = Duration.ofSeconds(1);
    /** How many clients are served at once; more are turned away (a real launch asks again). */
    private static final int MAX_CLIENTS = 8;

    private final Path file;
    private final ServerSocket server;
    private final Runnable show;
    private final Logger log;
    private final Thread acceptor;
    /** The request that shows the window, {@code <token> show}, compared in constant time. */
    private final byte[] expected;
    private final Semaphore serving = new Semaphore(MAX_CLIENTS);

    private RunningInstance(Path file, ServerSocket server, String token, Runnable show, Logger log) {
        this.file = file;
        this.server = server;
        this.show = show;
        this.log = log;
        this.acceptor = new Thread(this::acceptLoop, "tidemark-instance");
        this.acceptor.setDaemon(true);
        this.expected = (token + " show").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Starts listening for second launches; call only while owning the data directory. Does file
     * and socket work: not on the FX thread.
     *
     * @param show asks the window to come forward (called on the listening thread)
     */
    static RunningInstance listen(Path dataDir, Runnable show, Logger log) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            Path file = dataDir.resolve(FILE_NAME);
            writePrivately(file, ProcessHandle.current().pid() + " " + server.getLocalPort() + " " + token + "\n");
            RunningInstance instance = new RunningInstance(file, server, token, show, log);
            instance.acceptor.start();
            return instance;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Accepts second launches until closed. Whatever a client does (never ends its line, sends a
     * byte now and then, sends garbage), this loop only accepts and hands the client on: each is
     * served on its own short-lived thread, reads at most {@value #MAX_REQUEST} bytes and gets at
     * most {@link #REQUEST_DEADLINE} in all to send them, so no client can hold up a real launch.
     */
    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.log(Level.FINE, "Accepting a second launch failed", e);
                }
                continue;
            }
            if (!serving.tryAcquire()) {
                closeQuietly(client); // too many at once: a real launch retries
                continue;
            }
            try {
                Thread worker = new Thread(() -> {
                    try {
                        serve(client);
                    } finally {
                        serving.release();
                    }
                }, "tidemark-instance-client");
                worker.setDaemon(true);
                worker.start();
            } catch (RuntimeException | Error e) {
                serving.release();
                closeQuietly(client);
                log.log(Level.FINE, "Could not serve a second launch", e);
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            Optional<byte[]> request = readRequest(client, REQUEST_DEADLINE);
            OutputStream answer = client.getOutputStream();
            if (request.isPresent() && MessageDigest.isEqual(expected, request.get())) {
                show.run();
                log.info("A second launch asked for the window; it was brought to the front");
                answer.write(("ok " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            } else {
                answer.write("no\n".getBytes(StandardCharsets.US_ASCII));
            }
            answer.flush();
        } catch (IOException | RuntimeException e) {
            if (!server.isClosed()) {
                log.log(Level.FINE, "A second launch's request failed", e);
            }
        }
    }

    /**
     * The request line without its newline, if one came within {@code deadline} (in all, not per
     * byte) and within {@value #MAX_REQUEST} bytes; empty otherwise.
     */
    static Optional<byte[]> readRequest(Socket client, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        InputStream in = client.getInputStream();
        byte[] line = new byte[MAX_REQUEST];
        int length = 0;
        while (length < MAX_REQUEST) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return Optional.empty();
            }
            client.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            int read;
            try {
                read = in.read(line, length, MAX_REQUEST - length);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (read < 0) {
                return Optional.empty();
            }
            for (int i = length; i < length + read; i++) {
                if (line[i] == '\n') {
                    return Optional.of(Arrays.copyOf(line, i));
                }
            }
            length += read;
        }
        return Optional.empty();
    }

    private static void closeQuietly(Socket client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing was said on it
        }
    }

    /** Stops listening and removes the file, unless a newer owner has written its own since. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing to lose
        }
        try {
            if (read(file).map(e -> e.pid() == ProcessHandle.current().pid()).orElse(false)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a stale file is ignored by the next launch: its pid is not the owner's
        }
    }

    /** What a second launch learned. */
    record Answer(Outcome outcome, Optional<Long> ownerPid) {
        boolean shown() {
            return outcome == Outcome.SHOWN;
        }
    }

    enum Outcome {
        /** No live process owns the data directory (any more): open it as usual. */
        NOT_RUNNING,
        /** The owner brought its window forward. */
        SHOWN,
        /** A live process owns the directory but did not answer (a command-line run, or a stuck window). */
        NO_ANSWER
    }

    /**
     * Asks the window that owns {@code dataDir} to come forward. Waits up to {@code patience} for
     * an owner that is still starting to begin listening. Reads and connects only; writes nothing.
     */
    static Answer askToShow(Path dataDir, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            if (!OwnerLock.isOwned(dataDir)) {
                return new Answer(Outcome.NOT_RUNNING, Optional.empty());
            }
            Optional<Long> owner = OwnerLock.ownerPid(dataDir);
            Optional<Entry> entry = read(dataDir.resolve(FILE_NAME));
            // a file left by an earlier owner names another pid: wait for the current owner's
            if (entry.isPresent() && (owner.isEmpty() || owner.get() == entry.get().pid())) {
                if (ask(entry.get())) {
                    return new Answer(Outcome.SHOWN, Optional.of(entry.get().pid()));
                }
            }
            if (System.nanoTime() > deadline) {
                return new Answer(Outcome.NO_ANSWER, owner);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(Outcome.NO_ANSWER, owner);
            }
        }
    }

    private static boolean ask(Entry entry) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), entry.port()),
                    (int) ANSWER_TIMEOUT.toMillis());
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((entry.token() + " show\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return answer != null && answer.startsWith("ok");
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private record Entry(long pid, int port, String token) {
    }

    private static Optional<Entry> read(Path file) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(new Entry(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), parts[2]));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes the file readable by its owner only (where the file system knows POSIX modes), then moves it in place. */
    private static void writePrivately(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
