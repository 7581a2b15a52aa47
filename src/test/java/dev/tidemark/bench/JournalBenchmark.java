package dev.tidemark.bench;

import dev.tidemark.journal.ForcePolicy;
import dev.tidemark.journal.Journal;
import dev.tidemark.journal.JournalRecord;
import dev.tidemark.journal.JournalWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group commit against a force per batch, in one process on real files:
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tidemark.bench.JournalBenchmark}.
 *
 * <p>Two workloads: "paced" streams tokens as models do (3 streams at 60 tokens/s for 5 s) and
 * counts forces and what an {@code append} costs the producer; "burst" offers 200,000 tokens as fast
 * as it can and reports the rate. Each policy runs {@code ROUNDS} times; medians are printed.
 */
public final class JournalBenchmark {

    private static final int ROUNDS = 3;
    private static final Instant AT = Instant.parse("2026-11-26T00:00:00Z");

    public static void main(String[] args) throws Exception {
        System.out.printf("%-9s %-6s %12s %12s %14s %14s%n", "policy", "load", "records/s", "forces/s",
                "append p50 µs", "append p99 µs");
        for (ForcePolicy policy : ForcePolicy.values()) {
            List<double[]> paced = new ArrayList<>();
            List<double[]> burst = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                paced.add(paced(policy));
                burst.add(burst(policy));
            }
            print(policy, "paced", paced);
            print(policy, "burst", burst);
        }
    }

    /** 3 streams × 60 tokens/s × 5 s: returns records/s, forces/s, append p50 and p99 in µs. */
    private static double[] paced(ForcePolicy policy) throws Exception {
        Path dir = Files.createTempDirectory("tidemark-bench");
        try (Journal journal = Journal.open(dir, Journal.Options.defaults().withPolicy(policy).withForceInterval(Duration.ofMillis(100)),
                Clock.systemUTC(), p -> { })) {
            int streams = 3;
            int perStream = 300;
            long[] appendNanos = new long[streams * perStream];
            JournalWriter.Stats before = journal.stats();
            long start = System.nanoTime();
            CompletableFuture<Void> last = null;
            for (int i = 0; i < perStream; i++) {
                for (int s = 0; s < streams; s++) {
                    long t0 = System.nanoTime();
                    last = journal.append(new JournalRecord.TextDelta("stream" + s, i + 1, "token "));
                    appendNanos[i * streams + s] = System.nanoTime() - t0;
                }
                long next = start + (i + 1) * TimeUnit.MILLISECONDS.toNanos(1000 / 60);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            last.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            JournalWriter.Stats after = journal.stats();
            Arrays.sort(appendNanos);
            return new double[] {(after.records() - before.records()) / seconds,
                    (after.forces() - before.forces()) / seconds,
                    appendNanos[appendNanos.length / 2] / 1e3, appendNanos[appendNanos.length * 99 / 100] / 1e3};
        } finally {
            deleteTree(dir);
        }
    }

    /** 200,000 tokens offered as fast as possible: returns records/s and forces/s. */
    private static double[] burst(ForcePolicy policy) throws Exception {
        Path dir = Files.createTempDirectory("tidemark-bench");
        try (Journal journal = Journal.open(dir, Journal.Options.defaults().withPolicy(policy).withForceInterval(Duration.ofMillis(100)),
                Clock.systemUTC(), p -> { })) {
            journal.append(new JournalRecord.StreamStarted("s", "session", "demo", "demo", AT)).get();
            JournalWriter.Stats before = journal.stats();
            long start = System.nanoTime();
            CompletableFuture<Void> last = null;
            for (int i = 0; i < 200_000; i++) {
                last = journal.append(new JournalRecord.TextDelta("s", i + 1, "token "));
            }
            last.get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            JournalWriter.Stats after = journal.stats();
            return new double[] {(after.records() - before.records()) / seconds,
                    (after.forces() - before.forces()) / seconds, Double.NaN, Double.NaN};
        } finally {
            deleteTree(dir);
        }
    }

    private static void print(ForcePolicy policy, String load, List<double[]> rounds) {
        double[] median = new double[4];
        for (int k = 0; k < 4; k++) {
            double[] values = new double[rounds.size()];
            for (int r = 0; r < rounds.size(); r++) {
                values[r] = rounds.get(r)[k];
            }
            Arrays.sort(values);
            median[k] = values[values.length / 2];
        }
        System.out.printf("%-9s %-6s %12.0f %12.1f %14s %14s%n", policy.name().toLowerCase(), load, median[0],
                median[1], Double.isNaN(median[2]) ? "-" : String.format("%.1f", median[2]),
                Double.isNaN(median[3]) ? "-" : String.format("%.1f", median[3]));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
