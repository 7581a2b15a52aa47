package dev.tidemark.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.tidemark.testing.Waits.within;

/**
 * Any program a test starts the way a user would (an installed launcher, a window in a child JVM),
 * with its output collected as it comes so that a test can wait for a line.
 */
public final class LaunchedProgram implements AutoCloseable {

    /** The environment variables a test must not inherit from the developer's shell. */
    private static final List<String> SCRUBBED = List.of("TIDEMARK_DATA_DIR", "OPENAI_API_KEY", "ANTHROPIC_API_KEY",
            "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    private final List<String> command;
    private final Process process;
    private final TidemarkProcess.StreamCollector out;
    private final TidemarkProcess.StreamCollector err;

    private LaunchedProgram(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.out = new TidemarkProcess.StreamCollector(process.getInputStream());
        this.err = new TidemarkProcess.StreamCollector(process.getErrorStream());
    }

    public static LaunchedProgram start(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        SCRUBBED.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        return new LaunchedProgram(List.copyOf(command), builder.start());
    }

    /** Runs to the end (at most {@code limit}) and returns the exit code. */
    public static LaunchedProgram run(List<String> command, Map<String, String> env, Duration limit)
            throws IOException, InterruptedException {
        LaunchedProgram program = start(command, env);
        program.waitFor(limit);
        return program;
    }

    /**
     * The command that starts Tidemark's window in a child JVM from target/tidemark.jar, headless on
     * Monocle (taken from the test class path), with the startup markers on.
     */
    public static List<String> headlessWindow(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-Dtidemark.startupMarker=true",
                "-cp", TidemarkProcess.jar() + java.io.File.pathSeparator + monocleJar(),
                "dev.tidemark.app.Launcher"));
        command.addAll(List.of(args));
        return command;
    }

    private static Path monocleJar() {
        URL url = LaunchedProgram.class.getClassLoader()
                .getResource("com/sun/glass/ui/monocle/MonoclePlatformFactory.class");
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("openjfx-monocle is not on the test class path: " + url);
        }
        String file = url.getPath(); // file:/…/openjfx-monocle-….jar!/com/…
        try {
            return Path.of(new java.net.URI(file.substring(0, file.indexOf("!/"))));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (at most {@code limit}) for a line of stdout that starts with {@code prefix}. */
    public Optional<String> awaitLine(String prefix, Duration limit) throws InterruptedException {
        try {
            within(limit).until(() -> !process.isAlive() || line(prefix).isPresent());
        } catch (ConditionTimeoutException notYet) {
            return Optional.empty();
        }
        return line(prefix); // once the program has ended, what it printed is all there is
    }

    private Optional<String> line(String prefix) {
        return out.text().lines().filter(l -> l.startsWith(prefix)).findFirst();
    }

    /** Waits for the end (at most {@code limit}, else kills it and fails) and returns the exit code. */
    public int waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + limit
                    + "; stdout: " + out() + "; stderr: " + err());
        }
        out.join(5000);
        err.join(5000);
        return process.exitValue();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String out() {
        return out.text();
    }

    public String err() {
        return err.text();
    }

    /** Ends the program (and anything it started) with SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
