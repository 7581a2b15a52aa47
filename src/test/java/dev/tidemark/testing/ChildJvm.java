package dev.tidemark.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A class's {@code main} run in a child JVM on the test classpath, for the kill tests: the test
 * waits for the lines it prints (its standard output, read as they come; its errors go to the
 * test's), then kills it with SIGKILL. Closing it kills it too, so a failing test leaves no child.
 */
public final class ChildJvm implements AutoCloseable {

    /** How long a child may take to print a line it is waited for (a JVM start on a busy machine included). */
    private static final Duration LINE_PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean ended; // its output is closed: it printed all it will

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "child-out-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main}'s {@code main(args)} in a new JVM on this test's classpath. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // starts faster; the child's speed hardly matters
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        return new ChildJvm(builder.start());
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child is gone: what it printed is in lines
        } finally {
            ended = true;
        }
    }

    /** Waits until the child printed exactly this line; fails when it ended first or took too long. */
    public void waitForLine(String line) {
        waitForLineStartingWith(line + "\n");
    }

    /**
     * Waits until the child printed a line starting with {@code prefix} (a prefix ending in a line
     * break: exactly that line) and returns it; fails when it ended first or took too long.
     */
    public String waitForLineStartingWith(String prefix) {
        Waits.within(LINE_PATIENCE).alias("the child prints '" + prefix.strip() + "'")
                .until(() -> find(prefix).isPresent() || ended);
        return find(prefix).orElseThrow(() -> new AssertionError("the child ended without printing '"
                + prefix.strip() + "'; it printed " + lines));
    }

    private Optional<String> find(String prefix) {
        return lines.stream().filter(l -> (l + "\n").startsWith(prefix)).findFirst();
    }

    /** Kills the child with SIGKILL and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not die of SIGKILL within 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
