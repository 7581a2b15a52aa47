package dev.tidemark.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code target/tidemark.jar} as a child JVM, the way a user runs it. */
public final class TidemarkProcess {

    private final Process process;
    private final StreamCollector out;
    private final StreamCollector err;

    private TidemarkProcess(Process process) {
        this.process = process;
        this.out = new StreamCollector(process.getInputStream());
        this.err = new StreamCollector(process.getErrorStream());
    }

    public static Path jar() {
        String jar = System.getProperty("tidemark.jar");
        if (jar == null) {
            throw new IllegalStateException("run integration tests through 'mvn verify' (tidemark.jar not set)");
        }
        return Path.of(jar);
    }

    /** Starts {@code java [jvmOptions] -jar tidemark.jar args} with extra environment variables. */
    public static TidemarkProcess start(Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        return startWith(List.of(), env, jvmOptions, args);
    }

    /**
     * As {@link #start(Map, List, String...)}, with {@code prefix} before {@code java}: e.g.
     * {@code setpriv --reuid=65534 ...} to run it as another user.
     */
    public static TidemarkProcess startWith(List<String> prefix, Map<String, String> env, List<String> jvmOptions,
                                            String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("TIDEMARK_DATA_DIR");
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().remove("ANTHROPIC_API_KEY");
        builder.environment().putAll(env);
        return new TidemarkProcess(builder.start());
    }

    public static TidemarkProcess start(String... args) throws IOException {
        return start(Map.of(), List.of(), args);
    }

    /** Runs to the end (at most a minute) and returns the exit code. */
    public int waitFor() throws InterruptedException {
        return waitFor(60);
    }

    /** Runs to the end (at most {@code seconds}) and returns the exit code. */
    public int waitFor(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tidemark did not finish within " + seconds + " s; stderr: " + err());
        }
        out.join(5000);
        err.join(5000);
        return process.exitValue();
    }

    public Process process() {
        return process;
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

    /** Kills the process with SIGKILL and waits for it to be gone. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        process.waitFor(30, TimeUnit.SECONDS);
        out.join(5000);
        err.join(5000);
    }

    /** Sends a signal by name (e.g. "INT") with the system's kill command. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    /** Reads a child's output as it comes, so that a test can watch it grow. */
    public static final class StreamCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StreamCollector(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }

        public String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
