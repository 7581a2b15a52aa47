package dev.tidemark.journal.crash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@link KillChild} JVM: started on the test classpath, its report lines read as they come,
 * and killed with SIGKILL (see {@link #sigkill()}) by its own killer thread as its
 * {@link KillPlan} says — as soon as it printed {@code AT}, or after a random delay.
 */
final class ChildProcess {

    /** How long a child may take to reach READY or its injected point before that counts as a hang. */
    private static final long REACH_SECONDS = 60;
    /** Exit code of a process that died of SIGKILL. */
    static final int SIGKILL_EXIT = 128 + 9;

    final KillPlan plan;
    private final Process process;
    private final long startedNanos = System.nanoTime();
    private final List<String> lines = new ArrayList<>(); // guarded by itself
    private final ByteArrayOutputStream err = new ByteArrayOutputStream(); // guarded by itself
    private final CountDownLatch opening = new CountDownLatch(1);
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread outReader;
    private final Thread errReader;
    private final Thread killer;
    private volatile String partialLine = "";
    private volatile String atLine;
    private volatile boolean readyAtKill;
    private volatile String hang;
    private volatile long killedAfterMillis = -1;
    private volatile long openedNanos;
    private volatile long readyNanos;

    private ChildProcess(Process process, KillPlan plan) {
        this.process = process;
        this.plan = plan;
        this.outReader = new Thread(this::readOut, "child-out-" + process.pid());
        this.errReader = new Thread(this::readErr, "child-err-" + process.pid());
        this.killer = new Thread(this::kill, "child-killer-" + process.pid());
        for (Thread t : List.of(outReader, errReader, killer)) {
            t.setDaemon(true);
            t.start();
        }
    }

    /** Starts a child on {@code dataDir} with ids starting with {@code prefix}. */
    static ChildProcess start(Path dataDir, String prefix, long seed, KillPlan plan) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // starts faster; the child's speed hardly matters
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-Xshare:auto");
        if (plan.kind() == KillPlan.Kind.AT_POINT) {
            command.add("-D" + KillProtocol.POINT_PROPERTY + "=" + plan.point().wire);
            command.add("-D" + KillProtocol.COUNT_PROPERTY + "=" + plan.count());
        }
        command.add("-D" + KillProtocol.POLICY_PROPERTY + "=" + plan.policy().name());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KillChild.class.getName());
        command.add(dataDir.toString());
        command.add(prefix);
        command.add(Long.toString(seed));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        return new ChildProcess(builder.start(), plan);
    }

    private void kill() {
        try {
            switch (plan.kind()) {
                case AT_POINT -> awaitLine(stopped, "reach " + plan.point() + " #" + plan.count());
                case RANDOM_AFTER_READY -> {
                    if (awaitLine(ready, "print READY")) {
                        Thread.sleep(plan.delayMillis());
                    }
                }
                case RANDOM_IN_STARTUP -> {
                    if (awaitLine(opening, "print OPENING")) {
                        Thread.sleep(plan.delayMillis());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readyAtKill = ready.getCount() == 0;
        killedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        sigkill();
    }

    /** Waits for a report line; false (and {@link #hang} set) when the child died first or took too long. */
    private boolean awaitLine(CountDownLatch line, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REACH_SECONDS);
        while (!line.await(50, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                if (line.await(1, TimeUnit.SECONDS)) { // its last lines may still be on their way
                    return true;
                }
                hang = "ended by itself (exit code " + process.exitValue() + ") before it could " + what;
                return false;
            }
            if (System.nanoTime() > deadline) {
                hang = "did not " + what + " within " + REACH_SECONDS + " s";
                return false;
            }
        }
        return true;
    }

    /**
     * SIGKILL through the process handle. Not {@link Process#destroyForcibly()}: besides sending the
     * signal it closes the parent's end of the child's stdout, which throws away report lines the
     * child wrote and the parent has not read yet (seen in 7 of 30 kills of a child that writes
     * numbered lines to stdout and to a file) — the parent would then under-report what was
     * acknowledged, and the checks would be weaker than they claim.
     */
    private void sigkill() {
        process.toHandle().destroyForcibly();
    }

    private void readOut() {
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[1 << 16];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    synchronized (lines) {
                        lines.add(text);
                    }
                    if (text.equals("OPENING")) {
                        openedNanos = System.nanoTime();
                        opening.countDown();
                    } else if (text.equals("READY")) {
                        readyNanos = System.nanoTime();
                        ready.countDown();
                    } else if (text.startsWith("AT ")) {
                        atLine = text;
                        stopped.countDown();
                    }
                }
            }
            partialLine = line.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the process is gone
        }
    }

    private void readErr() {
        try (InputStream in = process.getErrorStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (err) {
                    err.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Waits until the child was killed and everything it printed has been read. */
    ChildProcess awaitDeath() throws InterruptedException {
        killer.join();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + process.pid() + " survived SIGKILL for a minute");
        }
        outReader.join(30_000);
        errReader.join(30_000);
        return this;
    }

    /** Kills the child now, whatever its plan (cleanup after a failure). */
    void destroy() {
        killer.interrupt();
        sigkill();
    }

    int exitValue() {
        return process.exitValue();
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** Bytes after the last line break (a child writes whole lines, so this should be empty). */
    String partialLine() {
        return partialLine;
    }

    /** The {@code AT} line, or null when the child never stopped at a point. */
    String atLine() {
        return atLine;
    }

    boolean readyAtKill() {
        return readyAtKill;
    }

    /** Why the child did not get where its plan wanted it, or null. */
    String hang() {
        return hang;
    }

    long killedAfterMillis() {
        return killedAfterMillis;
    }

    /** How long Workspace.open took in the child (OPENING to READY), or -1 when it was killed before READY. */
    long openMillis() {
        return readyNanos == 0 || openedNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(readyNanos - openedNanos);
    }

    long pid() {
        return process.pid();
    }
}
